"""The search page, and the suggestions the search box lists while someone types."""
from flask import jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from deliberation.errors import ServiceError
from deliberation.models import Assembly, Group
from deliberation.search import params
from deliberation.search.blueprint import bp
from deliberation.search.query import QueryError
from deliberation.search.service import search, suggest
from extensions import db

KIND_NAMES = {"proposal": _l("Proposal"), "amendment": _l("Amendment"), "clause": _l("Clause"),
              "comment": _l("Comment")}


def _page_url(page: int) -> str:
    return url_for("search.page", **{**request.args.to_dict(), "page": page})


def _choices() -> dict:
    assemblies = db.session.scalars(db.select(Assembly).order_by(Assembly.id.desc())).all()
    return {"assemblies": assemblies, "assembly_titles": {a.id: a.title for a in assemblies},
            "groups": db.session.scalars(db.select(Group).order_by(Group.name)).all(),
            "statuses": params.STATUSES, "kind_names": KIND_NAMES, "page_url": _page_url}


@bp.get("/search")
@login_required
def page():
    """Results for the query in the address (so a search can be bookmarked), with the filters."""
    errors, results, wanted, status = {}, None, None, 200
    try:
        wanted = params.read(request.args)
        if wanted.q.strip():
            results = search(current_user, wanted.q, wanted.filters, wanted.page, wanted.per_page)
    except QueryError as err:
        errors, status = {"q": [err.message]}, 400
    except ServiceError as err:
        errors, status = {err.field or "q": [err.message]}, err.status
    return render_template("search/results.html", results=results, wanted=wanted, args=request.args,
                           errors=errors, **_choices()), status


@bp.get("/search/suggest")
def suggestions():
    """JSON for the search box: up to eight titles matching what has been typed so far."""
    if not current_user.is_authenticated:
        return jsonify({"error": {"code": "unauthorized", "message": _("Sign in to search.")}}), 401
    hits = suggest(current_user, request.args.get("q", ""))
    return jsonify({"suggestions": [{"title": hit.title, "kind": hit.kind, "url": hit.url} for hit in hits]})
