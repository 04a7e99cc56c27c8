"""API: member petitions for an all-member ballot on a submitted proposal."""
from flask import jsonify

from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member
from deliberation.api.openapi import ROUTES
from deliberation.ballot.petitions.models import Petition
from deliberation.ballot.petitions.services import (
    counts,
    get_petition,
    has_supported,
    petition_for,
    support_petition,
)
from deliberation.errors import NotFound
from deliberation.models import Member
from deliberation.proposals.services import get_proposal

ROUTES.extend([
    ("post", "/proposals/{id}/petition", ("Start (201) or support (200) a petition for an all-member ballot "
                                          "on a submitted proposal (eligible member)"), None, 201, "Petition",
     {"also": [200]}),
    ("get", "/proposals/{id}/petition", "The petition on a proposal", None, 200, "Petition"),
    ("get", "/petitions/{id}", "A petition with its support counts", None, 200, "Petition"),
])


def petition_json(petition: Petition, member: Member) -> dict:
    return {"id": petition.id, "proposal_id": petition.proposal_id, **counts(petition),
            "needed": {"members": petition.members_needed, "groups": petition.groups_needed},
            "reached": petition.reached_at is not None, "ballot_id": petition.ballot_id,
            "supported": has_supported(member, petition)}


@bp.post("/proposals/<int:proposal_id>/petition")
def api_support_petition(proposal_id: int):
    member = acting_member()
    petition, started = support_petition(member, get_proposal(proposal_id))
    return jsonify(petition_json(petition, member)), (201 if started else 200)


@bp.get("/proposals/<int:proposal_id>/petition")
def api_proposal_petition(proposal_id: int):
    member = acting_member()
    petition = petition_for(get_proposal(proposal_id).id)
    if petition is None:
        raise NotFound(f"Proposal {proposal_id} has no petition yet.")
    return jsonify(petition_json(petition, member))


@bp.get("/petitions/<int:petition_id>")
def api_get_petition(petition_id: int):
    member = acting_member()
    return jsonify(petition_json(get_petition(petition_id), member))
