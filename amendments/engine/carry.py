"""Keep the chairs' unsaved work in the live merge draft when the consolidated draft moves.

The merge room holds the draft the chairs are composing: the current version plus whatever they
have typed and not yet committed. When a merge (or an undo) makes a new version, the room must
become the new version again without losing the typing elsewhere: each unsaved edit is carried
onto the new version as a rebase would carry an amendment, and one that no longer fits is
dropped and reported. Edits inside a region the merge just committed are already in the new
version (the resolution was taken from the room), so they are not carried twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .diff import Edit, edits_between, splice
from .rebase import CLEAN, REVIEW, rebase
from .shift import Shifter

__all__ = ["Carried", "carry_live_edits", "map_region"]


@dataclass(frozen=True, slots=True)
class Carried:
    """The room's new text, and the unsaved edits (in the old room text's terms) that were lost."""

    text: str
    kept: tuple[Edit, ...]
    dropped: tuple[Edit, ...]


def map_region(old: str, new: str, start: int, end: int) -> tuple[int, int]:
    """Where ``old[start:end]`` is in ``new``, taking in words inserted right at either edge.

    A chair who types at the very start or end of a region is adding to it, so the start maps
    before an insertion there and the end after one.
    """
    if not 0 <= start <= end <= len(old):
        raise ValueError(f"region out of range: {start}, {end}")
    shift = Shifter(edits_between(old, new))
    return shift.left(start), shift.right(end)


def _touches(e: Edit, regions: Sequence[tuple[int, int]]) -> bool:
    return any(e.start <= hi and lo <= e.end for lo, hi in regions)


def carry_live_edits(old: str, live: str, new: str, committed: Sequence[tuple[int, int]] = ()) -> Carried:
    """The room's text on ``new``: ``live``'s own edits of ``old`` carried over, except those
    touching the ``committed`` regions (in ``old``'s coordinates), which ``new`` already has."""
    kept: list[Edit] = []
    placed: list[Edit] = []
    dropped: list[Edit] = []
    for e in edits_between(old, live):
        if _touches(e, committed):
            continue
        result = rebase((e,), [old, new])
        if result.status in (CLEAN, REVIEW) and len(result.edits) == 1:
            moved = result.edits[0]
            if all(moved.end <= p.start or p.end <= moved.start for p in placed) and not any(
                moved.start == moved.end == p.start == p.end for p in placed
            ):
                placed.append(moved)
                kept.append(e)
                continue
        if result.status != "conflict" or "already_applied" not in result.reason:
            dropped.append(e)
    placed.sort(key=lambda x: (x.start, x.end))
    return Carried(splice(new, placed), tuple(kept), tuple(dropped))
