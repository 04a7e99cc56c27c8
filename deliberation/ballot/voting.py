"""Casting a vote: the hot path of an all-member ballot, kept apart from the ballot's lifecycle."""
import secrets

from flask import current_app
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from deliberation.ballot.counting import AnswerError, compact_parser, parse_yes_no
from deliberation.ballot.models import Ballot, CastBallot, Elector, Participation
from deliberation.errors import Conflict, Forbidden, Invalid
from deliberation.models import Member
from deliberation.models.timeutil import utcnow
from extensions import db


def answer_checker(ballot: Ballot):
    """One function checking a whole list of answers, built once per open ballot and process:
    questions never change after opening, and this is the hot path of a large vote.
    It returns the answers as stored: "yes"/"no"/"abstain", a ranking as its code (counting/compact.py)."""
    cache = current_app.extensions.setdefault("refound.ballot_checkers", {})
    key = (ballot.id, ballot.opened_at)
    check = cache.get(key)
    if check is None:
        parsers = [parse_yes_no if q.kind == "yes_no_abstain" else compact_parser(q.options)
                   for q in ballot.questions]
        count = len(parsers)

        def check(answers):
            if not isinstance(answers, list) or len(answers) != count:
                raise Invalid(f"'answers' must be a list with one answer for each of the {count} questions.",
                              field="answers")
            try:
                return [p(a) for p, a in zip(parsers, answers)]
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
    canonical = answer_checker(ballot)(answers)
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
