"""JSON as the standard defines it, and no deeper than a real body: the app's JSON provider.

Python's json reads NaN and Infinity, which are not JSON and which no database column or
browser reads back the same, and recurses once per bracket, so a 5,000-deep body raised
RecursionError; and integers beyond any id (2**64 in a list of ids overflowed the database
driver). Every JSON body the app parses (the API's, and Flask-WTF's for a form posted
as JSON) goes through this provider's loads.
"""
import json
from typing import Any

from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _

from deliberation.text_input import MAX_JSON_DEPTH, json_depth_exceeds


class RejectedJSON(ValueError):
    """Parseable by Python, but not a body the app takes (code invalid_json)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


#: No id, count or setting comes near this; a database integer column holds up to 2**63 - 1.
MAX_INT = 2**62


def _bounded_int(digits: str) -> int:
    value = int(digits)
    if not -MAX_INT < value < MAX_INT:
        raise RejectedJSON(_("%(digits)s… is too large a number for any field.", digits=digits[:20]))
    return value


def _no_constants(name: str):
    raise RejectedJSON(_("%(name)s is not a JSON number; send a number or null.", name=name))


class StrictJSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        raw = s if isinstance(s, bytes) else s.encode("utf-8", "surrogatepass")
        if json_depth_exceeds(raw):
            raise RejectedJSON(_("The body nests deeper than %(n)s levels.", n=MAX_JSON_DEPTH))
        kwargs.setdefault("parse_constant", _no_constants)
        kwargs.setdefault("parse_int", _bounded_int)
        try:
            return json.loads(s, **kwargs)
        except RecursionError:  # a safety net: the depth check above should always come first
            raise RejectedJSON(_("The body nests deeper than %(n)s levels.", n=MAX_JSON_DEPTH)) from None
