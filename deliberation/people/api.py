"""API: groups and their members."""
from flask import jsonify

from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member, json_body, text_field
from deliberation.auth.permissions import is_admin, is_organiser
from deliberation.errors import Forbidden
from deliberation.people.services import add_to_group, create_group


@bp.post("/groups")
def api_create_group():
    member = acting_member()
    if not is_admin(member):
        raise Forbidden("Only an admin may create a group.")
    data = json_body()
    group = create_group(member, text_field(data, "name", max_len=200),
                         text_field(data, "region", required=False, max_len=200))
    return jsonify({"id": group.id, "name": group.name, "region": group.region}), 201


@bp.post("/groups/<int:group_id>/members")
def api_add_member(group_id: int):
    member = acting_member()
    if not is_organiser(member, group_id):
        raise Forbidden("Only an admin or the group's organisers may add members to it.")
    data = json_body()
    role = text_field(data, "role", required=False, default="member", max_len=16)
    if role == "organiser" and not is_admin(member):
        raise Forbidden("Only an admin may make organisers.")
    row = add_to_group(member, group_id, text_field(data, "email", max_len=254), role)
    return jsonify({"group_id": row.group_id, "member_id": row.member_id, "role": row.role}), 201
