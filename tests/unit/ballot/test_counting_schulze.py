"""Schulze counting: hand examples and properties."""
from collections import Counter

import pytest
from ballot_strategies import OPTIONS, ballot_lists, condorcet_winner, naive_pairwise
from hypothesis import given
from hypothesis import strategies as st

from deliberation.ballot.counting import schulze


def full(order):
    return tuple((option,) for option in order)


def test_wikipedia_example_with_five_options():
    votes = {"ACBED": 5, "ADECB": 5, "BEDAC": 8, "CABED": 3, "CAEBD": 7, "CBADE": 2, "DCEBA": 7, "EBADC": 8}
    result = schulze("ABCDE", {full(order): count for order, count in votes.items()})
    assert result.pairwise["A"] == {"B": 20, "C": 26, "D": 30, "E": 22}
    assert result.pairwise["E"] == {"A": 23, "B": 27, "C": 21, "D": 31}
    assert result.strongest["A"] == {"B": 28, "C": 28, "D": 30, "E": 24}
    assert result.strongest["E"] == {"A": 25, "B": 28, "C": 28, "D": 31}
    assert result.ranking == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert result.winner == "E"


def test_cycle_is_broken_at_its_weakest_defeat():
    ballots = {full("ABC"): 4, full("BCA"): 3, full("CAB"): 2}
    result = schulze("ABC", ballots)
    assert result.pairwise == {"A": {"B": 6, "C": 4}, "B": {"A": 3, "C": 7}, "C": {"A": 5, "B": 2}}
    assert result.strongest == {"A": {"B": 6, "C": 6}, "B": {"A": 5, "C": 7}, "C": {"A": 5, "B": 5}}
    assert result.ranking == [["A"], ["B"], ["C"]]
    assert result.winner == "A"


def test_perfect_cycle_is_a_three_way_tie():
    result = schulze("ABC", [full("ABC"), full("BCA"), full("CAB")])
    assert result.ranking == [["A", "B", "C"]]
    assert result.winner is None


def test_ties_on_ballots_stay_ties():
    result = schulze(["A", "B", "C"], [(("A", "B"), ("C",))] * 3)
    assert result.pairwise["A"] == {"B": 0, "C": 3}
    assert result.ranking == [["A", "B"], ["C"]]
    assert result.winner is None


def test_tied_group_is_listed_in_option_order():
    result = schulze(["C", "B", "A"], [(("A", "C"),)])
    assert result.ranking == [["C", "A"], ["B"]]


def test_unranked_options_count_below_ranked_ones():
    result = schulze(["A", "B", "C"], [(("B",),)])
    assert result.pairwise == {"A": {"B": 0, "C": 0}, "B": {"A": 1, "C": 1}, "C": {"A": 0, "B": 0}}
    assert result.ranking == [["B"], ["A", "C"]]


def test_zero_ballots_is_a_tie_of_all_options():
    result = schulze(["A", "B"], [])
    assert result.ranking == [["A", "B"]] and result.winner is None
    assert result.pairwise == {"A": {"B": 0}, "B": {"A": 0}}


def test_empty_rankings_change_nothing():
    assert schulze("AB", [(), ()]).ranking == [["A", "B"]]


@pytest.mark.parametrize(
    "ballot",
    [(("Z",),), (("A",), ("A",)), (("A", "A"),), ((),)],
)
def test_malformed_rankings_are_refused(ballot):
    with pytest.raises(ValueError):
        schulze("AB", [ballot])


@pytest.mark.parametrize("count", [-1, 1.5])
def test_bad_weights_are_refused(count):
    with pytest.raises(ValueError, match="count"):
        schulze("AB", {(("A",),): count})


def test_to_dict_uses_the_api_ranking_form():
    data = schulze("ABC", [(("A", "B"),)]).to_dict()
    assert data["ranking"] == [["A", "B"], "C"]
    assert data["winner"] is None
    assert data["pairwise"]["A"] == {"B": 0, "C": 1}
    assert set(data) == {"options", "ranking", "winner", "pairwise", "strongest"}


@given(ballot_lists())
def test_pairwise_matches_the_obvious_count(ballots):
    assert schulze(OPTIONS, ballots).pairwise == naive_pairwise(OPTIONS, ballots)


@given(ballot_lists(max_size=40))
def test_condorcet_winner_always_wins(ballots):
    winner = condorcet_winner(OPTIONS, naive_pairwise(OPTIONS, ballots))
    if winner is not None:
        assert schulze(OPTIONS, ballots).winner == winner


@given(ballot_lists(), st.randoms(use_true_random=False))
def test_order_of_ballots_does_not_matter(ballots, random):
    shuffled = list(ballots)
    random.shuffle(shuffled)
    assert schulze(OPTIONS, shuffled) == schulze(OPTIONS, ballots)


@given(ballot_lists())
def test_weighted_ballots_count_like_repeated_ones(ballots):
    assert schulze(OPTIONS, Counter(ballots)) == schulze(OPTIONS, ballots)


@given(ballot_lists())
def test_ranking_is_a_partition_headed_by_an_unbeaten_option(ballots):
    result = schulze(OPTIONS, ballots)
    flat = [option for group in result.ranking for option in group]
    assert sorted(flat) == list(OPTIONS)
    p = result.strongest
    for top in result.ranking[0]:
        assert all(p[top][other] >= p[other][top] for other in OPTIONS if other != top)
