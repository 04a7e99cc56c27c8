"""Ballot operations: create, open (freezing the electorate), close, certify. Voting is in voting.py."""
from sqlalchemy import insert, select

from deliberation.ballot.models import (
    KINDS,
    METHODS,
    THRESHOLDS,
    Ballot,
    CastBallot,
    Elector,
    Question,
)
from deliberation.ballot.results import compute_results, electorate_size, turnout  # noqa: F401 (re-exported)
from deliberation.ballot.sealing import electorate_digest, results_digest
from deliberation.errors import Conflict, Invalid, NotFound
from deliberation.models import Member
from deliberation.models.audit import record
from deliberation.models.timeutil import utcnow
from extensions import db


def _question(raw, position: int) -> Question:
    where = f"questions[{position}]"
    if not isinstance(raw, dict):
        raise Invalid(f"{where} must be an object.", field="questions")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise Invalid(f"{where} needs its 'text'.", field="questions")
    kind = raw.get("kind", "yes_no_abstain")
    if kind not in KINDS:
        raise Invalid(f"{where}: 'kind' must be one of {', '.join(KINDS)}.", field="questions")
    threshold = raw.get("threshold") or "simple"
    if threshold not in THRESHOLDS:
        raise Invalid(f"{where}: 'threshold' must be one of {', '.join(THRESHOLDS)}.", field="questions")
    method = raw.get("method") or "schulze"
    if method not in METHODS:
        raise Invalid(f"{where}: 'method' must be one of {', '.join(METHODS)}.", field="questions")
    options = raw.get("options") or []
    if kind == "ranked":
        if (not isinstance(options, list) or len(options) < 2
                or not all(isinstance(o, str) and o.strip() for o in options)):
            raise Invalid(f"{where}: a ranked question needs at least two options.", field="questions")
        if len(set(options)) != len(options):
            raise Invalid(f"{where}: options must be different from each other.", field="questions")
        if len(options) > 100:
            raise Invalid(f"{where}: at most 100 options.", field="questions")
    else:
        options = []
    return Question(position=position, text=text.strip()[:5000], kind=kind, options=options,
                    threshold=threshold, method=method)


def create_ballot(actor: Member, assembly_id: int | None, title: str, questions, quorum=None) -> Ballot:
    """A ballot in draft: questions fixed, electorate not yet frozen."""
    if not isinstance(title, str) or not title.strip():
        raise Invalid("The ballot needs a title.", field="title")
    if not isinstance(questions, list) or not questions:
        raise Invalid("The ballot needs at least one question.", field="questions")
    if len(questions) > 50:
        raise Invalid("A ballot has at most 50 questions.", field="questions")
    if quorum is not None and (not isinstance(quorum, int) or isinstance(quorum, bool) or quorum < 0):
        raise Invalid("'quorum' must be a whole number of ballots, 0 or more.", field="quorum")
    ballot = new_ballot(actor.id, assembly_id, title, questions, quorum)
    return ballot


def new_ballot(actor_id: int | None, assembly_id: int | None, title: str, questions: list, quorum=None,
               **audit) -> Ballot:
    """Add a draft ballot and its audit row to the current transaction (the caller commits)."""
    built = [_question(q, i) for i, q in enumerate(questions)]
    ballot = Ballot(assembly_id=assembly_id, title=title.strip()[:300], quorum=quorum, created_by=actor_id)
    db.session.add(ballot)
    db.session.flush()
    for q in built:
        q.ballot_id = ballot.id
        db.session.add(q)
    record("ballot.create", f"ballot:{ballot.id}", actor_id, questions=len(built), **audit)
    return ballot


def get_ballot(ballot_id: int) -> Ballot:
    ballot = db.session.get(Ballot, ballot_id)
    if ballot is None:
        raise NotFound(f"There is no ballot {ballot_id}.")
    return ballot


def open_ballot(actor: Member, ballot: Ballot) -> Ballot:
    """Open voting and freeze the electorate: every member eligible at this moment."""
    if ballot.status != "draft":
        raise Conflict(f"The ballot is {ballot.status}; only a draft ballot can open.", code="state")
    db.session.execute(insert(Elector).from_select(
        ["ballot_id", "member_id"],
        select(db.literal(ballot.id), Member.id).where(Member.eligible.is_(True))))
    ballot.status = "open"
    ballot.opened_at = utcnow()
    size = electorate_size(ballot.id)
    record("ballot.open", f"ballot:{ballot.id}", actor.id, electorate=size,
           electorate_sha256=electorate_digest(ballot.id))
    return ballot


def close_ballot(actor: Member, ballot: Ballot) -> Ballot:
    """Stop voting and count; the results are frozen on the ballot row."""
    if ballot.status != "open":
        raise Conflict(f"The ballot is {ballot.status}; only an open ballot can close.", code="state")
    ballot.status = "closed"
    ballot.closed_at = utcnow()
    db.session.flush()
    ballot.results = compute_results(ballot)
    record("ballot.close", f"ballot:{ballot.id}", actor.id, turnout=ballot.results["turnout"],
           results_sha256=results_digest(ballot.results))
    return ballot


def certify(actor: Member, ballot: Ballot) -> Ballot:
    """The returning officer vouches for the results; the audit entry names the results' digest."""
    if ballot.status != "closed":
        raise Conflict("Only a closed ballot can be certified.", code="state")
    ballot.status = "certified"
    ballot.certified_at = utcnow()
    ballot.certified_by = actor.id
    record("ballot.certify", f"ballot:{ballot.id}", actor.id, results_sha256=results_digest(ballot.results))
    return ballot


def trackers(ballot: Ballot) -> list[str]:
    return sorted(db.session.scalars(select(CastBallot.tracker).where(CastBallot.ballot_id == ballot.id)))
