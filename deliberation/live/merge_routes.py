"""Resolve a collision in the live merge draft: the chairs compose the wording together (each sees
the others' cursors), start from any amendment's wording, and commit it as the group's
resolution."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from amendments.services.views import wording_cards
from deliberation.auth.forms import require_csrf
from deliberation.auth.permissions import is_chair
from deliberation.errors import ServiceError
from deliberation.live.blueprint import bp
from deliberation.live.merge_room import commit_region, live_region, seed_room
from deliberation.live.presence import colour_for
from deliberation.lookup import get_assembly
from deliberation.web import ui
from deliberation.web.transaction import discard

EDITOR_BUNDLE = "dist/editor.js"


def _ids(raw: str) -> list[int]:
    try:
        ids = sorted({int(part) for part in raw.split(",") if part.strip()})
    except ValueError:
        abort(400)
    if not 2 <= len(ids) <= 500:
        abort(400)
    return ids


def _chair_assembly(assembly_id: int):
    assembly = get_assembly(assembly_id)
    if not is_chair(current_user, assembly.id):
        abort(403)
    return assembly


def _page(assembly, ids: list[int], error: ServiceError | None = None):
    room = seed_room(assembly, current_user.id)
    try:
        region = live_region(assembly, ids)
    except ServiceError as err:
        flash(err.message, "error")
        return redirect(url_for("amendments.merge_page", assembly_id=assembly.id))
    cards = wording_cards(region)
    return ui.render_form(
        "live/resolve.html", error, assembly=assembly, region=region, cards=cards, ids=ids, room=room,
        initial_update=region["live_state"], user_colour=colour_for(current_user.id),
        editor_js=EDITOR_BUNDLE if ui.static_exists(EDITOR_BUNDLE) else None)


@bp.route("/assemblies/<int:assembly_id>/merge/resolve")
@login_required
def resolve(assembly_id: int):
    return _page(_chair_assembly(assembly_id), _ids(request.args.get("ids", "")))


@bp.route("/assemblies/<int:assembly_id>/merge/resolve", methods=["POST"])
@login_required
def commit(assembly_id: int):
    """Commit the highlighted wording of the live draft as the group's resolution."""
    require_csrf()
    assembly = _chair_assembly(assembly_id)
    ids = _ids(request.form.get("ids", ""))

    def number(name):
        try:
            return int(request.form.get(name, ""))
        except ValueError:
            return None
    try:
        result = commit_region(current_user, assembly, ids, request.form.get("text"), number("version_id"),
                               number("live_start"), number("live_end"))
    except ServiceError as err:
        discard()  # nothing half-merged reaches the page below
        return _page(assembly, ids, err)
    flash(_("Collision resolved: amendments %(ids)s are merged into version %(v)s.",
            ids=", ".join(map(str, result["merged"])), v=result["version_id"]))
    return redirect(url_for("amendments.merge_page", assembly_id=assembly.id))
