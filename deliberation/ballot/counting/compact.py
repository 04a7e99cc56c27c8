"""Rankings in their compact stored form, e.g. ``"0>2=3>1"``.

Each option is written as its position in the question's option list (from 0),
best rank first; ``>`` separates ranks and ``=`` joins options tied at one rank,
in option order. Unlisted options are left out, so ``""`` ranks nothing. Every
ranking has exactly one code, so identical ballots have identical stored text
and can be grouped before they are decoded; and a code is one string, so
decoding many ballots builds no nested lists.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from .answers import Ranking, ranking_parser


def compact_parser(options: Sequence[str]) -> Callable[[object], str]:
    """Build a checker turning an answer in API form (or a canonical ranking) into its code."""
    parse = ranking_parser(options)
    code = {option: str(position) for position, option in enumerate(options)}
    known = frozenset(code)

    def to_code(answer: object) -> str:
        if isinstance(answer, list):
            try:  # fast path, the vote's hot path: only distinct options, no ties
                if known.issuperset(answer) and len(set(answer)) == len(answer):
                    return ">".join(map(code.__getitem__, answer))
            except TypeError:  # a list of tied options is unhashable
                pass
        return ">".join("=".join(map(code.__getitem__, group)) for group in parse(answer))

    return to_code


def compact_decoder(options: Sequence[str]) -> Callable[[str], Ranking]:
    """Build a reader turning a code back into a canonical ranking; a malformed code raises ValueError.

    Tied groups are decoded once per distinct group and reused, so reading many
    ballots costs a split and a few lookups each.
    """
    count = len(options)
    if len(set(options)) != count:
        raise ValueError("a question's options must be distinct")
    groups: dict[str, tuple[str, ...]] = {}

    def group(text: str) -> tuple[str, ...]:
        positions = [int(part) if part.isdecimal() else -1 for part in text.split("=")]
        if not all(0 <= p < count for p in positions) or "=".join(map(str, sorted(set(positions)))) != text:
            raise ValueError(f"{text!r} is not a rank of this question's options in stored form")
        groups[text] = found = tuple(options[p] for p in positions)
        return found

    def decode(code: str) -> Ranking:
        if not code:
            return ()
        parts = code.split(">")
        try:
            ranking = tuple(map(groups.__getitem__, parts))
        except KeyError:
            ranking = tuple(map(group, parts))
        if len(parts) > 1:
            listed = code.replace("=", ">").split(">") if "=" in code else parts
            if len(set(listed)) != len(listed):
                raise ValueError(f"ranking {code!r} lists an option twice")
        return ranking

    return decode
