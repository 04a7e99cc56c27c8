"""API: proposals and their live text."""
from flask import jsonify

from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member, field, json_body, text_field
from deliberation.live.store import live_text
from deliberation.lookup import get_assembly
from deliberation.proposals.services import (
    create_proposal,
    get_proposal,
    get_readable_proposal,
    save_text,
    submit_proposal,
)


def proposal_json(proposal) -> dict:
    return {"id": proposal.id, "assembly_id": proposal.assembly_id, "title": proposal.title,
            "group_id": proposal.group_id, "room": proposal.room, "status": proposal.status,
            "base_version_id": proposal.base_version_id, "version_id": proposal.version_id,
            "text": live_text(proposal.room)}


@bp.post("/assemblies/<int:assembly_id>/proposals")
def api_create_proposal(assembly_id: int):
    member = acting_member()
    assembly = get_assembly(assembly_id)
    data = json_body()
    proposal = create_proposal(member, assembly, field(data, "group_id", int),
                               text_field(data, "title", max_len=300),
                               text_field(data, "text", required=False, default=None))
    return jsonify({"id": proposal.id, "room": proposal.room}), 201


@bp.get("/proposals/<int:proposal_id>")
def api_get_proposal(proposal_id: int):
    return jsonify(proposal_json(get_readable_proposal(acting_member(), proposal_id)))


@bp.put("/proposals/<int:proposal_id>/text")
def api_put_proposal_text(proposal_id: int):
    member = acting_member()
    proposal = get_proposal(proposal_id)
    save_text(member, proposal, text_field(json_body(), "text"))
    return jsonify(proposal_json(proposal))


@bp.post("/proposals/<int:proposal_id>/submit")
def api_submit_proposal(proposal_id: int):
    member = acting_member()
    proposal = submit_proposal(member, get_proposal(proposal_id))
    return jsonify({"version_id": proposal.version_id})
