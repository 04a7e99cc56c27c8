"""The plain values the document builders take: no database rows, no Flask, already translated."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from amendments.engine import Line
from deliberation.exports.pieces import Piece, Source


@dataclass(frozen=True, slots=True)
class Author:
    """How a tracked change or a redline mark names its source, and the merge that dated it."""

    name: str
    date: datetime | None = None
    #: The short tag printed beside a change ("12" for Amendment 12, "P3" for Proposal 3).
    tag: str = ""


@dataclass
class Authors:
    """Who wrote each source, and who answers for changes provenance does not explain."""

    by_source: Mapping[Source, Author]
    fallback: Author

    def of(self, source: Source | None) -> Author:
        if source is None:
            return self.fallback
        return self.by_source.get(source) or self.fallback


@dataclass
class VersionPrint:
    """A version to print: its text and numbered lines, and with ``pieces`` a redline against another."""

    title: str
    subtitle: str
    text: str
    lines: list[Line]
    #: The redline (new-text coordinates), or None for the clean text.
    pieces: list[Piece] | None = None
    authors: Authors | None = None
    words: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Excerpt:
    """An amendment's redline on the numbered lines of the version it was written on: ``text`` is
    the stretch of that version the lines cover, and the lines' offsets count from its start."""

    text: str
    #: The changed lines with a little context; None stands for unchanged lines left out.
    lines: list[Line | None]
    #: ``pieces[i]`` are the pieces of ``lines[i]`` (base-text coordinates, insertions as points).
    pieces: list[list[Piece]]


@dataclass
class BookletEntry:
    """One amendment as the booklet and the decisions sheet show it."""

    number: int
    amendment_id: int
    title: str
    status: str
    status_name: str
    sponsor: str
    group: str
    supporters: int
    supporter_names: list[str]
    base_version_id: int
    line_from: int
    line_to: int
    rationale: str
    excerpt: Excerpt | None
    #: What became of it: a sentence, and who decided and when ("" where nobody has yet).
    outcome: str = ""
    reason: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None


@dataclass
class Booklet:
    """Every amendment of an assembly, numbered in line order."""

    title: str
    subtitle: str
    entries: list[BookletEntry]
    words: Mapping[str, str] = field(default_factory=dict)
