"""Carry an amendment written against an older version onto the newest one, or say why not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .context import CONTEXT, Placement, place_insertion, place_replacement
from .diff import Edit, backend, check_edits, edits_between
from .shift import Shifter

__all__ = ["RebaseResult", "rebase", "rebase_amendment"]

CLEAN, REVIEW, CONFLICT = "clean", "review", "conflict"
ALREADY = "already_applied"
MARGIN = 32  # how much better the best context match must be than the runner-up
WINDOW = 200  # characters around the changed region searched for the old words


@dataclass(frozen=True, slots=True)
class RebaseResult:
    """Outcome of a rebase: placed edits (in the target's coordinates) or the reason there are none."""

    status: str
    edits: tuple[Edit, ...]
    reason: str
    confidence: float


class _Conflict(Exception):
    pass


def _short(text: str, limit: int = 80) -> str:
    text = text.replace("\n", "\u21b5")
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _touches(e: Edit, c: Edit) -> bool:
    """Whether a later change ``c`` reaches into the words (or insertion point) of ``e``."""
    if e.start < e.end:
        if c.start < c.end:
            return c.start < e.end and e.start < c.end
        return e.start < c.start < e.end
    p = e.start
    return c.start <= p <= c.end  # includes the characters on either side of the point


def _pick(hits: list[Placement]) -> Placement | None:
    if not hits:
        return None
    hits = sorted(hits, key=lambda h: -h.score)
    if len(hits) > 1 and hits[0].score - hits[1].score < MARGIN:
        return None
    return hits[0]


Tracked = tuple[Edit, bool]  # an edit, and whether a version already made it (kept as a no-op)


@lru_cache(maxsize=32)
def _changes(prev: str, nxt: str, _backend: str) -> Shifter:
    """One version change, ready to map positions through: shared by every amendment rebased
    across it (a merge moves hundreds of pending amendments over the same change)."""
    return Shifter(edits_between(prev, nxt))


def _step(edits: list[Tracked], prev: str, nxt: str, version: int) -> tuple[list[Tracked], list[str], float]:
    """Map edits across one version change; raise _Conflict when it cannot be done safely."""
    shift = _changes(prev, nxt, backend())  # the backend in the key: benchmarks switch it
    out: list[Tracked] = []
    notes: list[str] = []
    confidence = 1.0
    for e, applied in edits:
        touched = [c for c in shift.near(e.start, e.end) if _touches(e, c)]
        if not touched:
            out.append((Edit(shift.right(e.start), shift.left(e.end), e.text), applied))
            continue
        lo = min(e.start, touched[0].start)
        hi = max(e.end, touched[-1].end)
        nlo, nhi = shift.left(lo), shift.right(hi)
        was, now = prev[lo:hi], nxt[nlo:nhi]
        done = prev[lo : e.start] + e.text + prev[e.end : hi]
        if done == now and not applied:
            at = nlo + e.start - lo  # a no-op edit over the words the version wrote
            out.append((Edit(at, at + len(e.text), e.text), True))
            continue
        wlo, whi = max(0, nlo - WINDOW), min(len(nxt), nhi + WINDOW)
        if e.start < e.end:
            hits, raw = place_replacement(prev, e.start, e.end, nxt, wlo, whi)
        else:
            hits, raw = place_insertion(prev, e.start, nxt, wlo, whi), 0
        best = _pick(hits)
        if best is None:
            ctx_pre = prev[max(0, e.start - 12) : e.start]
            ctx_post = prev[e.end : e.end + 12]
            at = nxt.find(ctx_pre + e.text + ctx_post, wlo, whi)
            if at >= 0 and not raw and not applied:
                at += len(ctx_pre)
                out.append((Edit(at, at + len(e.text), e.text), True))
                continue
            if len(hits) > 1 or raw > 1:
                why = f"appear {max(len(hits), raw)} times nearby, so the place is ambiguous"
            else:
                why = "no longer appear there"
            raise _Conflict(
                f"the words this amendment replaces were changed in version {version}: "
                f"'{_short(was)}' -> '{_short(now)}' (its words {why})"
            )
        out.append((Edit(best.start, best.end, e.text), applied))
        notes.append(f"lines changed by a later version (version {version}); placed by context match")
        confidence = min(confidence, 0.5 + 0.45 * min(1.0, best.score / (2 * CONTEXT)))
    out.sort(key=lambda x: (x[0].start, x[0].end))
    try:
        check_edits(len(nxt), [e for e, _ in out])
    except ValueError:
        raise _Conflict(f"after version {version} this amendment's changes overlap each other") from None
    return out, notes, confidence


def rebase(edits: Sequence[Edit], chain: Sequence[str]) -> RebaseResult:
    """Rebase edits on ``chain[0]`` onto ``chain[-1]``; version N in reasons means ``chain[N]``."""
    if not chain:
        raise ValueError("chain needs at least the base text")
    check_edits(len(chain[0]), edits)
    cur: list[Tracked] = [(e, False) for e in edits]
    notes: list[str] = []
    confidence = 1.0
    for i in range(1, len(chain)):
        if chain[i] == chain[i - 1] or not cur:
            continue
        try:
            cur, step_notes, conf = _step(cur, chain[i - 1], chain[i], i)
        except _Conflict as exc:
            return RebaseResult(CONFLICT, (), str(exc), 0.0)
        notes.extend(step_notes)
        confidence = min(confidence, conf)
    final = tuple(e for e, applied in cur if not applied)
    if edits and not final:
        return RebaseResult(CONFLICT, (), f"{ALREADY}: a later version already makes this change", 0.0)
    partly = len(final) < len(cur)
    if notes:
        reason = notes[0] + ("; part of it is already in the newer version" if partly else "")
        return RebaseResult(REVIEW, final, reason, confidence)
    if partly:
        return RebaseResult(REVIEW, final, "part of this amendment is already in the newer version", 0.9)
    return RebaseResult(CLEAN, final, "", 1.0)


def rebase_amendment(base: str, amended: str, chain: Sequence[str]) -> RebaseResult:
    """Rebase a whole amended text (as members submit it) written against ``chain[0] == base``."""
    if not chain or chain[0] != base:
        raise ValueError("chain must start with the amendment's base text")
    return rebase(edits_between(base, amended), chain)
