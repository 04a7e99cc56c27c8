"""API: import the membership roll as CSV (admins and returning officers, as on the roll page)."""
from flask import jsonify, request
from flask_babel import gettext as _

from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member
from deliberation.auth.permissions import is_returning_officer
from deliberation.errors import Forbidden, Invalid
from deliberation.people.roll.importer import import_roll


@bp.post("/members/import")
def api_import_roll():
    member = acting_member()
    if not is_returning_officer(member):
        raise Forbidden(_("Only an admin or a returning officer may import the membership roll."))
    try:
        text = request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid(_("The CSV must be UTF-8."), code="encoding") from None
    if not text.strip():
        raise Invalid(_("The CSV is empty."), code="missing_body")
    return jsonify(import_roll(text, member.id).to_dict())
