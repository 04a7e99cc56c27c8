"""The audit log page: returning officers and admins read every entry, newest first, a page at a
time, filtered by action, subject or who acted. Everyone else gets 403 (members hold the head,
which the assembly page and the results publish, not the entries)."""
from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from deliberation.audit import listing, views
from deliberation.audit.blueprint import bp
from deliberation.auth.permissions import is_returning_officer
from deliberation.errors import Invalid, ServiceError
from deliberation.models import Member
from deliberation.models.audit import published_head
from extensions import db

PER_PAGE = 50


def _filters() -> listing.Filters:
    filters = listing.check(request.args.get("action", ""), request.args.get("subject", ""))
    email = request.args.get("actor", "").strip().lower()
    if not email:
        return filters
    actor_id = db.session.scalar(db.select(Member.id).where(Member.email == email[:254]))
    if actor_id is None:
        raise Invalid(_("No member has the email address %(email)s.", email=email[:254]), field="actor")
    return listing.Filters(filters.action, filters.subject, actor_id)


def _before() -> int | None:
    raw = request.args.get("before", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**62 else None


@bp.route("/audit")
@login_required
def log():
    if not is_returning_officer(current_user):
        abort(403)
    error, status = None, 200
    try:
        filters = _filters()
    except ServiceError as err:
        error, status, filters = err, err.status, None
    rows, next_before = listing.entries(filters, PER_PAGE, before=_before()) if filters else ([], None)
    args = {k: v for k, v in request.args.items() if k in ("action", "subject", "actor") and v}
    return render_template("audit/log.html", entries=[views.present(*row) for row in rows],
                           next_before=next_before, newest=_before() is None, head=published_head(),
                           error=error, args=args), status
