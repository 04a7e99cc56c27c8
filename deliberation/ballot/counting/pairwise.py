"""Head-to-head counts between every pair of options, built from weighted ballots."""
from __future__ import annotations

from collections.abc import Sequence

from .answers import Ranking
from .weights import group_mask


def pairwise_matrix(options: Sequence[str], ballots: list[tuple[Ranking, int]]) -> list[list[int]]:
    """Count ``d[a][b]``, the voters ranking a above b; unranked options share the bottom rank.

    Each ballot group is reduced to (group, options below it), so the costly
    expansion into pairs runs once per distinct pattern rather than per voter.
    """
    index = {option: position for position, option in enumerate(options)}
    full = (1 << len(options)) - 1
    masks: dict[tuple[str, ...], int] = {}
    below: dict[tuple[tuple[str, ...], int], int] = {}
    for ranking, count in ballots:
        rest = full
        for group in ranking:
            mask = masks.get(group)
            if mask is None:
                mask = masks[group] = group_mask(group, index)
            if rest & mask != mask:
                raise ValueError(f"ranking {ranking!r} lists an option twice")
            rest ^= mask
            key = (group, rest)
            below[key] = below.get(key, 0) + count
    matrix = [[0] * len(options) for _ in options]
    bits: dict[int, list[int]] = {}
    for (group, rest), count in below.items():
        losers = bits.get(rest)
        if losers is None:
            losers = bits[rest] = [b for b in range(len(options)) if rest >> b & 1]
        for option in group:
            row = matrix[index[option]]
            for b in losers:
                row[b] += count
    return matrix


def as_dict(options: Sequence[str], matrix: list[list[int]]) -> dict[str, dict[str, int]]:
    """Name a square matrix's rows and columns by option, leaving out the diagonal."""
    return {
        a: {b: matrix[i][j] for j, b in enumerate(options) if j != i}
        for i, a in enumerate(options)
    }
