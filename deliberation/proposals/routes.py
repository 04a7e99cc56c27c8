"""Proposal pages: open one for a group, write it (plain form or live editor), submit it."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from deliberation.auth.forms import require_csrf
from deliberation.auth.permissions import can_write_proposal, is_organiser
from deliberation.errors import ServiceError
from deliberation.live.presence import colour_for
from deliberation.live.store import encoded_state, live_text
from deliberation.lookup import get_assembly
from deliberation.models import Group
from deliberation.proposals.blueprint import bp
from deliberation.proposals.services import (
    create_proposal,
    get_proposal,
    get_readable_proposal,
    save_text,
    submit_proposal,
)
from deliberation.web import ui
from deliberation.web.transaction import discard
from extensions import db

EDITOR_BUNDLE = "dist/editor.js"


def _organised_groups():
    return [g for g in db.session.scalars(db.select(Group).order_by(Group.name))
            if is_organiser(current_user, g.id)]


@bp.route("/assemblies/<int:assembly_id>/proposals/new", methods=["GET", "POST"])
@login_required
def new(assembly_id: int):
    assembly = get_assembly(assembly_id)
    groups = _organised_groups()
    values = {"title": request.form.get("title", ""), "group_id": request.form.get("group_id", "")}
    if request.method == "POST":
        require_csrf()
        try:
            group_id = int(values["group_id"])
        except ValueError:
            return ui.render_form("proposals/new.html", ServiceError(_("Choose a group."), field="group_id"),
                                  assembly=assembly, groups=groups, values=values)
        try:
            proposal = create_proposal(current_user, assembly, group_id, values["title"], None)
        except ServiceError as err:
            return ui.render_form("proposals/new.html", err, assembly=assembly, groups=groups, values=values)
        flash(_("Proposal opened. Your group can write it together now."))
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return ui.render_form("proposals/new.html", assembly=assembly, groups=groups, values=values)


def _show(proposal, err: ServiceError | None = None, text: str | None = None):
    writable = can_write_proposal(current_user, proposal)
    text = live_text(proposal.room) if text is None else text
    return ui.render_form(
        "proposals/show.html", err, proposal=proposal, assembly=get_assembly(proposal.assembly_id), text=text,
        writable=writable, organiser=is_organiser(current_user, proposal.group_id),
        lines=None if writable else ui.numbered_lines(text),
        marked=ui.marked_lines(request.args.get("lines")),
        editor_js=EDITOR_BUNDLE if ui.static_exists(EDITOR_BUNDLE) else None,
        initial_update=encoded_state(proposal.room) if proposal.status == "draft" else "",
        user_colour=colour_for(current_user.id))  # the cursor colour others see (live/presence.py)


@bp.route("/proposals/<int:proposal_id>")
@login_required
def show(proposal_id: int):
    return _show(get_readable_proposal(current_user, proposal_id))


@bp.route("/proposals/<int:proposal_id>/text", methods=["POST"])
@login_required
def save(proposal_id: int):
    """The no-JavaScript way to write: the whole text becomes edits in the live room."""
    require_csrf()
    proposal = get_proposal(proposal_id)
    text = request.form.get("text", "")
    try:
        changed = save_text(current_user, proposal, text)
    except ServiceError as err:
        discard()  # the page below shows the stored text, not the refused one
        return _show(proposal, err, text=text)
    flash(_("Saved.") if changed else _("No changes to save."))
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>/submit", methods=["POST"])
@login_required
def submit(proposal_id: int):
    require_csrf()
    proposal = get_proposal(proposal_id)
    try:
        submit_proposal(current_user, proposal)
    except ServiceError as err:
        discard()  # the page below shows the proposal as stored, not half submitted
        return _show(proposal, err)
    flash(_("Proposal submitted: its text is frozen as version %(id)s.", id=proposal.version_id))
    return redirect(url_for("proposals.show", proposal_id=proposal.id))
