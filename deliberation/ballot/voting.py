"""Casting a vote: the hot path of an all-member ballot, kept apart from the ballot's lifecycle."""
from flask import current_app
from flask_babel import gettext as _

from deliberation.ballot.ballot_box import BallotBox, ballot_box
from deliberation.ballot.counting import AnswerError, compact_parser, parse_yes_no
from deliberation.ballot.models import Ballot, Participation
from deliberation.errors import Conflict, Invalid, NotFound
from deliberation.models import ApiToken, Member
from deliberation.unit_of_work import UnitOfWork
from extensions import db


def answer_checker(ballot: Ballot, cache: dict | None = None):
    """One function checking a whole list of answers, built once per open ballot and process:
    questions never change after opening, and this is the hot path of a large vote.
    It returns the answers as stored: "yes"/"no"/"abstain", a ranking as its code (counting/compact.py)."""
    if cache is None:
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
                return [p(a) for p, a in zip(parsers, answers, strict=True)]
            except AnswerError as err:
                raise Invalid(str(err), code="invalid_answer", field="answers") from None
        if len(cache) > 1000:
            cache.clear()
        cache[key] = check
    return check


def cast_vote(member: Member, ballot: Ballot, answers, *, uow: UnitOfWork | None = None,
              box: BallotBox | None = None) -> str:
    """Record one secret ballot and the fact that this member voted; return the voter's tracker.

    The ballot box (ballot_box.py) stores it with other votes arriving at the same moment,
    in one transaction of its own, and answers only once it is committed. So the request's
    transaction ends first, here: it must not hold a pooled connection (or SQLite's write
    lock) while it waits for the box. The one commit the request hook does not own.
    """
    if ballot.status != "open":
        raise Conflict(_("This ballot is not open for voting."), code="not_open")
    box = box or ballot_box()
    canonical = answer_checker(ballot, box.checkers)(answers)
    ballot_id, member_id = ballot.id, member.id
    (uow or UnitOfWork()).commit()
    return box.cast(ballot_id, member_id, canonical)


def vote_with_token(ballot_id: int, token: str, answers) -> str:
    """The API's hot path, for a large vote: the request does no database work of its own. The
    open ballot's checker is kept per process, and the ballot box checks the voter's token with
    the others in its batch (so a bad token's 401 comes after the ballot and answer checks)."""
    canonical = _open_ballot_checker(ballot_id)(answers)
    UnitOfWork().commit()  # as in cast_vote: hands the connection back to the pool before waiting
    return ballot_box().cast(ballot_id, None, canonical, token_digest=ApiToken.digest_of(token))


def _open_ballot_checker(ballot_id: int):
    """The answer checker of an open ballot; a ballot that closed since is refused by the box."""
    cache = current_app.extensions.setdefault("refound.open_ballots", {})
    check = cache.get(ballot_id)
    if check is None:
        ballot = db.session.get(Ballot, ballot_id)
        if ballot is None:
            raise NotFound(_("There is no ballot %(ballot_id)s.", ballot_id=ballot_id))
        if ballot.status != "open":
            raise Conflict(_("This ballot is not open for voting."), code="not_open")
        check = answer_checker(ballot)
        if len(cache) > 1000:
            cache.clear()
        cache[ballot_id] = check
    return check


def has_voted(member: Member, ballot: Ballot) -> bool:
    return db.session.get(Participation, (ballot.id, member.id)) is not None
