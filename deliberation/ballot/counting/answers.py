"""Checking votes as cast through the API and turning them into canonical rankings.

A canonical ranking is a tuple of groups, best first; each group is a tuple of
options tied at that rank, in the question's option order. Options a voter does
not list are left out: every method treats them as ranked together below all
listed options.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from .errors import AnswerError

YES_NO = ("yes", "no", "abstain")

Ranking = tuple[tuple[str, ...], ...]

_NOT_A_LIST = "A ranking must be a list of options, best first"
_BAD_ITEM = "Each rank must be an option or a list of options tied at that rank"
_EMPTY_GROUP = "A list of tied options must name at least one option"


def parse_yes_no(answer: object) -> str:
    """Accept exactly "yes", "no" or "abstain", so a typo is never counted as a vote."""
    if isinstance(answer, str) and answer in YES_NO:
        return answer
    raise AnswerError("The answer must be “yes”, “no” or “abstain”")


def ranking_parser(options: Sequence[str]) -> Callable[[object], Ranking]:
    """Build a parser for one question, so counting many ballots indexes the options once."""
    index = {option: position for position, option in enumerate(options)}
    if len(index) != len(options):
        raise ValueError("a question's options must be distinct")
    order = index.__getitem__

    def check(option: object, seen: set[str]) -> str:
        if not isinstance(option, str):
            raise AnswerError(_BAD_ITEM)
        if option not in index:
            raise AnswerError(f"“{option}” is not an option of this question")
        if option in seen:
            raise AnswerError(f"“{option}” is listed more than once")
        seen.add(option)
        return option

    known = frozenset(options)
    alone = {option: (option,) for option in options}

    def parse(answer: object) -> Ranking:
        if not isinstance(answer, (list, tuple)):
            raise AnswerError(_NOT_A_LIST)
        try:  # fast path: only distinct options, no ties; anything else gets the careful check below
            if known.issuperset(answer) and len(set(answer)) == len(answer):
                return tuple(map(alone.__getitem__, answer))
        except TypeError:  # a list of tied options is unhashable
            pass
        seen: set[str] = set()
        groups: list[tuple[str, ...]] = []
        for item in answer:
            if isinstance(item, (list, tuple)):
                if not item:
                    raise AnswerError(_EMPTY_GROUP)
                members = [check(option, seen) for option in item]
                if len(members) > 1:
                    members.sort(key=order)
                groups.append(tuple(members))
            else:
                groups.append((check(item, seen),))
        return tuple(groups)

    return parse


def parse_ranking(answer: object, options: Sequence[str]) -> Ranking:
    """Check one ranked answer in API form, e.g. ``[["A", "B"], "C"]``, and make it canonical."""
    return ranking_parser(options)(answer)


def tally_rankings(answers: Iterable[object], options: Sequence[str]) -> Counter[Ranking]:
    """Check every ranked answer and count identical rankings, so methods loop over distinct ballots."""
    parse = ranking_parser(options)
    return Counter(map(parse, answers))


def ranking_to_json(groups: Iterable[Sequence[str]]) -> list[str | list[str]]:
    """Write a ranking in API form: a lone option as a string, tied options as a list."""
    return [group[0] if len(group) == 1 else list(group) for group in groups]
