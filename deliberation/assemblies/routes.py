"""Assembly pages: the numbered draft with everything filed against it, and phase changes."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from amendments.services.versions import get_version
from amendments.services.views import amendment_rows
from deliberation.assemblies.blueprint import bp
from deliberation.assemblies.services import chairs_of, set_phase
from deliberation.auth.forms import EmptyForm, require_csrf
from deliberation.auth.permissions import can_read_proposal, is_chair, is_organiser, is_returning_officer
from deliberation.ballot.models import Ballot
from deliberation.errors import ServiceError
from deliberation.lookup import get_assembly
from deliberation.models import PHASES, Group, Proposal
from deliberation.models.audit import published_head
from deliberation.web import ui
from extensions import db

ui.install(bp)


def _page(assembly, phase_error=None, status=200):
    proposals = [p for p in db.session.scalars(db.select(Proposal).where(Proposal.assembly_id == assembly.id)
                                               .order_by(Proposal.id)) if can_read_proposal(current_user, p)]
    ballots = db.session.scalars(db.select(Ballot).where(Ballot.assembly_id == assembly.id)
                                 .order_by(Ballot.id)).all()
    organised = [g for g in db.session.scalars(db.select(Group).order_by(Group.name))
                 if is_organiser(current_user, g.id)] if assembly.phase == "proposals" else []
    version = get_version(assembly.current_version_id)
    chair = is_chair(current_user, assembly.id)
    return render_template(
        "assemblies/show.html", assembly=assembly, version=version, lines=ui.numbered_lines(version.text),
        proposals=proposals, amendments=amendment_rows(assembly.id), ballots=ballots,
        chairs=chairs_of(assembly.id), is_chair=chair, may_ballot=chair or is_returning_officer(current_user),
        organised_groups=organised, phases=PHASES, phase_error=phase_error, form=EmptyForm(),
        audit_head=published_head()), status


@bp.route("/assemblies/<int:assembly_id>")
@login_required
def show(assembly_id: int):
    return _page(get_assembly(assembly_id))


@bp.route("/assemblies/<int:assembly_id>/phase", methods=["POST"])
@login_required
def change_phase(assembly_id: int):
    """Chairs move the assembly to any phase; the service audits the move."""
    require_csrf()
    assembly = get_assembly(assembly_id)
    if not is_chair(current_user, assembly.id):
        abort(403)
    try:
        set_phase(current_user, assembly, request.form.get("phase", ""))
    except ServiceError as err:
        return _page(assembly, phase_error=err.message, status=err.status)
    flash(_("The assembly is now in the %(phase)s phase.", phase=ui.phase_name(assembly.phase)))
    return redirect(url_for("assemblies.show", assembly_id=assembly.id))
