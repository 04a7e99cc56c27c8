"""The search box's language (Whoosh's): words (all of them must match), "phrases", AND, OR,
NOT, field:value and prefix*. Parsed here and refused with a reason people can act on when it
would find nothing sensible or cost the whole index (a bare *, a one-letter prefix, NOT alone).

Fields: title, text (the default), kind, status, assembly, group.
"""
from __future__ import annotations

import fnmatch
import re
from copy import copy
from dataclasses import dataclass, field
from itertools import islice

from flask_babel import gettext as _
from whoosh import query as Q
from whoosh.qparser import AndGroup, QueryParser
from whoosh.qparser import plugins as P

from deliberation.search.analysis import stem
from deliberation.search.schema import SCHEMA

#: Longest query accepted, in characters.
MAX_LENGTH = 500
#: Letters a prefix or wildcard needs before its first * or ?.
MIN_PREFIX = 3
#: Index words one prefix may stand for; more would make the search slow.
MAX_EXPANSION = 2000
#: Field names people may type, and the schema field each searches.
FIELDS = {"title": "title", "content": "content", "kind": "kind", "status": "status",
          "assembly": "assembly", "group": "group"}
_TEXT_FIELDS = ("content", "title", "words")


class QueryError(Exception):
    """A query refused, with a sentence saying why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _parser() -> QueryParser:
    parser = QueryParser("content", SCHEMA, group=AndGroup)
    for plugin in (P.FieldsPlugin, P.RangePlugin, P.EveryPlugin):
        parser.remove_plugin_class(plugin)
    # remove_unknown=False: an unknown field is refused, not read as words.
    parser.add_plugin(P.FieldsPlugin(remove_unknown=False))
    parser.add_plugin(P.FieldAliasPlugin({"content": ["text", "body"]}))
    return parser


_PARSER = _parser()


def _literal(text: str) -> str:
    return re.split(r"[*?]", text, maxsplit=1)[0]


def _positive(q) -> bool:
    """Whether the query asks for something rather than only excluding."""
    if isinstance(q, Q.Not):
        return False
    if isinstance(q, Q.And):
        return any(_positive(sub) for sub in q.subqueries)
    if isinstance(q, (Q.Or, Q.DisjunctionMax)):
        return all(_positive(sub) for sub in q.subqueries)
    if isinstance(q, Q.AndNot):
        return _positive(q.a)
    if isinstance(q, Q.AndMaybe):
        return _positive(q.a)
    return True


def _check(q) -> None:
    for leaf in q.leaves() if q.is_leaf() is False else [q]:
        name = getattr(leaf, "fieldname", None)
        if name is not None and name not in FIELDS.values():
            raise QueryError(_(
                "There is no field “%(name)s”: use title, text, kind, status, assembly or group.", name=name))
        if isinstance(leaf, Q.Every):
            raise QueryError(_("Type at least one word to search for."))
        if isinstance(leaf, (Q.Prefix, Q.Wildcard)) and len(_literal(leaf.text)) < MIN_PREFIX:
            raise QueryError(_("Type at least %(n)s letters before * or ?.", n=MIN_PREFIX))


def parse(text: str):
    """The Whoosh query for what someone typed, or QueryError."""
    text = text.strip()
    if not text:
        raise QueryError(_("Type something to search for."))
    if len(text) > MAX_LENGTH:
        raise QueryError(_("The search is longer than %(n)s characters.", n=MAX_LENGTH))
    try:
        q = _PARSER.parse(text)
    except Exception:  # Whoosh's parser is lenient; anything it still cannot read is the input's fault
        raise QueryError(_("The search could not be read: check its quotes and brackets.")) from None
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        raise QueryError(_(
            "The search has no words to look for (very common words such as “the” are left out)."))
    _check(q)
    if not _positive(q):
        raise QueryError(_("NOT only leaves things out: add a word to search for."))
    return q.accept(_unstemmed)


def _unstemmed(q):
    """Prefixes and wildcards on the text look at whole words, not stems."""
    if isinstance(q, (Q.Prefix, Q.Wildcard)) and q.fieldname == "content":
        q = copy(q)
        q.fieldname = "words"
    return q


def check_expansion(q, reader) -> None:
    """Refuse a prefix or wildcard that stands for too many words of the index."""
    for leaf in q.leaves() if not q.is_leaf() else [q]:
        if isinstance(leaf, (Q.Prefix, Q.Wildcard)):
            count = sum(1 for _term in islice(leaf._btexts(reader), MAX_EXPANSION + 1))
            if count > MAX_EXPANSION:
                raise QueryError(_("“%(text)s*” matches too many words: type more of it.",
                                   text=_literal(leaf.text)))


@dataclass
class Highlight:
    """What a snippet marks: index words, prefixes and wildcard patterns the query looks for
    (not those it excludes)."""

    words: set[str] = field(default_factory=set)
    prefixes: list[str] = field(default_factory=list)
    patterns: list[re.Pattern] = field(default_factory=list)

    def matches(self, word: str) -> bool:
        """Whether a folded, unstemmed word of the text is one the query looks for."""
        return (stem(word) in self.words or any(word.startswith(p) for p in self.prefixes)
                or any(p.match(word) for p in self.patterns))


def highlight_of(q) -> Highlight:
    found = Highlight()

    def walk(node, negated: bool) -> None:
        if isinstance(node, Q.Not):
            return walk(node.query, True)
        if isinstance(node, Q.AndNot):
            walk(node.a, negated)
            return walk(node.b, True)
        if not node.is_leaf():
            for sub in node.children():
                walk(sub, negated)
            return
        if negated or getattr(node, "fieldname", None) not in _TEXT_FIELDS:
            return
        if isinstance(node, Q.Phrase):
            found.words.update(node.words)
        elif isinstance(node, Q.Prefix):
            found.prefixes.append(node.text)
        elif isinstance(node, Q.Wildcard):
            found.patterns.append(re.compile(fnmatch.translate(node.text)))
        elif isinstance(node, Q.Term):
            found.words.add(node.text)

    walk(q, False)
    return found
