"""The chairs' merge page: lay every pending amendment over the draft, merge, resolve collisions."""
from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from amendments.blueprint import bp
from amendments.services.merging import merge
from amendments.services.versions import get_version
from amendments.services.views import merge_overview
from deliberation.auth.forms import EmptyForm, require_csrf
from deliberation.auth.permissions import is_chair
from deliberation.errors import ServiceError
from deliberation.lookup import get_assembly
from deliberation.web.transaction import discard

#: Skip reasons from the merge service, in plain words.
REASONS = {
    "already_merged": lambda: _("it was already merged"),
    "not_admitted": lambda: _("it does not yet have enough supporters"),
    "conflict": lambda: _("the words it changes are no longer in the draft"),
    "review": lambda: _("it may no longer fit where it was written; tick “accept” after checking it"),
    "collision": lambda: _("it collides with another amendment; resolve the collision below"),
    "resolution_mismatch": lambda: _("the resolution did not cover the whole collision"),
    "invalid_edits": lambda: _("its changes do not fit the current draft"),
    "withdrawn": lambda: _("it was withdrawn"),
    "rejected": lambda: _("it was rejected"),
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
    overview = merge_overview(assembly)
    return render_template("amendments/merge.html", assembly=assembly, o=overview, result=result, error=error,
                           reason_text=reason_text, form=EmptyForm()), status


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
        resolutions = [{"amendment_ids": ids, "text": text if text is not None else request.form.get("text", "")}]
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
