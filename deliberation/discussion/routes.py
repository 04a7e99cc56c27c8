"""Discussion pages and forms: post, reply, edit, report, hide; a thread's HTML for the live
page; a target's discussion on a page of its own; the moderators' queue of reported comments.

Each form works without JavaScript (a post, then back to the page at the comment; a refused one
shows the discussion again with the message beside the form, at the error's status). The page's
script sends the same forms with ``X-Requested-With: fetch`` and gets JSON instead.
"""

import re

from flask import abort, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from amendments.services.versions import get_version
from deliberation.api.rate_limits import member_key, spend
from deliberation.discussion.blueprint import bp
from deliberation.discussion.comments import edit_comment, get_comment, post_comment
from deliberation.discussion.forms import CommentForm, EditForm, PlainForm, ReasonForm
from deliberation.discussion.mentions import suggest
from deliberation.discussion.models import TARGETS
from deliberation.discussion.moderation import dismiss_reports, hide_comment, report_comment, report_queue
from deliberation.discussion.present import names_of, stamp
from deliberation.discussion.targets import PATHS, load_target
from deliberation.discussion.views import discussion_view
from deliberation.errors import Invalid, ServiceError
from deliberation.web import ui
from deliberation.web.transaction import discard

#: Where a form may send the reader back to: a page that shows a discussion, nowhere else.
_NEXT = re.compile(
    r"^(/(amendments|proposals|versions|discussion/(amendment|proposal|version))/[1-9][0-9]{0,17}"
    r"|/discussion/reports)$"
)


def _fetching() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _back(form, target_kind: str, target_id: int, comment_id: int):
    """Where to go after a form: the page it came from (if it is one of ours), at the comment."""
    path = (
        form.next.data
        if form.next.data and _NEXT.match(form.next.data)
        else PATHS[target_kind].format(id=target_id)
    )
    return redirect(f"{path}#comment-{comment_id}")


def _checked(form) -> None:
    """A form without this site's CSRF token is a 400; unstorable text is a 400 naming the field."""
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        name, messages = next((n, m) for n, m in form.errors.items())
        raise Invalid(" ".join(str(m) for m in messages), code="invalid_field", field=name)


def _refused(err: ServiceError, kind: str, target_id: int, form_key: str, values: dict):
    """A refused form: JSON for the page's script, else the discussion with the message inline."""
    discard()  # nothing of the refused action is stored
    if _fetching():
        return jsonify(err.to_dict()), err.status
    try:
        return _page(kind, target_id, errors={form_key: err.message}, values={form_key: values}), err.status
    except ServiceError:
        abort(err.status)


def _done(form, comment, message: str):
    if _fetching():
        return jsonify({"ok": True, "id": comment.id, "thread_id": comment.root_id}), 200
    flash(message)
    return _back(form, comment.target, comment.target_id, comment.id)


@bp.post("/discussion/comments")
@login_required
def post():
    """A new thread (on the whole target, or on lines of a version), or a reply."""
    form = CommentForm()
    kind, target_id = request.form.get("target", ""), form.target_id.data
    form_key = f"reply-{form.reply_to.data}" if form.reply_to.data else "new"
    try:
        _checked(form)
        spend("commenting", member_key(current_user))
        comment = post_comment(
            current_user,
            kind,
            target_id,
            form.body.data or "",
            line_from=form.line_from.data,
            line_to=form.line_to.data,
            reply_to=form.reply_to.data,
        )
    except ServiceError as err:
        values = {
            "body": form.body.data or "",
            "line_from": form.line_from.data,
            "line_to": form.line_to.data,
        }
        return _refused(err, kind, target_id if isinstance(target_id, int) else 0, form_key, values)
    return _done(
        form, comment, _("Your reply is posted.") if comment.reply_to_id else _("Your comment is posted.")
    )


def _on_comment(comment_id: int, form, form_key: str, act, message: str):
    """Run an action on one comment from its form: done, back to the page; refused, the message."""
    comment = get_comment(comment_id)
    try:
        _checked(form)
        act(comment)
    except ServiceError as err:
        values = {"body": request.form.get("body", ""), "reason": request.form.get("reason", "")}
        return _refused(err, comment.target, comment.target_id, f"{form_key}-{comment.id}", values)
    return _done(form, comment, message)


@bp.post("/discussion/comments/<int:comment_id>/edit")
@login_required
def edit(comment_id: int):
    form = EditForm()
    return _on_comment(
        comment_id,
        form,
        "edit",
        lambda c: (
            spend("commenting", member_key(current_user))
            or edit_comment(current_user, c, form.body.data or "")
        ),
        _("Your comment is changed."),
    )


@bp.post("/discussion/comments/<int:comment_id>/hide")
@login_required
def hide(comment_id: int):
    form = ReasonForm()
    return _on_comment(
        comment_id,
        form,
        "hide",
        lambda c: hide_comment(current_user, c, form.reason.data),
        _("The comment is hidden."),
    )


@bp.post("/discussion/comments/<int:comment_id>/report")
@login_required
def report(comment_id: int):
    form = ReasonForm()
    return _on_comment(
        comment_id,
        form,
        "report",
        lambda c: report_comment(current_user, c, form.reason.data),
        _("Thank you: the moderators will look at this comment."),
    )


@bp.post("/discussion/comments/<int:comment_id>/dismiss")
@login_required
def dismiss(comment_id: int):
    form = PlainForm()
    comment = get_comment(comment_id)
    try:
        _checked(form)
        dismiss_reports(current_user, comment)
    except ServiceError as err:
        discard()
        if _fetching():
            return jsonify(err.to_dict()), err.status
        flash(err.message, "error")
        return redirect("/discussion/reports")
    if _fetching():
        return jsonify({"ok": True, "id": comment.id}), 200
    flash(_("The reports are closed; the comment stays."))
    return redirect("/discussion/reports")


def _view_arg(comment):
    """The page a fragment is for (``kind:id``, from ?view=); the comment's own target by default."""
    raw = request.args.get("view", "")
    kind, _sep, ident = raw.partition(":")
    if kind in TARGETS and ident.isdigit() and len(ident) <= 18:
        return kind, int(ident)
    return comment.target, comment.target_id


@bp.get("/discussion/comments/<int:comment_id>")
@login_required
def fragment(comment_id: int):
    """One comment (``?part=comment``) or its whole thread, as the page at ``?view=`` shows it."""
    comment = get_comment(comment_id)
    view = discussion_view(*_view_arg(comment))
    thread = next((t for t in view.threads if t.root.id == comment.root_id), None)
    if thread is None:
        abort(404)
    next_url = view.target.path
    if request.args.get("part") == "comment":
        return render_template(
            "discussion/_comment.html",
            c=comment,
            view=view,
            thread=thread,
            next_url=next_url,
            errors={},
            values={},
        )
    return render_template(
        "discussion/_thread.html", thread=thread, view=view, next_url=next_url, errors={}, values={}
    )


def _page(kind: str, target_id: int, errors=None, values=None):
    view = discussion_view(kind, target_id)
    version = get_version(target_id) if kind == "version" else None
    return render_template(
        "discussion/page.html",
        view=view,
        version=version,
        lines=ui.numbered_lines(version.text) if version else None,
        discussion_errors=errors or {},
        discussion_values=values or {},
    )


@bp.get("/discussion/<any(amendment, proposal, version):kind>/<int:target_id>")
@login_required
def page(kind: str, target_id: int):
    """A target's discussion on a page of its own."""
    return _page(kind, target_id)


@bp.get("/discussion/<any(amendment, proposal, version):kind>/<int:target_id>/comments.json")
@login_required
def state(kind: str, target_id: int):
    """What the page shows, in brief, so its script can catch up after a lost connection."""
    view = discussion_view(kind, target_id)
    return jsonify(
        {
            "comments": [
                {"id": c.id, "thread_id": c.root_id, "reply_to": c.reply_to_id, "stamp": stamp(c)}
                for t in view.threads
                for c in (t.root, *t.replies)
            ]
        }
    )


@bp.get("/discussion/reports")
@login_required
def reports():
    """The moderators' queue: reported comments this member may hide or let stay."""
    items = report_queue(current_user)
    return render_template(
        "discussion/reports.html",
        items=items,
        names=names_of(i.comment.author_id for i in items),
        form=PlainForm(),
        paths=PATHS,
    )


@bp.get("/discussion/mentions")
@login_required
def mentions():
    """Members to @mention, for the comment box's suggestions (JSON)."""
    try:
        target_id = int(request.args.get("target_id", ""))
        target = load_target(request.args.get("target"), target_id, current_user)
    except (ValueError, ServiceError):
        return jsonify({"members": []}), 400
    return jsonify({"members": suggest(current_user, target.assembly_id, request.args.get("q", ""))})
