"""The kinds of document search finds, one module each. A kind added here is indexed, rebuilt,
checked and searched like the others; kinds/base.py says what a kind provides."""
from __future__ import annotations

from deliberation.discussion.models import Comment
from deliberation.search.kinds.amendments import Amendments
from deliberation.search.kinds.base import Kind
from deliberation.search.kinds.clauses import Clauses
from deliberation.search.kinds.comments import Comments
from deliberation.search.kinds.proposals import Proposals

#: Every kind the API and the page may filter on, switched on or not.
KIND_NAMES = ("proposal", "amendment", "comment", "clause")

_kinds: dict[str, Kind] = {}
#: Row class -> the kinds watching it; every flush asks, so it is worked out once per class.
_by_class: dict[type, list[Kind]] = {}


def install(kind: Kind) -> None:
    """Switch a kind on (tests switch on comments with a stand-in model this way)."""
    _kinds[kind.name] = kind
    _by_class.clear()


def uninstall(name: str) -> None:
    _kinds.pop(name, None)
    _by_class.clear()


def kinds() -> dict[str, Kind]:
    return _kinds


def watchers(row) -> list[Kind]:
    """The kinds that index again when a row of this class changes."""
    cls = type(row)
    if cls not in _by_class:
        _by_class[cls] = [kind for kind in _kinds.values() if issubclass(cls, kind.watches)]
    return _by_class[cls]


for _kind in (Proposals(), Amendments(), Clauses(), Comments(Comment)):
    install(_kind)
