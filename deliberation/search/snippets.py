"""Snippets: the lines of a hit that hold what was searched for, with their line numbers and
the matching words marked. Every piece of the document's text is escaped here; the only markup
is ours (<mark>, and spans for the line and its number)."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from deliberation.search.analysis import plain_tokens
from deliberation.search.query import Highlight

#: Lines a snippet shows at most, and characters of each around the first match.
MAX_LINES = 3
WIDTH = 180


@dataclass(frozen=True)
class Snippet:
    html: Markup
    #: The line number of the first line shown that matched, if it has one.
    first_line: int | None


def _marks(text: str, highlight: Highlight) -> list[tuple[int, int]]:
    return [(start, end) for start, end, word in plain_tokens(text) if highlight.matches(word)]


def _window(text: str, marks: list[tuple[int, int]]) -> tuple[int, int]:
    """The part of a long line around its first match, cut at spaces."""
    if len(text) <= WIDTH:
        return 0, len(text)
    start = max(0, (marks[0][0] if marks else 0) - WIDTH // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + WIDTH)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + WIDTH // 2 else end
    return start, end


def _line(number: int | None, text: str, marks: list[tuple[int, int]]) -> Markup:
    start, end = _window(text, marks)
    parts = [escape("…") if start else ""]
    pos = start
    for a, b in marks:
        if a < pos or b > end:
            continue
        parts.append(escape(text[pos:a]))
        parts.append(Markup("<mark>") + escape(text[a:b]) + Markup("</mark>"))
        pos = b
    parts.append(escape(text[pos:end]))
    parts.append(escape("…") if end < len(text) else "")
    number_html = Markup('<span class="ln">%s</span>') % number if number is not None else Markup("")
    return Markup('<span class="snippet-line">%s<span class="lt">%s</span></span>') % (
        number_html, Markup("").join(parts))


def snippet(body, highlight: Highlight) -> Snippet:
    """The lines of ``body`` ((line number or None, text) pairs) worth showing for this query."""
    chosen = []
    for number, text in body:
        marks = _marks(text, highlight)
        if marks:
            chosen.append((number, text, marks))
            if len(chosen) == MAX_LINES:
                break
    if not chosen:  # the match was in the title or in words not shown: show how it begins
        chosen = [(number, text, []) for number, text in list(body)[:2]]
    first = next((number for number, _text, marks in chosen if marks and number is not None), None)
    return Snippet(Markup("").join(_line(*line) for line in chosen), first)
