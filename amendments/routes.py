"""Amendment pages: write and preview an amendment, read one, support it, read versions and the draft."""
from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from amendments.blueprint import bp
from amendments.engine import Edit, LineIndex, apply_edits
from amendments.forms import AmendForm, DecisionForm, WithdrawForm
from amendments.services.explain import explain_clause
from amendments.services.filing import (
    FILING_PHASES,
    file_amendment,
    get_amendment,
    preview,
    support,
    supporter_count,
)
from amendments.services.labels import amendment_labels
from amendments.services.placements import placements_on
from amendments.services.redline import render_redline
from amendments.services.statuses import FINAL, decide, history, may_withdraw, withdraw
from amendments.services.versions import get_version, spans_of
from amendments.services.views import amendment_rows
from deliberation.api.rate_limits import member_key, spend
from deliberation.auth.forms import EmptyForm, require_csrf
from deliberation.auth.permissions import is_chair
from deliberation.errors import ServiceError
from deliberation.lookup import get_assembly
from deliberation.models import Group, Member
from deliberation.web import ui
from deliberation.web.transaction import discard
from extensions import db


def _width() -> int:
    return current_app.config["LINE_WIDTH"]


@bp.route("/versions/<int:version_id>")
@login_required
def version(version_id: int):
    v = get_version(version_id)
    assembly = get_assembly(v.assembly_id)
    return render_template("amendments/version.html", version=v, assembly=assembly,
                           lines=ui.numbered_lines(v.text), marked=ui.marked_lines(request.args.get("lines")))


@bp.route("/versions/<int:version_id>/amend", methods=["GET", "POST"])
@login_required
def amend(version_id: int):
    """Edit the text in a textarea; Preview shows the redline, File amendment records it."""
    base = get_version(version_id)
    assembly = get_assembly(base.assembly_id)
    form = AmendForm()
    form.group_id.choices = [("", _("Just me, as a member"))] + [
        (str(m.group_id), m.group.name) for m in current_user.memberships]
    if request.method == "GET":
        form.text.data = base.text
    shown, status = None, 200
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400) if form.csrf_token.errors else None
            status = 400
        else:
            try:
                if request.form.get("action") == "file":
                    spend("filing", member_key(current_user))
                    amendment, _shown = file_amendment(current_user, assembly, base.id, form.text.data or "",
                                                       form.title.data or "", form.rationale.data or "",
                                                       group_id=form.group_id.data)
                    flash(_("Amendment filed."))
                    return redirect(url_for("amendments.show", amendment_id=amendment.id))
                shown = preview(base, form.text.data or "", _width())
                shown["html"] = render_redline(base.text, shown["text"])
            except ServiceError as err:
                form.show_error(err.field, err.message)
                status = err.status
                _also_check_text(form, base, err)
    return render_template("amendments/amend.html", form=form, base=base, assembly=assembly, shown=shown,
                           filing_open=assembly.phase in FILING_PHASES,
                           cited=_cited_span(base.text, request.args.get("lines"))), status


@bp.route("/versions/<int:version_id>/amend/preview", methods=["POST"])
@login_required
def amend_preview(version_id: int):
    """The redline of the text as typed so far (suggest mode): the amend page asks as you type."""
    base = get_version(version_id)
    text = request.form.get("text", "")
    try:
        shown = preview(base, text, _width())
    except ServiceError as err:
        return jsonify({"error": {"code": err.code, "message": err.message}}), err.status
    return jsonify({"html": render_redline(base.text, shown["text"]),
                    "lines": ui.line_range(shown["line_from"], shown["line_to"]),
                    "line_from": shown["line_from"], "line_to": shown["line_to"]})


def _cited_span(text: str, raw: str | None) -> tuple[int, int] | None:
    """Character range of "12-14" (official lines) in the text, for the amend page to select."""
    try:
        first, _sep, last = (raw or "").partition("-")
        first, last = int(first), int(last or first)
        index = LineIndex(text, _width())
        return index.span_of(first)[0], index.span_of(max(first, last))[1]
    except (ValueError, IndexError):
        return None


def _also_check_text(form, base, err: ServiceError) -> None:
    """Filing stops at the first problem; show an unchanged text too, so one round trip fixes both."""
    if err.field == "text":
        return
    try:
        preview(base, form.text.data or "", _width())
    except ServiceError as text_err:
        form.show_error(text_err.field, text_err.message)


@bp.route("/amendments/<int:amendment_id>")
@login_required
def show(amendment_id: int, decision_form=None, withdraw_form=None, status=200):
    amendment = get_amendment(amendment_id)
    assembly = get_assembly(amendment.assembly_id)
    base = get_version(amendment.base_version_id)
    new_text = _amended_text(base.text, amendment.edits)
    placed = None
    if amendment.status in ("open", "admitted"):
        placed = placements_on(get_version(assembly.current_version_id), [amendment])[0].rebase
    sponsor = db.session.get(Member, amendment.sponsor_id) if amendment.sponsor_id else None
    group = db.session.get(Group, amendment.group_id) if amendment.group_id else None
    labels = {amendment.id: _("Amendment %(id)s", id=amendment.id)}
    return render_template(
        "amendments/show.html", amendment=amendment, assembly=assembly, base=base, sponsor=sponsor,
        group=group, redline=render_redline(base.text, new_text, (), labels), placed=placed,
        supporters=supporter_count(amendment.id), form=EmptyForm(), history=history(amendment),
        decision_form=decision_form or (DecisionForm() if is_chair(current_user, assembly.id)
                                        and amendment.status not in FINAL else None),
        withdraw_form=withdraw_form or (WithdrawForm() if may_withdraw(current_user, amendment) else None),
    ), status


def _amendment_action(amendment_id: int, form, act, field_of, done_message, form_name: str):
    """Run a chair's decision or a withdrawal from the amendment page: done, back to the page with
    a message; refused (but allowed to try), the page again with the message beside the field."""
    amendment = get_amendment(amendment_id)
    if form.validate_on_submit():
        try:
            act(amendment)
        except ServiceError as err:
            if err.status == 403:
                raise
            discard()  # the page below shows the amendment as stored
            field_of(form, err).errors.append(err.message)
        else:
            flash(done_message(amendment))
            if request.form.get("next") == "desk":  # decided from the merge desk: back there
                return redirect(url_for("amendments.merge_page", assembly_id=amendment.assembly_id))
            return redirect(url_for("amendments.show", amendment_id=amendment.id))
    return show(amendment_id, status=400, **{form_name: form})


@bp.route("/amendments/<int:amendment_id>/decision", methods=["POST"])
@login_required
def decide_amendment(amendment_id: int):
    """A chair's decision from the amendment page; a missing reason is shown beside the field."""
    form = DecisionForm()
    return _amendment_action(
        amendment_id, form, lambda a: decide(current_user, a, form.status.data, form.reason.data),
        lambda f, err: f.reason if err.field == "reason" else f.status,
        lambda a: _("Amendment %(id)s is now %(status)s.", id=a.id, status=ui.status_name(a.status)),
        "decision_form")


@bp.route("/amendments/decision", methods=["POST"])
@login_required
def decide_one():
    """A chair's decision on one amendment of a collision group, chosen on the merge desk."""
    try:
        amendment_id = int(request.form.get("amendment_id", ""))
    except ValueError:
        abort(400)
    return decide_amendment(amendment_id)


@bp.route("/amendments/<int:amendment_id>/withdraw", methods=["POST"])
@login_required
def withdraw_amendment(amendment_id: int):
    form = WithdrawForm()
    return _amendment_action(
        amendment_id, form, lambda a: withdraw(current_user, a, form.reason.data), lambda f, err: f.reason,
        lambda a: _("Amendment %(id)s is withdrawn.", id=a.id), "withdraw_form")


def _amended_text(text: str, edits: list) -> str:
    return apply_edits(text, [Edit(s, e, t) for s, e, t in edits])


@bp.route("/amendments/<int:amendment_id>/support", methods=["POST"])
@login_required
def support_amendment(amendment_id: int):
    require_csrf()
    count = support(current_user, get_amendment(amendment_id))
    flash(_("Thank you: the amendment now has %(n)s supporters.", n=count))
    return redirect(url_for("amendments.show", amendment_id=amendment_id))


@bp.route("/assemblies/<int:assembly_id>/draft")
@login_required
def draft(assembly_id: int):
    """The final-draft redline: every changed word says which amendment it came from."""
    assembly = get_assembly(assembly_id)
    base = get_version(assembly.base_version_id)
    current = get_version(assembly.current_version_id)
    layout = "side" if request.args.get("layout") == "side" else "inline"
    html = render_redline(base.text, current.text, spans_of(current), amendment_labels(assembly.id),
                          layout=layout)
    return render_template("amendments/draft.html", assembly=assembly, base=base, current=current,
                           layout=layout, redline=html,
                           merged=amendment_rows(assembly.id, ("merged", "merged_modified")))


@bp.route("/assemblies/<int:assembly_id>/draft/clause")
@login_required
def explain(assembly_id: int):
    """Explain this clause: every amendment that touched it and what became of each."""
    assembly = get_assembly(assembly_id)
    try:
        line = int(request.args.get("line", "1"))
    except ValueError:
        line = 0
    try:
        story = explain_clause(assembly, line)
    except ServiceError as err:
        return render_template("amendments/explain.html", assembly=assembly, story=None, error=err.message,
                               line=request.args.get("line", "")), err.status
    return render_template("amendments/explain.html", assembly=assembly, story=story, error=None, line=line)


@bp.route("/versions/<int:version_id>/diff")
@login_required
def diff(version_id: int):
    """One version against its assembly's base text."""
    v = get_version(version_id)
    assembly = get_assembly(v.assembly_id)
    base = get_version(assembly.base_version_id)
    spans = spans_of(v) if v.kind == "merge" else ()
    html = render_redline(base.text, v.text, spans, amendment_labels(assembly.id))
    return render_template("amendments/diff.html", version=v, assembly=assembly, base=base, redline=html)
