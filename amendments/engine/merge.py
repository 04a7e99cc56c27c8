"""Composite amendments into the next version in one pass, recording who wrote what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .collisions import Candidate, group_edits
from .diff import Edit, check_edits, edits_between, splice
from .provenance import Piece, Span, carry_spans

__all__ = ["Resolution", "MergeResult", "merge"]

COLLISION = "collision"
MISMATCH = "resolution_mismatch"
INVALID = "invalid_edits"


@dataclass(frozen=True, slots=True)
class Resolution:
    """A chair's replacement text for a collision group's whole region."""

    ids: tuple[int, ...]
    text: str


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged text, which amendments went in or why not, and who wrote each changed span."""

    text: str
    merged: tuple[int, ...]
    skipped: tuple[tuple[int, str], ...]
    provenance: tuple[Span, ...]


def _refine(base: str, owner: Candidate, e: Edit) -> list[Piece]:
    """Split an edit into its word-level changes so unchanged words keep their provenance."""
    old = base[e.start : e.end]
    if not old or not e.text:
        return [Piece(e.start, e.end, e.text, owner.id, owner.proposal_id)]
    return [
        Piece(e.start + d.start, e.start + d.end, d.text, owner.id, owner.proposal_id)
        for d in edits_between(old, e.text)
    ]


def _resolution_pieces(base: str, start: int, end: int, text: str, group: list[Candidate]) -> list[Piece]:
    """Word-diff the region against the chair's text and credit each change to a group member."""
    pieces = []
    for d in edits_between(base[start:end], text):
        s, e = start + d.start, start + d.end
        owner = None
        if d.text.strip():
            owner = next((c for c in group if any(d.text in x.text for x in c.edits)), None)
        elif s < e:
            owner = next((c for c in group if any(x.start <= s and e <= x.end for x in c.edits)), None)
        owner = owner or group[0]
        pieces.append(Piece(s, e, d.text, owner.id, owner.proposal_id))
    return pieces


def _check_resolutions(
    resolutions: Sequence[Resolution], valid: dict[int, Candidate], group_of: dict[int, frozenset[int]]
) -> list[int]:
    """Indices of resolutions whose ids are known and cover every group they touch."""
    claims: dict[int, int] = {}
    for r in resolutions:
        for i in set(r.ids):
            claims[i] = claims.get(i, 0) + 1
    ok = []
    for ri, r in enumerate(resolutions):
        ids = set(r.ids)
        if not ids or any(i not in valid or claims[i] > 1 for i in ids):
            continue
        if all(group_of[i] <= ids for i in ids if i in group_of):
            ok.append(ri)
    return ok


def merge(
    text: str,
    cands: Sequence[Candidate],
    resolutions: Sequence[Resolution] = (),
    provenance: Sequence[Span] = (),
) -> MergeResult:
    """Apply every non-colliding amendment (and resolved collisions) to ``text`` at once."""
    skipped: dict[int, str] = {}
    valid: dict[int, Candidate] = {}
    for c in cands:
        if c.id in valid or c.id in skipped:
            raise ValueError(f"duplicate amendment id {c.id}")
        try:
            check_edits(len(text), c.edits)
            valid[c.id] = c
        except ValueError:
            skipped[c.id] = INVALID
    groups = group_edits((c.id, e) for c in valid.values() for e in c.edits)
    group_of = {i: frozenset(g) for g in groups for i in g}

    ok = _check_resolutions(resolutions, valid, group_of)
    named = {i for r in resolutions for i in r.ids if i in valid}
    # Units: each accepted resolution (one region edit) and each free candidate.
    units: dict[tuple[str, int], list[Edit]] = {}
    for ri in ok:
        r = resolutions[ri]
        spans = [e for i in r.ids for e in valid[i].edits]
        start = min((e.start for e in spans), default=0)
        end = max((e.end for e in spans), default=0)
        units[("r", ri)] = [Edit(start, end, r.text)]
    for i, c in valid.items():
        if i not in group_of and i not in named:
            units[("c", i)] = list(c.edits)
    clashes = group_edits((owner, e) for owner, es in units.items() for e in es)
    for g in clashes:
        for owner in g:
            if owner[0] == "r":
                del units[owner]  # a resolution may not overwrite other applied edits
    accepted = {ri for kind, ri in units if kind == "r"}

    ordered: list[tuple[tuple[int, int], int, list[Piece]]] = []
    merged: list[int] = []
    for (kind, key), es in units.items():
        if kind == "r":
            r = resolutions[key]
            group = sorted((valid[i] for i in set(r.ids)), key=lambda c: c.id)
            e = es[0]
            ordered.append(((e.start, e.end), 0, _resolution_pieces(text, e.start, e.end, r.text, group)))
            merged.extend(set(r.ids))
        else:
            c = valid[key]
            for e in es:
                ordered.append(((e.start, e.end), 1, _refine(text, c, e)))
            merged.append(key)
    ordered.sort(key=lambda t: (t[0], t[1]))
    pieces = [p for _, _, ps in ordered for p in ps]

    failed = {i for ri, r in enumerate(resolutions) if ri not in accepted for i in r.ids}
    done = set(merged)
    for i in valid:
        if i not in done:
            skipped[i] = MISMATCH if i in failed else COLLISION
    return MergeResult(
        text=splice(text, pieces),
        merged=tuple(sorted(merged)),
        skipped=tuple(sorted(skipped.items())),
        provenance=carry_spans(provenance, pieces),
    )
