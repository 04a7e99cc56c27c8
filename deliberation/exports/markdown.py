"""Markdown: a version's text exactly as stored, or a redline in CriticMarkup.

CriticMarkup (criticmarkup.com) because Markdown has no insert/delete of its own and its
marks are plain text that survive any editor: ``{++inserted++}``, ``{--deleted--}``, and
``{>>Amendment 12 — Leeds Central<<}`` after a change that provenance credits. Accepting every
``{++…++}`` and dropping every ``{--…--}`` and comment gives the version back; the reverse
gives the version it was compared with (unless the text itself contains those brackets).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from deliberation.exports.model import Authors
from deliberation.exports.pieces import EQUAL, INSERT, Piece

__all__ = ["clean_markdown", "redline_markdown", "resolve_criticmarkup"]

_SURROGATES = re.compile("[\ud800-\udfff]")


def _utf8(text: str) -> bytes:
    """UTF-8 bytes; a lone surrogate (only in rows stored before text was checked) becomes U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text).encode("utf-8")


def clean_markdown(text: str) -> bytes:
    """The version's text byte for byte: it is stored as Markdown already."""
    return _utf8(text)


def redline_markdown(pieces: Sequence[Piece], authors: Authors | None = None) -> bytes:
    """Changes as CriticMarkup, each run of changes followed by a comment naming its source."""
    out: list[str] = []
    pending: list[str] = []  # author names of the changes since the last equal run

    def close_run() -> None:
        # A name cannot close its comment early: "<<}" inside it would.
        names = list(dict.fromkeys(n.replace("<<}", "<< }") for n in pending if n))
        if names:
            out.append("{>>" + "; ".join(names) + "<<}")
        pending.clear()

    for p in pieces:
        if p.op == EQUAL:
            close_run()
            out.append(p.text)
            continue
        out.append(("{++" + p.text + "++}") if p.op == INSERT else ("{--" + p.text + "--}"))
        if authors is not None and p.source is not None:
            pending.append(authors.of(p.source).name)
    close_run()
    return _utf8("".join(out))


_MARK = re.compile(r"\{\+\+(.*?)\+\+\}|\{--(.*?)--\}|\{>>.*?<<\}", re.S)


def resolve_criticmarkup(marked: str, accept: bool) -> str:
    """Accept (``True``) or reject every change; comments go either way. For tests and readers."""

    def pick(m: re.Match) -> str:
        if m.group(1) is not None:
            return m.group(1) if accept else ""
        if m.group(2) is not None:
            return "" if accept else m.group(2)
        return ""

    return _MARK.sub(pick, marked)


