"""A version's text as clauses with their official line ranges: the units search finds.

Pure (no Flask, no database), like the text engine it builds on. A clause starts at a heading
or at a numbered clause ("4.2", "(a)", "Article 3": amendments/engine/structure.py); an
unnumbered paragraph starts one too, except right under a heading, which it joins. Lines are
the display lines of amendments/engine/lines.py, so a clause's lines are the ones members cite.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from amendments.engine.lines import number_lines
from amendments.engine.structure import is_underline

_HEADING_MARKS = re.compile(r"^\s*(?:#{1,6}|([=\-~#*+^])\1*)\s+|\s+([=\-~#*+^])\2*\s*$")
_TITLE_WORDS = 8


@dataclass(frozen=True)
class Clause:
    #: 1-based, in the order of the text.
    n: int
    #: The clause number it starts with ("4.2", "(a)"), if any.
    label: str | None
    #: The heading it sits under (or is), without its markup; "" before any heading.
    heading: str
    line_from: int
    line_to: int
    #: The display lines from line_from to line_to, blank ones included.
    lines: tuple[str, ...]
    #: True when it starts with a heading (and holds any paragraph right under it).
    is_heading: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def title(self) -> str:
        """What a search result calls it: its heading, its number and heading, or its first words."""
        parts = (self.label, self.heading)
        named = self.heading if self.is_heading else " · ".join(part for part in parts if part)
        if named:
            return named
        words = " ".join(self.text.split()).split(" ")
        return " ".join(words[:_TITLE_WORDS]) + (" …" if len(words) > _TITLE_WORDS else "")


def heading_text(line: str) -> str:
    """A heading line without its Markdown hashes or framing marks."""
    return _HEADING_MARKS.sub("", line).strip()


@dataclass
class _Open:
    label: str | None
    heading: str
    first: int
    last: int
    #: Only heading lines so far (a paragraph right below joins it).
    heading_only: bool
    #: Its heading's title line has been seen (an overline comes before it).
    titled: bool = False


def _source_lines(text: str, lines):
    """The display lines grouped by the source line they wrap, first to last."""
    starts, offset = {0}, 0
    for source in text.split("\n"):
        offset += len(source) + 1
        starts.add(offset)
    group: list = []
    for line in lines:
        if line.start in starts and group:
            yield group
            group = []
        group.append(line)
    if group:
        yield group


def split_clauses(text: str, width: int = 80) -> list[Clause]:
    """The clauses of a text, each with its display lines and line range."""
    lines = number_lines(text, width)
    found: list[_Open] = []
    heading, current, after_blank = "", None, False
    for group in _source_lines(text, lines):
        first, last = group[0], group[-1]
        if first.kind == "blank":
            after_blank = True
            continue
        if first.kind == "heading":
            underline = is_underline(first.text)
            title = "" if underline else heading_text(first.text)
            if (current is not None and current.heading_only and not after_blank
                    and (underline or not current.titled)):
                current.last = last.n  # the underline below a title, or the title below an overline
                if title:
                    heading = current.heading = title
                    current.titled = True
            else:
                heading = title or heading
                current = _Open(first.clause, title, first.n, last.n, heading_only=True, titled=bool(title))
                found.append(current)
        elif first.kind == "clause" or current is None or (after_blank and not current.heading_only):
            current = _Open(first.clause if first.kind == "clause" else None, heading, first.n, last.n,
                            heading_only=False)
            found.append(current)
        else:
            current.last, current.heading_only = last.n, False
        after_blank = False
    return [Clause(n, c.label, c.heading, c.first, c.last, tuple(ln.text for ln in lines[c.first - 1:c.last]),
                   is_heading=c.titled or (c.heading_only and c.first == c.last and not c.heading))
            for n, c in enumerate(found, start=1)]
