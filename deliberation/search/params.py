"""A search's query-string parameters, read the same way for the page and the API."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from amendments.models import AMENDMENT_STATUSES
from deliberation.errors import Invalid
from deliberation.search.kinds import KIND_NAMES
from deliberation.search.service import Filters

#: Statuses a search may filter on: proposals' and amendments'.
STATUSES = ("draft", "submitted", *AMENDMENT_STATUSES)
MAX_PER_PAGE = 100
MAX_PAGE = 1000


@dataclass(frozen=True)
class Request:
    q: str
    filters: Filters
    page: int
    per_page: int


def _int(args, name: str, low: int = 1, high: int = 2**62, default: int | None = None) -> int | None:
    value = args.get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise Invalid(_("'%(name)s' must be a whole number.", name=name), code="invalid_field",
                      field=name) from None
    if not low <= number <= high:
        raise Invalid(_("'%(name)s' must be between %(low)s and %(high)s.", name=name, low=low, high=high),
                      code="invalid_field", field=name)
    return number


def _choice(args, name: str, allowed) -> str | None:
    value = args.get(name, "")
    if value == "":
        return None
    if value not in allowed:
        raise Invalid(_("'%(name)s' must be one of: %(allowed)s.", name=name, allowed=", ".join(allowed)),
                      code="invalid_field", field=name)
    return value


def read(args) -> Request:
    """The search a query string asks for; Invalid naming the parameter that is wrong."""
    filters = Filters(assembly_id=_int(args, "assembly_id"), kind=_choice(args, "kind", KIND_NAMES),
                      status=_choice(args, "status", STATUSES), group_id=_int(args, "group_id"),
                      all_versions=_choice(args, "versions", ("current", "all")) == "all")
    return Request(q=args.get("q", ""), filters=filters, page=_int(args, "page", high=MAX_PAGE, default=1),
                   per_page=_int(args, "per_page", high=MAX_PER_PAGE, default=20))
