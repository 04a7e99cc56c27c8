"""Head-to-head counts between every pair of options, built from weighted ballots."""
from __future__ import annotations

from collections.abc import Sequence

from .answers import Ranking
from .weights import group_mask, option_index


def pairwise_matrix(options: Sequence[str], ballots: list[tuple[Ranking, int]]) -> list[list[int]]:
    """Count ``d[a][b]``, the voters ranking a above b; unranked options share the bottom rank.

    Each ballot group is reduced to (group, options below it), one small integer, so the
    costly expansion into pairs runs once per distinct pattern rather than per voter.
    """
    index = option_index(options)
    n = len(options)
    full = (1 << n) - 1
    masks: dict[tuple[str, ...], int] = {}
    below: dict[int, int] = {}  # (options below the group) << n | group, both as bit sets
    seen = below.get
    for ranking, count in ballots:
        rest = full
        for group in ranking:
            mask = masks.get(group)
            if mask is None:
                mask = masks[group] = group_mask(group, index)
            if rest & mask != mask:
                raise ValueError(f"ranking {ranking!r} lists an option twice")
            rest ^= mask
            if rest:  # a group with nothing below it beats no one
                key = rest << n | mask
                below[key] = seen(key, 0) + count
    matrix = [[0] * n for _ in options]
    bits: dict[int, list[int]] = {}
    for key, count in below.items():
        for part in (key >> n, key & full):
            if part not in bits:
                bits[part] = [b for b in range(n) if part >> b & 1]
        losers = bits[key >> n]
        for a in bits[key & full]:
            row = matrix[a]
            for b in losers:
                row[b] += count
    return matrix


def as_dict(options: Sequence[str], matrix: list[list[int]]) -> dict[str, dict[str, int]]:
    """Name a square matrix's rows and columns by option, leaving out the diagonal."""
    return {
        a: {b: matrix[i][j] for j, b in enumerate(options) if j != i}
        for i, a in enumerate(options)
    }
