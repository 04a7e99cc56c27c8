"""API: ballots, votes, results and the tracker bulletin board."""
from flask import jsonify

from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member, bearer_token, field, json_body, text_field
from deliberation.api.rate_limits import spend, token_key
from deliberation.auth.permissions import is_chair, is_returning_officer
from deliberation.auth.permissions import may_run_ballot as may_run
from deliberation.ballot.models import Ballot
from deliberation.ballot.sealing import published_seal
from deliberation.ballot.services import (
    certify,
    close_ballot,
    create_ballot,
    electorate_size,
    get_ballot,
    open_ballot,
    trackers,
    turnout,
)
from deliberation.ballot.voting import vote_with_token
from deliberation.errors import Conflict, Forbidden
from deliberation.lookup import get_assembly


def ballot_json(ballot: Ballot, member) -> dict:
    body = {"id": ballot.id, "assembly_id": ballot.assembly_id, "title": ballot.title,
            "status": ballot.status, "quorum": ballot.quorum,
            "questions": [{"text": q.text, "kind": q.kind, "options": q.options, "threshold": q.threshold,
                           "method": q.method} for q in ballot.questions]}
    if ballot.status != "draft" and may_run(member, ballot):
        body["turnout"] = turnout(ballot.id)
        body["electorate"] = electorate_size(ballot.id)
    return body


@bp.post("/assemblies/<int:assembly_id>/ballots")
def api_create_ballot(assembly_id: int):
    member = acting_member()
    assembly = get_assembly(assembly_id)
    if not (is_returning_officer(member) or is_chair(member, assembly.id)):
        raise Forbidden("Only a chair of this assembly or a returning officer may create a ballot.")
    data = json_body()
    ballot = create_ballot(member, assembly.id, text_field(data, "title", max_len=300),
                           field(data, "questions", list), field(data, "quorum", int, required=False))
    return jsonify({"id": ballot.id}), 201


@bp.get("/ballots/<int:ballot_id>")
def api_get_ballot(ballot_id: int):
    member = acting_member()
    return jsonify(ballot_json(get_ballot(ballot_id), member))


@bp.post("/ballots/<int:ballot_id>/open")
def api_open_ballot(ballot_id: int):
    member = acting_member()
    ballot = get_ballot(ballot_id)
    if not may_run(member, ballot):
        raise Forbidden("Only a returning officer may open this ballot.")
    return jsonify(ballot_json(open_ballot(member, ballot), member))


@bp.post("/ballots/<int:ballot_id>/close")
def api_close_ballot(ballot_id: int):
    member = acting_member()
    ballot = get_ballot(ballot_id)
    if not may_run(member, ballot):
        raise Forbidden("Only a returning officer may close this ballot.")
    return jsonify(ballot_json(close_ballot(member, ballot), member))


@bp.post("/ballots/<int:ballot_id>/certify")
def api_certify_ballot(ballot_id: int):
    member = acting_member()
    if not is_returning_officer(member):
        raise Forbidden("Only a returning officer may certify results.")
    return jsonify(ballot_json(certify(member, get_ballot(ballot_id)), member))


@bp.post("/ballots/<int:ballot_id>/votes")
def api_vote(ballot_id: int):
    token = bearer_token()
    spend("voting", token_key(token))
    tracker = vote_with_token(ballot_id, token, field(json_body(), "answers", list))
    return jsonify({"tracker": tracker}), 201


def _closed(ballot: Ballot) -> None:
    if ballot.status not in ("closed", "certified"):
        raise Conflict("Results and trackers are published when the ballot closes.", code="not_closed")


@bp.get("/ballots/<int:ballot_id>/results")
def api_results(ballot_id: int):
    acting_member()
    ballot = get_ballot(ballot_id)
    _closed(ballot)
    return jsonify(ballot.results | {"status": ballot.status} | published_seal(ballot))


@bp.get("/ballots/<int:ballot_id>/trackers")
def api_trackers(ballot_id: int):
    acting_member()
    ballot = get_ballot(ballot_id)
    _closed(ballot)
    return jsonify({"trackers": trackers(ballot), "checks": ballot.results["checks"]})
