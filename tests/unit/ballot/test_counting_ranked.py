"""Counting a ranked question both ways at once gives what each method gives alone."""
import pytest
from ballot_strategies import OPTIONS, ballot_lists
from hypothesis import given

from deliberation.ballot.counting import irv, schulze, schulze_and_irv


@given(ballot_lists())
def test_both_ways_at_once_equals_each_alone(ballots):
    by_schulze, by_irv = schulze_and_irv(OPTIONS, ballots)
    assert by_schulze == schulze(OPTIONS, ballots)
    assert by_irv == irv(OPTIONS, ballots)


@pytest.mark.parametrize("ballot", [(("A",), ("Z",)), (("A",), ("A",)), (("A", "A"),), ((),)])
def test_malformed_rankings_are_refused_before_either_count(ballot):
    with pytest.raises(ValueError):
        schulze_and_irv("AB", [(("B",),), ballot])
