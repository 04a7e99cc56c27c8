"""The Schulze method (winning votes), as in the Debian constitution, appendix A.6."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .answers import Ranking, ranking_to_json
from .pairwise import as_dict, pairwise_matrix
from .weights import Ballots, weighted


@dataclass(frozen=True)
class SchulzeResult:
    """A Schulze count: the full ranking and the pairwise figures a member can check it by."""

    options: tuple[str, ...]
    ranking: list[list[str]]
    winner: str | None
    pairwise: dict[str, dict[str, int]]
    strongest: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, Any]:
        """Give the JSON-ready form served by the results endpoint."""
        return {
            "options": list(self.options),
            "ranking": ranking_to_json(self.ranking),
            "winner": self.winner,
            "pairwise": {a: dict(row) for a, row in self.pairwise.items()},
            "strongest": {a: dict(row) for a, row in self.strongest.items()},
        }


def strongest_paths(d: list[list[int]]) -> list[list[int]]:
    """Find each pair's strongest path, a link a→b being worth d[a][b] when a beats b, else 0."""
    n = len(d)
    p = [[d[i][j] if d[i][j] > d[j][i] else 0 for j in range(n)] for i in range(n)]
    for k in range(n):
        pk = p[k]
        for i in range(n):
            via = p[i][k]
            if i == k or not via:
                continue
            pi = p[i]
            for j in range(n):
                if j != i and j != k:
                    link = via if via < pk[j] else pk[j]
                    if link > pi[j]:
                        pi[j] = link
    return p


def rank_by_paths(options: Sequence[str], p: list[list[int]]) -> list[list[str]]:
    """Rank options by peeling off those no remaining option beats; ties stay together."""
    remaining = list(range(len(options)))
    ranking = []
    while remaining:
        top = [x for x in remaining if not any(p[y][x] > p[x][y] for y in remaining)]
        top = top or remaining  # unreachable: Schulze's relation is transitive
        ranking.append([options[x] for x in top])
        remaining = [x for x in remaining if x not in top]
    return ranking


def schulze(options: Sequence[str], ballots: Ballots) -> SchulzeResult:
    """Count ranked ballots by Schulze; options a ballot leaves unranked share its bottom rank.

    ``ballots`` is canonical rankings (see ``parse_ranking``), either one per voter
    or a mapping of ranking to how many voters cast it.
    """
    return schulze_weighted(options, weighted(ballots))


def schulze_weighted(options: Sequence[str], pairs: list[tuple[Ranking, int]]) -> SchulzeResult:
    """Count by Schulze ballots that ``weighted`` has grouped; each ranking is checked on the way,
    as the pairwise count reads all of it."""
    d = pairwise_matrix(options, pairs)
    p = strongest_paths(d)
    ranking = rank_by_paths(options, p)
    winner = ranking[0][0] if ranking and len(ranking[0]) == 1 else None
    return SchulzeResult(tuple(options), ranking, winner, as_dict(options, d), as_dict(options, p))
