"""Small pieces every API view uses: the acting member and a parsed JSON body."""
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _

from deliberation.api.json_input import RejectedJSON
from deliberation.auth.loaders import member_for_token
from deliberation.errors import Invalid, Unauthorized
from deliberation.models import Member
from deliberation.text_input import storable, unstorable_in


def acting_member() -> Member:
    """The member behind the bearer token, or a 401.

    Only the token counts, never the session cookie: the API takes no CSRF token,
    so trusting the cookie would let any other site act as a signed-in member.
    """
    member = bearer_member()
    if member is None:
        raise Unauthorized(_("Sign in first: send 'Authorization: Bearer <token>'."))
    return member


def bearer_member() -> Member | None:
    """The member behind the request's bearer token, or None; looked up once per request (the
    token-use rate limit asks before the view does, rate_limits.py)."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    token = token.strip()
    cached = request.environ.get("refound.bearer")
    if cached is None or cached[0] != token:
        cached = (token, member_for_token(token))
        request.environ["refound.bearer"] = cached
    return cached[1]


def bearer_token() -> str:
    """The request's bearer token, unchecked, for the vote's hot path (the ballot box checks it
    with the others in its batch); a 401 if there is none."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise Unauthorized(_("Sign in first: send 'Authorization: Bearer <token>'."))
    return token


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 that says what is wrong with it.

    Every API view reads its body here, so this is where text enters: a string anywhere in
    the body that cannot be stored (text_input.py) refuses the whole request.
    """
    if not request.data:
        raise Invalid(_("The request needs a JSON body."), code="missing_body")
    if not request.is_json:
        raise Invalid(_("The body is not valid JSON."), code="malformed_json")
    try:
        data = current_app.json.loads(request.data)
    except RejectedJSON as err:
        raise Invalid(err.message, code="invalid_json") from None
    except ValueError:  # a syntax error, or bytes that are not UTF-8
        raise Invalid(_("The body is not valid JSON."), code="malformed_json") from None
    if not isinstance(data, dict):
        raise Invalid(_("The body must be a JSON object."), code="malformed_json")
    bad, name = unstorable_in(data)
    if bad:
        raise _unstorable(name)
    return data


def _unstorable(name: str | None) -> Invalid:
    if name is None:
        return Invalid(_("The body contains a character that cannot be stored (a NUL or other control "
                         "character, or a lone surrogate)."), code="invalid_text")
    return Invalid(_("'%(name)s' contains a character that cannot be stored (a NUL or other control "
                     "character, or a lone surrogate).", name=name), code="invalid_text", field=name)


def field(data: dict, name: str, kind: type | tuple, required: bool = True, default: Any = None) -> Any:
    """One field of a JSON object, checked for presence and type."""
    if name not in data or data[name] is None:
        if required:
            raise Invalid(_("'%(name)s' is required.", name=name), code="missing_field", field=name)
        return default
    value = data[name]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if bool in kinds or not isinstance(value, bool):
        if isinstance(value, kinds):
            if isinstance(value, int) and not isinstance(value, bool) and not -2**62 < value < 2**62:
                raise Invalid(_("'%(name)s' is out of range.", name=name), code="invalid_field", field=name)
            return value
    names = " or ".join(k.__name__.replace("str", "string").replace("int", "integer") for k in kinds)
    raise Invalid(_("'%(name)s' must be a %(names)s.", name=name, names=names), code="invalid_field",
                  field=name)


def text_field(data: dict, name: str, required: bool = True, max_len: int | None = None,
               default: str = "") -> str:
    value = field(data, name, str, required=required, default=default)
    if value and not storable(value):
        raise _unstorable(name)
    if max_len is not None and len(value) > max_len:
        raise Invalid(_("'%(name)s' is longer than %(max_len)s characters.", name=name, max_len=max_len),
                      code="too_long", field=name)
    return value

