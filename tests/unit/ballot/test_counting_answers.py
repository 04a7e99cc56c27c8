"""Checking answers as cast through the API."""
from collections import Counter

import pytest
from ballot_strategies import OPTIONS as FIVE
from ballot_strategies import rankings
from hypothesis import given

from deliberation.ballot.counting import (
    YES_NO,
    AnswerError,
    parse_ranking,
    parse_yes_no,
    ranking_to_json,
    tally_rankings,
)

OPTIONS = ["A", "B", "C", "D"]


@pytest.mark.parametrize("answer", YES_NO)
def test_yes_no_accepts_the_three_answers(answer):
    assert parse_yes_no(answer) == answer


@pytest.mark.parametrize("answer", ["Yes", "y", "", None, 1, True, ["yes"]])
def test_yes_no_refuses_anything_else(answer):
    with pytest.raises(AnswerError, match="“yes”, “no” or “abstain”"):
        parse_yes_no(answer)


def test_ranking_with_a_tie_is_canonical():
    assert parse_ranking([["B", "A"], "C"], OPTIONS) == (("A", "B"), ("C",))


def test_unlisted_options_are_not_added():
    assert parse_ranking(["C"], OPTIONS) == (("C",),)


def test_empty_ranking_is_allowed():
    assert parse_ranking([], OPTIONS) == ()


def test_singleton_group_equals_plain_option():
    assert parse_ranking([["A"], "B"], OPTIONS) == parse_ranking(["A", "B"], OPTIONS)


def test_ranking_group_follows_option_order_not_voter_order():
    assert parse_ranking([["D", "B", "C"]], OPTIONS) == (("B", "C", "D"),)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("A", "must be a list"),
        ({"A": 1}, "must be a list"),
        (None, "must be a list"),
        (["Z"], "“Z” is not an option of this question"),
        ([["A", "Z"]], "“Z” is not an option of this question"),
        (["A", "A"], "“A” is listed more than once"),
        (["A", ["B", "A"]], "“A” is listed more than once"),
        ([["C", "C"]], "“C” is listed more than once"),
        ([[]], "must name at least one option"),
        (["A", []], "must name at least one option"),
        ([1], "an option or a list of options"),
        ([["A", ["B"]]], "an option or a list of options"),
        ([None], "an option or a list of options"),
    ],
)
def test_bad_rankings_get_a_clear_message(answer, message):
    with pytest.raises(AnswerError, match=message):
        parse_ranking(answer, OPTIONS)


def test_answer_error_is_a_value_error_that_can_name_its_field():
    error = AnswerError("“Z” is not an option of this question")
    assert isinstance(error, ValueError)
    assert error.field is None
    pinned = error.at("answers[1]")
    assert (pinned.field, pinned.message) == ("answers[1]", error.message)
    assert pinned.to_dict() == {"field": "answers[1]", "message": str(error)}


def test_duplicate_options_in_a_question_are_a_programming_error():
    with pytest.raises(ValueError, match="distinct"):
        parse_ranking(["A"], ["A", "A"])


def test_ranking_to_json_round_trips():
    answer = [["A", "B"], "C"]
    assert ranking_to_json(parse_ranking(answer, OPTIONS)) == answer


def test_tally_rankings_counts_equivalent_answers_together():
    answers = [["A", "B"], [["A"], "B"], ["B"], [["B", "A"]], [["A", "B"]]]
    assert tally_rankings(answers, OPTIONS) == Counter(
        {(("A",), ("B",)): 2, (("B",),): 1, (("A", "B"),): 2}
    )


def test_tally_rankings_stops_at_a_bad_answer():
    with pytest.raises(AnswerError, match="“Q”"):
        tally_rankings([["A"], ["Q"]], OPTIONS)


@given(rankings())
def test_canonical_rankings_survive_a_round_trip_through_the_api_form(ranking):
    assert parse_ranking(ranking_to_json(ranking), FIVE) == ranking
