"""Ballot operations: create, open (freezing the electorate), vote, close, certify."""
import json
import secrets
from collections import Counter

from flask import current_app
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from deliberation.ballot.counting import AnswerError, parse_yes_no, ranking_parser
from deliberation.ballot.models import (
    KINDS,
    METHODS,
    THRESHOLDS,
    Ballot,
    CastBallot,
    Elector,
    Participation,
    Question,
)
from deliberation.ballot.tally import tally
from deliberation.errors import Conflict, Forbidden, Invalid, NotFound
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
    db.session.commit()
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
    record("ballot.open", f"ballot:{ballot.id}", actor.id, electorate=size)
    db.session.commit()
    return ballot


def electorate_size(ballot_id: int) -> int:
    return db.session.scalar(select(db.func.count(Elector.id)).where(Elector.ballot_id == ballot_id))


def turnout(ballot_id: int) -> int:
    return db.session.scalar(select(db.func.count()).select_from(Participation).where(Participation.ballot_id == ballot_id))


def _checker(ballot: Ballot):
    """One function checking a whole list of answers, built once per open ballot and process:
    questions never change after opening, and this is the hot path of a large vote."""
    cache = current_app.extensions.setdefault("refound.ballot_checkers", {})
    key = (ballot.id, ballot.opened_at)
    check = cache.get(key)
    if check is None:
        parsers = [parse_yes_no if q.kind == "yes_no_abstain" else ranking_parser(q.options)
                   for q in ballot.questions]
        count = len(parsers)

        def check(answers):
            if not isinstance(answers, list) or len(answers) != count:
                raise Invalid(f"'answers' must be a list with one answer for each of the {count} questions.",
                              field="answers")
            try:
                return [p(a) if p is parse_yes_no else [list(g) for g in p(a)] for p, a in zip(parsers, answers)]
            except AnswerError as err:
                raise Invalid(str(err), code="invalid_answer", field="answers") from None
        if len(cache) > 1000:
            cache.clear()
        cache[key] = check
    return check


# The vote's statements, built once (their compiled form and cache key are then reused).
_LOCK_OPEN = select(Ballot.status).where(Ballot.id == db.bindparam("b")).with_for_update(read=True)
_STATUS = select(Ballot.status).where(Ballot.id == db.bindparam("b"))
_PARTICIPATE = (insert(Participation).from_select(
    ["ballot_id", "member_id", "hour"],
    select(Elector.ballot_id, Elector.member_id, db.bindparam("hour", type_=db.DateTime))
    .join(Ballot, Ballot.id == Elector.ballot_id)
    .where(Elector.ballot_id == db.bindparam("b"), Elector.member_id == db.bindparam("m"),
           Ballot.status == "open"))).execution_options(preserve_rowcount=True)
_CAST = insert(CastBallot).values(id=db.bindparam("id"), ballot_id=db.bindparam("b"),
                                  tracker=db.bindparam("tracker"), answers=db.bindparam("answers", type_=db.JSON))


def cast_vote(member: Member, ballot: Ballot, answers) -> str:
    """Record one secret ballot and the fact that this member voted, in one transaction.

    The participation row is copied from the frozen electorate (INSERT ... SELECT), so one
    statement checks membership of the electorate and, through the primary key, forbids a
    second vote even under concurrency. On PostgreSQL the ballot row is share-locked first,
    so a concurrent close waits for votes in flight and counts every one that committed;
    on SQLite the write lock does the same.
    """
    if ballot.status != "open":
        raise Conflict("This ballot is not open for voting.", code="not_open")
    canonical = _checker(ballot)(answers)
    params = {"b": ballot.id, "m": member.id}
    tracker = secrets.token_hex(10)
    session = db.session
    connection = session.connection()
    try:
        if connection.dialect.name == "postgresql" and connection.execute(_LOCK_OPEN, params).scalar() != "open":
            added = 0
        else:
            added = connection.execute(_PARTICIPATE, params | {
                "hour": utcnow().replace(minute=0, second=0, microsecond=0)}).rowcount
        if added != 1:
            session.rollback()
            if session.connection().execute(_STATUS, params).scalar() != "open":
                raise Conflict("This ballot is not open for voting.", code="not_open")
            raise Forbidden("You are not on this ballot's electorate.", code="not_in_electorate")
        connection.execute(_CAST, {"id": secrets.token_hex(16), "b": ballot.id, "tracker": tracker,
                                   "answers": canonical})
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict("You have already voted in this ballot.", code="already_voted") from None
    return tracker


def has_voted(member: Member, ballot: Ballot) -> bool:
    return db.session.get(Participation, (ballot.id, member.id)) is not None


def close_ballot(actor: Member, ballot: Ballot) -> Ballot:
    """Stop voting and count; the results are frozen on the ballot row."""
    if ballot.status != "open":
        raise Conflict(f"The ballot is {ballot.status}; only an open ballot can close.", code="state")
    ballot.status = "closed"
    ballot.closed_at = utcnow()
    db.session.flush()
    ballot.results = compute_results(ballot)
    record("ballot.close", f"ballot:{ballot.id}", actor.id, turnout=ballot.results["turnout"])
    db.session.commit()
    return ballot


def certify(actor: Member, ballot: Ballot) -> Ballot:
    if ballot.status != "closed":
        raise Conflict("Only a closed ballot can be certified.", code="state")
    ballot.status = "certified"
    ballot.certified_at = utcnow()
    ballot.certified_by = actor.id
    record("ballot.certify", f"ballot:{ballot.id}", actor.id)
    db.session.commit()
    return ballot


def compute_results(ballot: Ballot) -> dict:
    """Count every cast ballot; check trackers == participation == ballots.

    Identical ballots are grouped on their stored JSON text before decoding (in one call),
    so 100,000 yes/no ballots decode as three answers and ranked ones as their distinct rankings.
    """
    raw = db.cast(CastBallot.answers, db.Text)
    grouped = Counter(db.session.scalars(select(raw).where(CastBallot.ballot_id == ballot.id)))
    decoded = list(zip(json.loads("[" + ",".join(grouped) + "]"), grouped.values()))
    cast = sum(n for _answers, n in decoded)
    voted = turnout(ballot.id)
    trackers = db.session.scalar(select(db.func.count(CastBallot.tracker)).where(CastBallot.ballot_id == ballot.id))
    hours = Counter()
    for hour, n in db.session.execute(select(Participation.hour, db.func.count()).where(
            Participation.ballot_id == ballot.id).group_by(Participation.hour)):
        hours[hour.isoformat() + "Z" if hour else "unknown"] += n
    per_question = []
    for q in ballot.questions:
        counts = Counter()
        for answers, n in decoded:
            answer = answers[q.position]
            counts[answer if q.kind == "yes_no_abstain" else tuple(map(tuple, answer))] += n
        per_question.append(tally(q, counts, ballot.quorum, voted))
    return {
        "turnout": voted,
        "electorate": electorate_size(ballot.id),
        "quorum": ballot.quorum,
        "checks": {"trackers": trackers, "participation": voted, "ballots": cast,
                   "consistent": trackers == voted == cast},
        "turnout_by_hour": sorted(hours.items()),
        "questions": per_question,
    }


def trackers(ballot: Ballot) -> list[str]:
    return sorted(db.session.scalars(select(CastBallot.tracker).where(CastBallot.ballot_id == ballot.id)))
