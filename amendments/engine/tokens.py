"""Split text into words, spaces and punctuation so diffs never cut a word in half."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["tokenise", "TOKEN_RE"]

# Combining marks and joiners that belong to the character before them (Python's
# ``re`` has no \p{M}); covers Latin, Hebrew, Arabic, Devanagari and emoji.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_JOINERS = "\u200c\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"

TOKEN_RE = re.compile(
    rf"[\w{_MARKS}{_JOINERS}]+"  # a word, with its accents and joiners
    r"|\n"  # each newline on its own, so line structure diffs cleanly
    r"|[^\S\n]+"  # a run of other whitespace
    r"|[\U0001f1e6-\U0001f1ff]{2}"  # a flag (pair of regional indicators)
    rf"|[^\w\s](?:[{_MARKS}{_JOINERS}]|(?<=\u200d)[^\s])*"  # punctuation or emoji sequence
)


@lru_cache(maxsize=256)
def tokenise(text: str) -> tuple[str, ...]:
    """Return the tokens of ``text``; joined together they give ``text`` back."""
    return tuple(TOKEN_RE.findall(text))
