"""Carry a range of one version's text (the lines a comment is about) along to later versions.

A range follows its own characters: whatever survives of it in the next version, from the
first surviving character to the last, is the range there (words inserted inside it join it,
words inserted at its edges do not). Once no word of it survives (every letter or digit it
held was deleted or replaced; for a range of only punctuation or spaces, every such character)
it is gone, and the caller says so instead of guessing a place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .diff import Edit, edits_between
from .shift import Shifter

__all__ = ["carry", "carry_along", "steps_between"]

_WORD = re.compile(r"\w")
_VISIBLE = re.compile(r"\S")
_ANY = re.compile(r".", re.DOTALL)

Range = tuple[int, int]


def _survivors(text: str, start: int, end: int, edits: Sequence[Edit]) -> list[Range]:
    """The stretches of ``text[start:end]`` that no edit deletes or replaces, in order."""
    out: list[Range] = []
    at = start
    for e in edits:
        if e.end <= at or e.start == e.end:  # before us, or a pure insertion (deletes nothing)
            continue
        if e.start >= end:
            break
        if e.start > at:
            out.append((at, e.start))
        at = max(at, e.end)
    if at < end:
        out.append((at, end))
    return out


def carry(
    text: str, start: int, end: int, edits: Sequence[Edit], shifter: Shifter | None = None
) -> Range | None:
    """``[start, end)`` of ``text`` after ``edits`` (sorted, disjoint, in ``text``'s coordinates);
    None when none of its words survives. An empty range stays where its position maps to."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"range {start}..{end} outside text of length {len(text)}")
    shift = shifter or Shifter(edits)
    if start == end:  # a point: where it maps, or where the words that held it were
        inside = next((e for e in shift.near(start, start) if e.start < start < e.end), None)
        at = shift.right(inside.start) if inside is not None else shift.right(start)
        return at, at
    kept = _survivors(text, start, end, shift.near(start, end))
    pattern = next((p for p in (_WORD, _VISIBLE) if p.search(text, start, end)), _ANY)
    if not any(pattern.search(text, lo, hi) for lo, hi in kept):
        return None
    first, last = kept[0][0], kept[-1][1] - 1
    return shift.right(first), shift.right(last) + 1


def steps_between(chain: Sequence[str]) -> list[tuple[Edit, ...]]:
    """The word-level edits from each text of ``chain`` to the next."""
    return [edits_between(a, b) for a, b in zip(chain, chain[1:], strict=False)]


def carry_along(
    start: int, end: int, chain: Sequence[str], steps: Sequence[Sequence[Edit]] | None = None
) -> Range | None:
    """``[start, end)`` of ``chain[0]`` carried through every later text to ``chain[-1]``; None
    once its words are gone. ``steps`` (from ``steps_between``) spares recomputing the diffs."""
    if not chain:
        raise ValueError("chain needs at least one text")
    steps = steps if steps is not None else steps_between(chain)
    here: Range | None = (start, end)
    for text, edits in zip(chain, steps, strict=False):
        here = carry(text, here[0], here[1], edits)
        if here is None:
            return None
    if not 0 <= here[0] <= here[1] <= len(chain[-1]):
        raise ValueError("the steps do not lead to the chain's last text")
    return here
