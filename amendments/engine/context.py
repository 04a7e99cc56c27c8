"""Re-find an amendment's words by their surroundings when a later version moved them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from .tokens import TOKEN_RE

_SPACES = re.compile(r"\s+")

__all__ = ["Placement", "place_replacement", "place_insertion", "common_prefix", "common_suffix"]

CONTEXT = 48  # characters of surrounding text compared on each side
MIN_SCORE = 32  # matched context characters (both sides together) needed to trust a placement
MIN_SIDE = 12  # ...and on each side: text deleted next to look-alike text must not fool us


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the old words were found in the newer text, and how sure we are."""

    start: int
    end: int
    score: int


def common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


def _on_boundary(text: str, pos: int) -> bool:
    """True if ``pos`` does not split a token (word, emoji sequence, space run)."""
    if pos <= 0 or pos >= len(text):
        return True
    m = TOKEN_RE.match(text, max(0, pos - 64))
    while m and m.end() < pos:
        m = TOKEN_RE.match(text, m.end())
    return m is None or m.end() == pos


def _squash(text: str) -> str:
    """Collapse whitespace runs, so re-wrapped lines still count as the same context."""
    return _SPACES.sub(" ", text)


def _score(old: str, s: int, e: int, new: str, ns: int, ne: int) -> tuple[int, int]:
    """Characters of matching context before and after, ignoring differences in whitespace."""
    span = 2 * CONTEXT
    a, b = _squash(old[max(0, s - span) : s])[-CONTEXT:], _squash(new[max(0, ns - span) : ns])[-CONTEXT:]
    pre = common_suffix(a, b)
    if pre == len(a) == len(b) and s <= span and ns <= span:
        pre = CONTEXT  # both reach the start of the text: full agreement
    a, b = _squash(old[e : e + span])[:CONTEXT], _squash(new[ne : ne + span])[:CONTEXT]
    post = common_prefix(a, b)
    if post == len(a) == len(b) and len(old) - e <= span and len(new) - ne <= span:
        post = CONTEXT
    return pre, post


def _trusted(pre: int, post: int) -> bool:
    return pre + post >= MIN_SCORE and min(pre, post) >= MIN_SIDE


def _confirm(old: str, s: int, new: str, lo: int, hi: int, target: int) -> bool:
    """Ask diff-match-patch's fuzzy matcher, given the original context, where the words went."""
    pre = old[max(0, s - 16) : s]
    pattern = pre + old[s : s + 32 - len(pre) // 2]
    if not pattern:
        return True
    dmp = diff_match_patch()
    dmp.Match_Distance = max(100, hi - lo)
    found = dmp.match_main(new[lo:hi], pattern, max(0, target - lo - len(pre)))
    return found >= 0 and abs(lo + found + len(pre) - target) <= 2


def place_replacement(old: str, s: int, e: int, new: str, lo: int, hi: int) -> tuple[list[Placement], int]:
    """Exact occurrences of ``old[s:e]`` in ``new[lo:hi]`` with trusted context, and how many raw hits."""
    words = old[s:e]
    hits: list[Placement] = []
    raw = 0
    pos = new.find(words, lo, hi)
    while pos >= 0:
        end = pos + len(words)
        if _on_boundary(new, pos) and _on_boundary(new, end):
            raw += 1
            pre, post = _score(old, s, e, new, pos, end)
            if _trusted(pre, post) and _confirm(old, s, new, lo, hi, pos):
                hits.append(Placement(pos, end, pre + post))
        pos = new.find(words, pos + 1, hi)
    return hits, raw


def place_insertion(old: str, p: int, new: str, lo: int, hi: int) -> list[Placement]:
    """Points in ``new[lo:hi]`` whose surroundings match those of ``old`` at ``p``."""
    anchor = 12
    spots: set[int] = set()
    tail = old[max(0, p - anchor) : p]
    head = old[p : p + anchor]
    if tail:
        q = new.find(tail, lo, hi)
        while q >= 0:
            spots.add(q + len(tail))
            q = new.find(tail, q + 1, hi)
    if head:
        q = new.find(head, lo, hi)
        while q >= 0:
            spots.add(q)
            q = new.find(head, q + 1, hi)
    out = []
    for q in sorted(spots):
        if not _on_boundary(new, q):
            continue
        pre, post = _score(old, p, p, new, q, q)
        if _trusted(pre, post):
            out.append(Placement(q, q, pre + post))
    return out
