"""API: the caller's own notifications, and marking them read."""
from flask import jsonify, request
from flask_babel import gettext as _

from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member, field, json_body
from deliberation.errors import Invalid
from deliberation.notifications.services import (
    MAX_IDS,
    mark_all_read,
    mark_read,
    notifications_page,
    unread_count,
)
from deliberation.notifications.views import present

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no")


def _flag(name: str) -> bool:
    raw = request.args.get(name)
    if raw is None or raw.lower() in _FALSE:
        return False
    if raw.lower() in _TRUE:
        return True
    raise Invalid(_("'%(name)s' must be true or false.", name=name), code="invalid_field", field=name)


def _number(name: str, default: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= high:
        raise Invalid(_("'%(name)s' must be a whole number from 1 to %(high)s.", name=name, high=high),
                      code="invalid_field", field=name)
    return int(raw)


@bp.get("/notifications")
def api_notifications():
    """The caller's notifications, newest first; `unread=true` keeps to the unread ones."""
    member = acting_member()
    unread_only = _flag("unread")
    page, per_page = _number("page", 1, 10**9), _number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    rows, total = notifications_page(member.id, page, per_page, unread_only)
    return jsonify({"notifications": [present(*row) for row in rows], "unread": unread_count(member.id),
                    "total": total, "page": page, "per_page": per_page})


@bp.post("/notifications/read")
def api_mark_read():
    """Mark some of the caller's notifications read ({"ids": [...]}) or all of them ({"all": true})."""
    member = acting_member()
    data = json_body()
    everything = field(data, "all", bool, required=False, default=False)
    ids = field(data, "ids", list, required=not everything)
    if everything and ids is not None:
        raise Invalid(_("Send either 'ids' or 'all', not both."), code="invalid_field", field="ids")
    if everything:
        mark_all_read(member.id)
    else:
        if len(ids) > MAX_IDS:
            raise Invalid(_("'ids' may list at most %(n)s notifications.", n=MAX_IDS), code="too_long",
                          field="ids")
        if not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**62 for i in ids):
            raise Invalid(_("'ids' must be a list of notification ids."), code="invalid_field", field="ids")
        mark_read(member.id, ids)
    return jsonify({"unread": unread_count(member.id)})
