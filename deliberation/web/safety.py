"""Input and output guards for every request: strict JSON in, storable query strings, pages
that encode whatever a stored row holds.

Text is refused at the edges (api/helpers.json_body, forms.Form); this is the net under
them, for rows written before those checks existed or by hand.
"""
import re

from flask import Flask, abort, request
from flask import Response as FlaskResponse
from flask_babel import gettext as _

from deliberation.api.json_input import StrictJSONProvider
from deliberation.errors import Invalid
from deliberation.text_input import storable

SURROGATES = re.compile("[\ud800-\udfff]")


class Response(FlaskResponse):
    """A response whose text always encodes: a lone surrogate becomes U+FFFD (the replacement
    character) instead of a UnicodeEncodeError and a 500 on every later view of that row."""

    def set_data(self, value: bytes | str) -> None:
        if isinstance(value, str):
            try:
                value = value.encode()
            except UnicodeEncodeError:
                value = SURROGATES.sub("\ufffd", value).encode()
        super().set_data(value)


def refused_headers() -> None:
    """The server could not read this request's headers (web/serving.py): answer with its error."""
    code = request.environ.get("refound.refused_headers")
    if code:
        abort(code)


def refuse_unstorable_query() -> None:
    """A query string (search words, filters, page numbers) that cannot be stored cannot match
    anything stored either: a 400 naming the parameter, before a lookup sends it to the database."""
    for name, value in request.args.items(multi=True):
        if not (storable(name) and storable(value)):
            name = name if storable(name) else None
            raise Invalid(_("The query parameter '%(name)s' contains a character that cannot be stored "
                            "(a NUL or other control character, or a broken one).", name=name or "?"),
                          code="invalid_text", field=name)


def install(app: Flask) -> None:
    app.json = StrictJSONProvider(app)
    app.response_class = Response
    app.before_request_funcs.setdefault(None, []).insert(0, refused_headers)
    app.before_request(refuse_unstorable_query)
