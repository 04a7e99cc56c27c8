"""What every kind of search document says about itself: which rows it watches, how a source
row becomes documents, and who may open what it finds (one small module per kind)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, ClassVar, Iterable

from amendments.engine import LineIndex, word_diff

#: Readers token of a document every signed-in member may open.
ALL = "all"


def group_reader(group_id: int) -> str:
    """Readers token: the members of this group."""
    return f"group:{group_id}"


def chair_reader(assembly_id: int) -> str:
    """Readers token: the chairs of this assembly."""
    return f"chair:{assembly_id}"


@dataclass(frozen=True)
class Document:
    """One thing search can find. ``body`` is what snippets are cut from: lines, each with its
    official line number where it has one."""

    kind: str
    id: int
    key: str
    source: str
    title: str
    assembly_id: int
    body: tuple[tuple[int | None, str], ...] = ()
    #: Who may open it: (ALL,), or tokens from group_reader / chair_reader (admins see all).
    readers: tuple[str, ...] = (ALL,)
    status: str = ""
    group_id: int | None = None
    version_id: int | None = None
    line_from: int | None = None
    line_to: int | None = None
    #: Searched but never shown, e.g. the words an amendment deletes.
    hidden_text: str = ""
    #: What it is attached to, for its link: "proposal:5" for a comment on proposal 5.
    target: str = ""
    #: False for a clause of a version that is not its assembly's current draft: searches leave
    #: those out unless asked for every version.
    current: bool = True


class Kind:
    """A kind of document ("proposal", "amendment", "clause", "comment"). Its sources are rows
    named by an integer ``ref``; a source gives zero documents (gone, or not to be found, such as
    a hidden comment), one, or many (a version's clauses)."""

    #: The API's name for the kind; also the outbox's.
    name: ClassVar[str]
    #: ORM classes whose inserts, updates and deletes mean sources to index again.
    watches: ClassVar[tuple[type, ...]] = ()

    def refs_for_change(self, row) -> Iterable[int]:
        """The sources a changed row of a watched class touches (called inside the flush)."""
        return ()

    def all_refs(self) -> list[int]:
        """Every source in the database (rebuild and check)."""
        raise NotImplementedError

    def documents(self, refs: list[int]) -> dict[int, list[Document]]:
        """The documents of these sources now; a ref missing from the answer has none."""
        raise NotImplementedError

    def follows(self) -> dict[str, Callable[[list[int]], list[int]]]:
        """Other kinds' sources whose change changes some of this kind's (e.g. a comment on a
        proposal is readable by all once the proposal is submitted): kind -> refs -> our refs."""
        return {}

    def readable(self, member, hits: list[dict]) -> set[str]:
        """The keys of these hits (stored fields) the member may open now, asked of the database
        so that an index behind it never shows more than the pages would."""
        return {hit["key"] for hit in hits}

    def url(self, hit: dict, first_line: int | None = None) -> str:
        """Where the hit opens, at ``first_line`` (the first matching line) when it has lines."""
        raise NotImplementedError


def numbered_body(lines, first: int) -> tuple[tuple[int | None, str], ...]:
    return tuple((first + i, text) for i, text in enumerate(lines))


def plain_body(text: str) -> tuple[tuple[int | None, str], ...]:
    return tuple((None, line) for line in text.split("\n") if line.strip())


def changes(old: str, new: str, width: int) -> tuple[tuple[tuple[int | None, str], ...], str]:
    """The display lines of ``new`` that hold a change from ``old`` (numbered as ``new`` is), and
    the words ``old`` had that ``new`` dropped."""
    index = LineIndex(new, width)
    touched: set[int] = set()
    dropped: list[str] = []
    pos = 0
    for op, chunk in word_diff(old, new):
        if op == "equal":
            pos += len(chunk)
        elif op == "insert":
            if chunk.strip():
                first, last = index.cite(pos, pos + len(chunk))
                touched.update(range(first, last + 1))
            pos += len(chunk)
        else:
            dropped.append(chunk)
            if index.lines:
                touched.add(index.line_of(min(pos, len(new))))
    lines = tuple((n, index.lines[n - 1].text) for n in sorted(touched) if index.lines[n - 1].text.strip())
    return lines, " ".join(dropped)
