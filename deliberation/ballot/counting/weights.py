"""Ballots as counted: each distinct canonical ranking with how many voters cast it."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from .answers import Ranking

Ballots = Iterable[Ranking] | Mapping[Ranking, int]


def weighted(ballots: Ballots) -> list[tuple[Ranking, int]]:
    """Group identical ballots, so a count's cost follows distinct rankings, not voters."""
    counts = ballots if isinstance(ballots, Mapping) else Counter(ballots)
    pairs = []
    for ranking, count in counts.items():
        if not isinstance(count, int) or count < 0:
            raise ValueError(f"a ballot count must be a whole number ≥ 0, not {count!r}")
        if count:
            pairs.append((ranking, count))
    return pairs


def option_index(options: Sequence[str]) -> dict[str, int]:
    """Number the options, refusing duplicates, so a count can never merge two options."""
    index = {option: position for position, option in enumerate(options)}
    if len(index) != len(options):
        raise ValueError("a question's options must be distinct")
    return index


def group_mask(group: tuple[str, ...], index: dict[str, int]) -> int:
    """Give a tied group as a bit set, refusing empty groups and unknown or repeated options."""
    if not group:
        raise ValueError("a ranking must not contain an empty group")
    mask = 0
    for option in group:
        if option not in index:
            raise ValueError(f"{option!r} is not an option of this question")
        bit = 1 << index[option]
        if mask & bit:
            raise ValueError(f"{option!r} is listed twice in one group")
        mask |= bit
    return mask


def check_rankings(options: Sequence[str], ballots: list[tuple[Ranking, int]]) -> None:
    """Refuse rankings naming unknown options, one option twice or an empty group, which a count
    would misread.

    Each distinct group is checked once; a ranking then costs a look-up and a bit test per rank.
    """
    index = option_index(options)
    masks: dict[tuple[str, ...], int] = {}
    for ranking, _ in ballots:
        listed = 0
        for group in ranking:
            mask = masks.get(group)
            if mask is None:
                try:
                    mask = masks[group] = group_mask(group, index)
                except ValueError:
                    mask = -1
            if mask < 0 or listed & mask:
                raise ValueError(f"ranking {ranking!r} is not a ranking of this question's options")
            listed |= mask
