"""The chairs' merge desk: every admitted amendment laid over the draft, merged in one step where
nothing collides, collisions resolved by choosing or composing a wording, and the last merge
undone."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from amendments.blueprint import bp
from amendments.services.merging import merge
from amendments.services.undo import undo
from amendments.services.versions import get_version
from amendments.services.views import draft_by_line, merge_desk
from deliberation.auth.forms import EmptyForm, require_csrf
from deliberation.auth.permissions import is_chair
from deliberation.errors import ServiceError
from deliberation.lookup import get_assembly
from deliberation.web.transaction import discard

LINES_PER_PAGE = 200
#: Skip reasons from the merge service, in plain words.
REASONS = {
    "already_merged": lambda: _("it was already merged"),
    "not_admitted": lambda: _("it does not yet have enough supporters"),
    "conflict": lambda: _("the words it changes are no longer in the draft"),
    "review": lambda: _("it may no longer fit where it was written; tick “accept” after checking it"),
    "collision": lambda: _("it collides with another amendment; resolve the collision below"),
    "resolution_mismatch": lambda: _("the resolution did not cover the whole collision"),
    "invalid_edits": lambda: _("its changes do not fit the current draft"),
    "invalid_text": lambda: _("its text cannot be stored"),
    "withdrawn": lambda: _("it was withdrawn"),
    "rejected": lambda: _("it was rejected"),
    "obsolete": lambda: _("it is obsolete"),
}


def reason_text(reason: str) -> str:
    return REASONS[reason]() if reason in REASONS else reason


def _chair_assembly(assembly_id: int):
    assembly = get_assembly(assembly_id)
    if not is_chair(current_user, assembly.id):
        abort(403)
    return assembly


def _ids(values) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        abort(400)


def _page(assembly, result=None, error=None, status=200):
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        page = 1
    return render_template("amendments/merge.html", assembly=assembly, desk=merge_desk(assembly, page),
                           result=result, error=error, reason_text=reason_text, form=EmptyForm()), status


@bp.route("/assemblies/<int:assembly_id>/merge/lines")
@login_required
def merge_lines(assembly_id: int):
    """The draft with every admitted amendment laid over it, line by line, 200 lines at a time."""
    assembly = _chair_assembly(assembly_id)
    try:
        first = max(1, int(request.args.get("from", "1")))
    except ValueError:
        first = 1
    rows, total = draft_by_line(assembly, first, LINES_PER_PAGE)
    if first > total and total:
        abort(404)
    return render_template("amendments/merge_lines.html", assembly=assembly, rows=rows, total=total,
                           first=first, per_page=LINES_PER_PAGE)


@bp.route("/assemblies/<int:assembly_id>/merge")
@login_required
def merge_page(assembly_id: int):
    return _page(_chair_assembly(assembly_id))


@bp.route("/assemblies/<int:assembly_id>/merge", methods=["POST"])
@login_required
def merge_submit(assembly_id: int):
    """One form handler for both buttons: merge the clean ones, or resolve one collision group."""
    require_csrf()
    assembly = _chair_assembly(assembly_id)
    ids = _ids(request.form.getlist("amendment_id"))
    accept = _ids(request.form.getlist("accept_review"))
    resolutions = None
    if request.form.get("action") == "resolve":
        choice = request.form.get("choice", "custom")
        text = request.form.get("wording_" + choice) if choice != "custom" else None
        resolutions = [{"amendment_ids": ids,
                        "text": text if text is not None else request.form.get("text", "")}]
    try:
        expected = int(request.form.get("version_id", ""))
    except ValueError:
        expected = None
    try:
        result = merge(current_user, assembly, sorted(set(ids) | set(accept)), resolutions,
                       accept_review=accept, expected_version_id=expected)
    except ServiceError as err:
        discard()  # the page below shows the draft as stored
        return _page(assembly, error=err.message, status=err.status)
    result["version"] = get_version(result["version_id"])
    return _page(assembly, result=result)


@bp.route("/assemblies/<int:assembly_id>/merge/undo", methods=["POST"])
@login_required
def undo_submit(assembly_id: int):
    """Undo the last merge still standing: the draft goes back, its amendments to "admitted"."""
    require_csrf()
    assembly = _chair_assembly(assembly_id)
    try:
        merge_id = int(request.form.get("merge_id", ""))
    except ValueError:
        merge_id = None
    try:
        done = undo(current_user, assembly, merge_id)
    except ServiceError as err:
        discard()
        return _page(assembly, error=err.message, status=err.status)
    flash(_("Merge %(id)s is undone: the draft is back to its earlier text as version %(v)s, and amendments "
            "%(ids)s are admitted again.", id=done["undone_merge_id"], v=done["version_id"],
            ids=", ".join(map(str, done["restored"])) or "—"))
    return redirect(url_for("amendments.merge_page", assembly_id=assembly.id))
