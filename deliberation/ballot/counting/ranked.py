"""A ranked question counted both ways, as its published results show both methods."""
from __future__ import annotations

from collections.abc import Sequence

from .irv import IRVResult, irv_checked
from .schulze import SchulzeResult, schulze_weighted
from .weights import Ballots, weighted


def schulze_and_irv(options: Sequence[str], ballots: Ballots) -> tuple[SchulzeResult, IRVResult]:
    """Count by Schulze and by IRV, grouping and checking the ballots once: the same results as
    ``schulze`` and ``irv`` each give, for a third less work on many distinct rankings."""
    pairs = weighted(ballots)
    by_schulze = schulze_weighted(options, pairs)  # refuses a malformed ranking, as ``irv`` would
    return by_schulze, irv_checked(options, pairs)
