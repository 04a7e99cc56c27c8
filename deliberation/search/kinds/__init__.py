"""The kinds of document search finds, one module each. A kind added here is indexed, rebuilt,
checked and searched like the others; kinds/base.py says what a kind provides.

Comments (kinds/comments.py) are switched on once the discussion area is merged, by adding
``Comments(Comment)`` to the list below with its import.
"""
from __future__ import annotations

from deliberation.search.kinds.amendments import Amendments
from deliberation.search.kinds.base import Kind
from deliberation.search.kinds.clauses import Clauses
from deliberation.search.kinds.proposals import Proposals

#: Every kind the API and the page may filter on, switched on or not.
KIND_NAMES = ("proposal", "amendment", "comment", "clause")

_kinds: dict[str, Kind] = {}


def install(kind: Kind) -> None:
    """Switch a kind on (tests switch on comments with a stand-in model this way)."""
    _kinds[kind.name] = kind


def uninstall(name: str) -> None:
    _kinds.pop(name, None)


def kinds() -> dict[str, Kind]:
    return _kinds


def watchers(row) -> list[Kind]:
    """The kinds that index again when a row of this class changes."""
    return [kind for kind in _kinds.values() if isinstance(row, kind.watches)]


for _kind in (Proposals(), Amendments(), Clauses()):
    install(_kind)
