"""Rankings in their compact stored form: one code per ranking, and back again."""
import pytest
from ballot_strategies import OPTIONS as FIVE
from ballot_strategies import rankings
from hypothesis import given
from hypothesis import strategies as st

from deliberation.ballot.counting import (
    AnswerError,
    compact_decoder,
    compact_parser,
    parse_ranking,
    ranking_to_json,
)

OPTIONS = ["A", "B", "C", "D"]
TWELVE = tuple(f"Option {n}" for n in range(12))


@pytest.mark.parametrize(("answer", "code"), [
    (["A", "B", "C", "D"], "0>1>2>3"),
    (["C"], "2"),
    ([], ""),
    ([["B", "A"], "C"], "0=1>2"),
    (["D", ["C", "A"]], "3>0=2"),
    ([["A"], "B"], "0>1"),
])
def test_codes_name_options_by_position(answer, code):
    assert compact_parser(OPTIONS)(answer) == code
    assert compact_decoder(OPTIONS)(code) == parse_ranking(answer, OPTIONS)


def test_positions_past_nine_take_two_digits():
    options = list(TWELVE)
    answer = [options[11], [options[10], options[1]], options[0]]
    code = compact_parser(options)(answer)
    assert code == "11>1=10>0"
    assert compact_decoder(options)(code) == parse_ranking(answer, options)


def test_answers_are_checked_as_before_they_are_coded():
    with pytest.raises(AnswerError, match="“Z” is not an option"):
        compact_parser(OPTIONS)(["A", "Z"])
    with pytest.raises(AnswerError, match="listed more than once"):
        compact_parser(OPTIONS)(["A", ["B", "A"]])


@given(st.sampled_from([FIVE, TWELVE])
       .flatmap(lambda options: st.tuples(st.just(options), rankings(options))))
def test_every_ranking_round_trips(case):
    options, ranking = case
    code = compact_parser(options)(ranking_to_json(ranking))
    assert compact_decoder(options)(code) == ranking
    assert compact_parser(options)(ranking) == code  # a canonical ranking codes the same as its API form


@given(rankings(), rankings())
def test_one_code_per_ranking(first, second):
    """Identical ballots have identical stored text, so the database can group them."""
    code = compact_parser(FIVE)
    assert (code(first) == code(second)) == (first == second)


@pytest.mark.parametrize("code", [
    "0>0", "0=0", "1=0", "0>1=0", "01", "4", "0>>1", ">0", "0>", "0=", "=0", "a", "-1", " 0", "0 ", "٣", "²",
])
def test_a_malformed_code_is_refused(code):
    with pytest.raises(ValueError):
        compact_decoder(OPTIONS)(code)


def test_a_malformed_code_is_refused_after_a_good_one_with_the_same_groups():
    decode = compact_decoder(OPTIONS)
    assert decode("0>1") == (("A",), ("B",))
    with pytest.raises(ValueError, match="twice"):
        decode("0>1>0")


def test_options_must_be_distinct():
    with pytest.raises(ValueError, match="distinct"):
        compact_decoder(["A", "A"])
