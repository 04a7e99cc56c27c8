"""API: GET /api/v1/search, only what the caller may open."""
from flask import jsonify, request
from flask_babel import gettext as _

from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member
from deliberation.errors import Invalid
from deliberation.search import params
from deliberation.search.query import QueryError
from deliberation.search.service import search


@bp.get("/search")
def api_search():
    member = acting_member()
    wanted = params.read(request.args)
    if not wanted.q.strip():
        raise Invalid(_("'q' is required: the words to search for."), code="missing_field", field="q")
    try:
        results = search(member, wanted.q, wanted.filters, wanted.page, wanted.per_page)
    except QueryError as err:
        raise Invalid(err.message, code="invalid_query", field="q") from None
    return jsonify({"total": results.total, "page": results.page, "per_page": results.per_page,
                    "hits": [hit.as_json() for hit in results.hits]})
