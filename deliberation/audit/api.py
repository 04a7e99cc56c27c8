"""API: the chain's head for any member to hold; the entries themselves for returning officers
and admins (enough to re-check every hash outside Refound: README, "The audit log")."""
from flask import jsonify, request
from flask_babel import gettext as _

from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member
from deliberation.audit import listing
from deliberation.auth.permissions import is_returning_officer
from deliberation.errors import Forbidden, Invalid
from deliberation.models.audit import published_head

DEFAULT_LIMIT = 100


def _number(name: str, low: int, high: int, default: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise Invalid(_("'%(name)s' must be a whole number from %(low)s to %(high)s.", name=name, low=low,
                        high=high),
                      code="invalid_field", field=name)
    return int(raw)


@bp.get("/audit/head")
def api_audit_head():
    """The head now: its position, hash and time, for a scrutineer to take down."""
    acting_member()
    return jsonify(published_head())


@bp.get("/audit/events")
def api_audit_events():
    """Entries, newest first (`before`) or oldest first (`after`), filtered; returning officers only."""
    member = acting_member()
    if not is_returning_officer(member):
        raise Forbidden(_("Only a returning officer or an admin may read the audit log."))
    filters = listing.check(request.args.get("action", ""), request.args.get("subject", ""))
    filters = listing.Filters(filters.action, filters.subject, _number("actor_id", 1, 2**62))
    before, after = _number("before", 1, 2**62), _number("after", 0, 2**62)
    if before is not None and after is not None:
        raise Invalid(_("Send either 'before' or 'after', not both."), code="invalid_field", field="before")
    limit = _number("limit", 1, listing.MAX_LIMIT, DEFAULT_LIMIT)
    rows, next_from = listing.entries(filters, limit, before=before, after=after)
    return jsonify({"events": [listing.entry_json(*row) for row in rows],
                    ("next_after" if after is not None else "next_before"): next_from,
                    "head": published_head()})
