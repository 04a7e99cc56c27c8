"""API: import the membership roll as CSV."""
from flask import jsonify, request

from deliberation.api import bp
from deliberation.api.helpers import acting_member
from deliberation.auth.permissions import is_admin
from deliberation.errors import Forbidden, Invalid
from deliberation.people.roll import import_roll


@bp.post("/members/import")
def api_import_roll():
    member = acting_member()
    if not is_admin(member):
        raise Forbidden("Only an admin may import the membership roll.")
    try:
        text = request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid("The CSV must be UTF-8.", code="encoding") from None
    if not text.strip():
        raise Invalid("The CSV is empty.", code="missing_body")
    return jsonify(import_roll(text, member.id).to_dict())
