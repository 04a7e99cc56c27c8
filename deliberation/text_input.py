"""What text may enter: Unicode a database and a browser can keep, nothing else.

Lone surrogates (U+D800-U+DFFF) are not characters: UTF-8 cannot encode them, so
PostgreSQL refuses them and every page showing one would fail. NUL ends strings in C
and PostgreSQL refuses it too; the other C0 controls, apart from tab and line breaks,
have no meaning in a text people write. One check, used by the API and the forms.
"""
import re
from typing import Any

#: Everything refused: C0 controls except \t \n \r, and every surrogate code point.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

#: How deep a JSON body may nest; real ones (ballot questions, merge resolutions) are 4 deep.
MAX_JSON_DEPTH = 64


def storable(text: str) -> bool:
    return UNSTORABLE.search(text) is None


def unstorable_in(data: Any) -> tuple[bool, str | None]:
    """Whether a parsed JSON value holds a string (or key) that is not storable, and the
    top-level key it is under (None when it is a top-level key or the value itself)."""
    stack: list[tuple[Any, str | None]] = [(data, None)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if not storable(value):
                return True, where
        elif isinstance(value, dict):
            for key, item in value.items():
                if not storable(key):
                    return True, where
                stack.append((item, key if value is data else where))
        elif isinstance(value, list):
            stack.extend((item, where) for item in value)
    return False, None


def json_depth_exceeds(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True if the brackets of a JSON text nest deeper than limit (strings skipped), found
    without parsing, so a 5,000-deep body never reaches the recursive parser."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKETS.finditer(_STRINGS.sub(b"", raw)):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        if depth > limit:
            return True
    return False


_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")
