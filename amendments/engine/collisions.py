"""Find amendments that touch the same words, so a chair resolves them together."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .diff import Edit

__all__ = ["Candidate", "find_collisions", "collision_key", "group_edits"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """An amendment as the engine sees it: edits already in the target version's coordinates."""

    id: int
    edits: tuple[Edit, ...]
    proposal_id: int | None = None


def collision_key(e: Edit) -> tuple[int, int]:
    """Half-open interval on a 4x scale whose overlap is exactly the collision rule.

    A replaced range [s, e) becomes [4s+1, 4e-1), so ranges that merely touch do
    not overlap; an insertion at p becomes [4p, 4p+1), which overlaps another
    insertion at p and any range with s < p < e, but not one that starts or ends at p.
    """
    if e.start == e.end:
        return 4 * e.start, 4 * e.start + 1
    return 4 * e.start + 1, 4 * e.end - 1


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_edits(owned: Iterable[tuple[int, Edit]]) -> list[list[int]]:
    """Connected groups (2+ owners) of owners whose edits collide; a sort then one sweep."""
    items = sorted((collision_key(e), owner) for owner, e in owned)
    uf = _UnionFind()
    cluster_hi = None
    cluster_owner = None
    for (lo, hi), owner in items:
        uf.find(owner)
        if cluster_hi is not None and lo < cluster_hi:
            if owner != cluster_owner:
                uf.union(owner, cluster_owner)
            if hi > cluster_hi:
                cluster_hi, cluster_owner = hi, owner
        else:
            cluster_hi, cluster_owner = hi, owner
    groups: dict[int, list[int]] = {}
    for owner in uf.parent:
        groups.setdefault(uf.find(owner), []).append(owner)
    out = [sorted(g) for g in groups.values() if len(g) >= 2]
    out.sort(key=lambda g: g[0])
    return out


def find_collisions(cands: Sequence[Candidate]) -> list[list[int]]:
    """Groups of amendment ids whose edits overlap or insert at the same point."""
    return group_edits((c.id, e) for c in cands for e in c.edits)
