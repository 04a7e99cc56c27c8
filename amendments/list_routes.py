"""An assembly's amendments as a list members and chairs can filter, sort and page through."""
from flask import render_template, request
from flask_login import login_required

from amendments.blueprint import bp
from amendments.models import AMENDMENT_STATUSES
from amendments.services.listing import SORTS, Filters, list_amendments, parse_filters
from deliberation.errors import ServiceError
from deliberation.lookup import get_assembly
from deliberation.models import Group
from extensions import db


@bp.route("/assemblies/<int:assembly_id>/amendments")
@login_required
def list_page(assembly_id: int):
    assembly = get_assembly(assembly_id)
    error, status = None, 200
    try:
        filters = parse_filters(request.args)
    except ServiceError as err:
        error, status, filters = err, err.status, Filters()
    listing = list_amendments(assembly, filters)
    groups = db.session.scalars(db.select(Group).order_by(Group.name)).all()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("amendments/list.html", assembly=assembly, listing=listing, f=filters, error=error,
                           statuses=AMENDMENT_STATUSES, sorts=SORTS, groups=groups, args=args), status
