"""Instant-runoff counting: hand examples and properties."""
from collections import Counter

import pytest
from ballot_strategies import OPTIONS, ballot_lists
from hypothesis import given
from hypothesis import strategies as st

from deliberation.ballot.counting import irv


def full(order):
    return tuple((option,) for option in order)


def ballots(**counts):
    """Build weighted ballots from keyword names like ``CB=2`` (C first, then B)."""
    return {full(order): count for order, count in counts.items()}


def tallies(result):
    return [round_.tallies for round_ in result.rounds]


def test_majority_in_the_first_round_wins_at_once():
    result = irv("ABC", ballots(A=3, B=1, C=1))
    assert result.winner == "A" and len(result.rounds) == 1
    assert result.rounds[0].eliminated == []


def test_lowest_is_eliminated_and_transferred():
    result = irv("ABC", ballots(A=4, B=3, CB=2))
    assert tallies(result) == [{"A": 4, "B": 3, "C": 2}, {"A": 4, "B": 5}]
    assert [round_.eliminated for round_ in result.rounds] == [["C"], []]
    assert result.winner == "B"
    assert result.ranking == [["B"], ["A"], ["C"]]


def test_ballot_with_no_continuing_option_is_exhausted():
    result = irv("ABC", ballots(A=4, B=3, C=2))
    assert result.rounds[1].exhausted == 2 and result.winner == "A"


def test_overvote_exhausts_the_ballot_where_it_is_reached():
    votes = {**ballots(A=4, B=4, C=1), (("C",), ("A", "B")): 2}
    result = irv("ABC", votes)
    assert result.rounds[1].tallies == {"A": 4, "B": 4}
    assert result.rounds[1].exhausted == 3


def test_overvote_among_continuing_options_exhausts_on_transfer():
    votes = {**ballots(A=5, B=4, C=3, D=1), (("D",), ("A", "C")): 1}
    result = irv("ABCD", votes)
    assert result.rounds[0].eliminated == ["D"]
    assert result.rounds[1].tallies == {"A": 5, "B": 4, "C": 3}
    assert result.rounds[1].exhausted == 2


def test_tie_with_an_eliminated_option_is_no_overvote():
    votes = {**ballots(A=6, B=5, D=2, CA=1), (("D",), ("A", "C")): 1}
    result = irv("ABCD", votes)
    # C goes first; when D goes, C is already out, so the ballot's (A=C) counts for A.
    assert [round_.eliminated for round_ in result.rounds][:2] == [["C"], ["D"]]
    assert result.rounds[2].tallies == {"A": 8, "B": 5}
    assert result.rounds[2].exhausted == 2


def test_an_exhausted_ballot_stays_exhausted():
    votes = {**ballots(A=5, B=1, C=4), (("A", "B"),): 1}
    result = irv("ABC", votes)
    assert result.rounds[0].exhausted == 1
    assert result.rounds[1].tallies == {"A": 5, "C": 4}
    assert result.rounds[1].exhausted == 2


def test_options_tied_last_go_together_when_it_cannot_matter():
    result = irv("ABCDE", ballots(A=2, B=2, C=1, DA=0, E=0, CB=0))
    assert result.rounds[0].eliminated == ["D", "E"]
    assert result.rounds[0].tie_break is None


def test_tie_for_last_is_broken_by_earlier_rounds():
    result = irv("ABCD", ballots(A=5, B=3, C=2, DC=1))
    assert result.rounds[1].tallies == {"A": 5, "B": 3, "C": 3}
    assert result.rounds[1].eliminated == ["C"]
    assert result.rounds[1].tie_break == "earlier rounds"


def test_tie_for_last_falls_back_to_option_order():
    result = irv("AB", ballots(A=3, B=3))
    assert result.rounds[0].eliminated == ["B"]
    assert result.rounds[0].tie_break == "option order"
    assert result.winner == "A"


def test_zero_ballots_have_no_winner():
    result = irv("AB", [])
    assert result.winner is None
    assert tallies(result) == [{"A": 0, "B": 0}]
    assert result.ranking == [["A", "B"]]


def test_only_blank_ballots_have_no_winner():
    result = irv("AB", [(), ()])
    assert result.winner is None and result.rounds[0].exhausted == 2


@pytest.mark.parametrize("ballot", [(("A",), ("Z",)), (("A",), ("A",)), (("A", "A"),), ((),)])
def test_malformed_rankings_are_refused(ballot):
    with pytest.raises(ValueError, match="not a ranking"):
        irv("AB", [ballot])


def test_to_dict():
    data = irv("ABC", ballots(A=4, B=3, CB=2)).to_dict()
    assert data["winner"] == "B"
    assert data["ranking"] == ["B", "A", "C"]
    assert data["rounds"][0] == {"tallies": {"A": 4, "B": 3, "C": 2}, "exhausted": 0, "eliminated": ["C"],
                                 "tie_break": None}


def naive_round(options, ballots, continuing, dead):
    """Recount one round from scratch: the oracle for the pile-based count."""
    counts = Counter()
    for number, ranking in enumerate(ballots):
        if number in dead:
            continue
        for group in ranking:
            live = [option for option in group if option in continuing]
            if len(live) == 1:
                counts[live[0]] += 1
                break
            if len(live) > 1:
                dead.add(number)
                break
        else:
            dead.add(number)
    return {option: counts[option] for option in options if option in continuing}


@given(ballot_lists(max_size=40))
def test_rounds_match_a_recount_from_scratch(ballots):
    result = irv(OPTIONS, ballots)
    continuing, dead = set(OPTIONS), set()
    for round_ in result.rounds:
        assert round_.tallies == naive_round(OPTIONS, ballots, continuing, dead)
        assert round_.exhausted == len(dead)
        continuing -= set(round_.eliminated)


@given(ballot_lists(max_size=40))
def test_winner_has_a_majority_of_the_final_round(ballots):
    result = irv(OPTIONS, ballots)
    final = result.rounds[-1]
    assert sum(final.tallies.values()) + final.exhausted == len(ballots)
    if result.winner is None:
        assert sum(final.tallies.values()) == 0
    else:
        assert 2 * final.tallies[result.winner] > sum(final.tallies.values())
        assert result.ranking[0] == [result.winner]


@given(ballot_lists(), st.randoms(use_true_random=False))
def test_order_of_ballots_does_not_matter(ballots, random):
    shuffled = list(ballots)
    random.shuffle(shuffled)
    assert irv(OPTIONS, shuffled) == irv(OPTIONS, ballots)


@given(ballot_lists())
def test_weighted_ballots_count_like_repeated_ones(ballots):
    assert irv(OPTIONS, Counter(ballots)) == irv(OPTIONS, ballots)
