"""Where a collision group sits, and what each of its amendments would make of it.

A chair resolves a collision group as one region: from the first character any of the group's
amendments changes to the last (the span engine.merge replaces with a Resolution's text). Each
wording is the region as one amendment alone would leave it, so choosing a wording and merging
it as the resolution gives exactly that amendment's text there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .collisions import Candidate, find_collisions
from .diff import Edit, splice

__all__ = ["Region", "collision_regions", "region_of"]


@dataclass(frozen=True, slots=True)
class Region:
    ids: tuple[int, ...]
    start: int
    end: int
    #: The region in the current text, and (amendment id, its wording of the region) per amendment.
    text: str
    wordings: tuple[tuple[int, str], ...]


def region_of(text: str, group: Sequence[Candidate]) -> Region:
    """The region covering every edit of these amendments, with each one's wording of it."""
    edits = [e for c in group for e in c.edits]
    if not edits:
        raise ValueError("a region needs at least one edit")
    start, end = min(e.start for e in edits), max(e.end for e in edits)
    region = text[start:end]
    wordings = tuple(
        (c.id, splice(region, [Edit(e.start - start, e.end - start, e.text) for e in c.edits]))
        for c in sorted(group, key=lambda c: c.id)
    )
    return Region(tuple(sorted(c.id for c in group)), start, end, region, wordings)


def collision_regions(text: str, cands: Sequence[Candidate]) -> list[Region]:
    """One region per collision group (find_collisions' groups, in the same order)."""
    by_id = {c.id: c for c in cands}
    return [region_of(text, [by_id[i] for i in group]) for group in find_collisions(cands)]
