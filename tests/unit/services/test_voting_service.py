"""Casting a vote through a fake unit of work and a fake ballot box: no database, no app."""
from datetime import datetime

import pytest

from deliberation.ballot.models import Ballot, Question
from deliberation.ballot.voting import cast_vote
from deliberation.errors import Conflict, Invalid
from deliberation.models import Member
from tests.unit.services.fakes import FakeUnitOfWork


class FakeBallotBox:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow, self.checkers, self.cast_slips = uow, {}, []

    def cast(self, ballot_id: int, member_id: int, answers: list) -> str:
        assert self.uow.committed, "the request's transaction ends before the box is waited on"
        self.cast_slips.append((ballot_id, member_id, answers))
        return "tracker-1"


def ballot(status: str = "open") -> Ballot:
    found = Ballot(id=4, status=status, opened_at=datetime(2026, 1, 1))
    found.questions = [Question(position=0, text="Adopt?", kind="yes_no_abstain", options=[])]
    return found


def test_a_checked_vote_goes_to_the_box_and_returns_its_tracker():
    uow = FakeUnitOfWork()
    box = FakeBallotBox(uow)
    assert cast_vote(Member(id=3), ballot(), ["yes"], uow=uow, box=box) == "tracker-1"
    assert box.cast_slips == [(4, 3, ["yes"])]


@pytest.mark.parametrize("status, answers, error", [("closed", ["yes"], Conflict),
                                                    ("open", ["maybe"], Invalid),
                                                    ("open", ["yes", "no"], Invalid)])
def test_a_refused_vote_never_reaches_the_box(status, answers, error):
    uow = FakeUnitOfWork()
    box = FakeBallotBox(uow)
    with pytest.raises(error):
        cast_vote(Member(id=3), ballot(status), answers, uow=uow, box=box)
    assert box.cast_slips == [] and not uow.committed
