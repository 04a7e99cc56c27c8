"""Yes/no/abstain counting against thresholds and quorum."""
import pytest

from deliberation.ballot.counting import AnswerError, count_yes_no


def counts(yes=0, no=0, abstain=0):
    return {"yes": yes, "no": no, "abstain": abstain}


def test_counts_raw_answers():
    result = count_yes_no(["yes", "no", "yes", "abstain"])
    assert result.counts == counts(2, 1, 1)
    assert result.passed and result.turnout == 4 and result.quorum_met


def test_accepts_partial_counts():
    assert count_yes_no({"yes": 3}).counts == counts(3)


def test_simple_majority_needs_more_yes_than_no():
    assert not count_yes_no(counts(5, 5)).passed
    assert count_yes_no(counts(6, 5)).passed


def test_abstentions_do_not_count_towards_the_majority():
    result = count_yes_no(counts(2, 1, 100))
    assert result.passed and result.turnout == 103


def test_all_abstain_fails_under_both_thresholds():
    assert not count_yes_no(counts(abstain=10)).passed
    assert not count_yes_no(counts(abstain=10), "two_thirds").passed


def test_zero_ballots_fail():
    result = count_yes_no([])
    assert result.counts == counts() and result.turnout == 0 and not result.passed
    assert not count_yes_no([], "two_thirds").passed


@pytest.mark.parametrize(
    ("yes", "no", "passed"),
    [(2, 1, True), (200, 100, True), (199, 100, False), (1, 1, False), (1, 0, True), (0, 0, False),
     (4, 2, True), (3, 2, False)],
)
def test_two_thirds_exactly_at_the_edge(yes, no, passed):
    assert count_yes_no(counts(yes, no, 7), "two_thirds").passed is passed


def test_quorum_counts_abstentions():
    result = count_yes_no(counts(2, 1, 2), quorum=5)
    assert result.quorum_met and result.passed


def test_quorum_not_met_fails_whatever_the_vote():
    result = count_yes_no(counts(4), quorum=5)
    assert not result.quorum_met and not result.passed


def test_quorum_can_be_measured_on_the_ballot_turnout():
    result = count_yes_no(counts(3, 1), quorum=10, turnout=10)
    assert result.turnout == 10 and result.passed


def test_turnout_below_answers_is_refused():
    with pytest.raises(ValueError, match="turnout"):
        count_yes_no(counts(3, 1), turnout=2)


@pytest.mark.parametrize("bad", [{"threshold": "half"}, {"quorum": -1}])
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValueError):
        count_yes_no(counts(1), **bad)


def test_bad_answer_is_an_answer_error():
    with pytest.raises(AnswerError):
        count_yes_no(["yes", "maybe"])


@pytest.mark.parametrize("bad", [{"maybe": 1}, {"yes": -1}, {"yes": 1.5}, {"yes": True}])
def test_bad_counts_are_refused(bad):
    with pytest.raises(ValueError):
        count_yes_no(bad)


def test_to_dict():
    assert count_yes_no(counts(2, 1), "two_thirds", quorum=3).to_dict() == {
        "counts": counts(2, 1),
        "passed": True,
        "threshold": "two_thirds",
        "quorum": 3,
        "quorum_met": True,
        "turnout": 3,
    }
