"""API: comments on amendments, proposals and lines of versions; edits, reports and hiding."""

from flask import jsonify, request
from flask_babel import gettext as _

from amendments.services.versions import get_version
from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member, field, json_body
from deliberation.api.openapi import QUERIES, ROUTES
from deliberation.api.rate_limits import member_key, spend
from deliberation.discussion.comments import comments_on, edit_comment, get_comment, post_comment, revisions
from deliberation.discussion.mentions import suggest
from deliberation.discussion.moderation import (
    dismiss_reports,
    hide_comment,
    queue_json,
    report_comment,
    report_queue,
)
from deliberation.discussion.placement import threads_on_version
from deliberation.discussion.present import comment_json, names_of
from deliberation.discussion.targets import load_target
from deliberation.errors import Invalid
from deliberation.models.timeutil import iso

ROUTES.extend(
    [
        (
            "post",
            "/comments",
            "Comment on an amendment, a proposal or lines of a version, or reply (member)",
            {
                "target": {"type": "string", "enum": ["amendment", "proposal", "version"],
                           "x-required": True},
                "target_id": "integer!",
                "line_from": "integer",
                "line_to": "integer",
                "body": "string!",
                "reply_to": "integer",
            },
            201,
            "Comment",
        ),
        (
            "get",
            "/comments",
            "The comments on a target, replies included, oldest first",
            None,
            200,
            "Comments",
        ),
        ("get", "/comments/{id}", "One comment", None, 200, "Comment"),
        (
            "patch",
            "/comments/{id}",
            "Change your comment's words within 15 minutes of writing it (author); 409 "
            "edit_window_closed after",
            {"body": "string!"},
            200,
            "Comment",
        ),
        (
            "get",
            "/comments/{id}/revisions",
            "Every wording a comment has had, oldest first (not once hidden)",
            None,
            200,
            ["revisions"],
        ),
        (
            "post",
            "/comments/{id}/hide",
            "Hide a comment, saying why (chair of its assembly, organiser of its group)",
            {"reason": "string!"},
            200,
            "Comment",
        ),
        (
            "post",
            "/comments/{id}/report",
            "Ask the moderators to look at a comment (member, once per comment)",
            {"reason": "string"},
            201,
            ["comment_id", "reported"],
        ),
        (
            "post",
            "/comments/{id}/reports/dismiss",
            "Let a reported comment stay: close its reports (moderator)",
            None,
            200,
            ["comment_id", "dismissed"],
        ),
        (
            "get",
            "/comments/reports",
            "Reported comments this member may moderate, most reported first",
            None,
            200,
            ["reports"],
        ),
        (
            "get",
            "/comments/mentions",
            "Members to @mention in a discussion, by the start of their name",
            None,
            200,
            ["members"],
        ),
    ]
)
QUERIES.update(
    {
        ("get", "/comments"): {
            "target": ("string", True),
            "target_id": ("integer", True),
            "carried": ("boolean", False),
        },
        ("get", "/comments/reports"): {"assembly_id": ("integer", False)},
        ("get", "/comments/mentions"): {
            "target": ("string", True),
            "target_id": ("integer", True),
            "q": ("string", True),
        },
    }
)


def _int_arg(name: str, required: bool = True) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        if required:
            raise Invalid(_("'%(name)s' is required.", name=name), code="missing_field", field=name)
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Invalid(
            _("'%(name)s' must be a positive integer.", name=name), code="invalid_field", field=name
        )
    return int(raw)


def _target_args(reader):
    if not request.args.get("target"):
        raise Invalid(_("'%(name)s' is required.", name="target"), code="missing_field", field="target")
    return load_target(request.args.get("target"), _int_arg("target_id"), reader)


@bp.post("/comments")
def api_post_comment():
    member = acting_member()
    spend("commenting", member_key(member))
    data = json_body()
    comment = post_comment(
        member,
        field(data, "target", str),
        field(data, "target_id", int),
        field(data, "body", str),
        line_from=field(data, "line_from", int, required=False),
        line_to=field(data, "line_to", int, required=False),
        reply_to=field(data, "reply_to", int, required=False),
    )
    return jsonify(comment_json(comment, {member.id: member.name})), 201


@bp.get("/comments")
def api_list_comments():
    """A target's comments; for a version with ?carried=true, also the threads carried to it from
    the versions it descends from, with their lines here (null, and "gone", when their words are)."""
    target = _target_args(acting_member())
    carried = request.args.get("carried", "").lower() in ("1", "true", "yes")
    if target.kind != "version" or not carried:
        comments = comments_on(target.kind, target.id)
        names = names_of(c.author_id for c in comments)
        return jsonify({"comments": [comment_json(c, names) for c in comments]})
    threads = threads_on_version(get_version(target.id))
    names = names_of(c.author_id for t in threads for c in (t.root, *t.replies))
    out = []
    for thread in threads:
        for comment in (thread.root, *thread.replies):
            row = comment_json(comment, names)
            if thread.carried:
                row.update(
                    line_from=thread.line_from,
                    line_to=thread.line_to,
                    gone=thread.gone,
                    written={
                        "version_id": thread.root.version_id,
                        "line_from": thread.root.line_from,
                        "line_to": thread.root.line_to,
                    },
                )
            out.append(row)
    return jsonify({"comments": sorted(out, key=lambda c: c["id"])})


@bp.get("/comments/<int:comment_id>")
def api_get_comment(comment_id: int):
    acting_member()
    return jsonify(comment_json(get_comment(comment_id)))


@bp.patch("/comments/<int:comment_id>")
def api_edit_comment(comment_id: int):
    member = acting_member()
    spend("commenting", member_key(member))
    data = json_body()
    comment = edit_comment(member, get_comment(comment_id), field(data, "body", str))
    return jsonify(comment_json(comment, {member.id: member.name}))


@bp.get("/comments/<int:comment_id>/revisions")
def api_comment_revisions(comment_id: int):
    acting_member()
    comment = get_comment(comment_id)
    if comment.is_hidden:
        return jsonify({"revisions": [], "hidden": True})
    return jsonify(
        {
            "revisions": [
                {"id": r.id, "body": r.body, "created_at": iso(r.created_at)} for r in revisions(comment)
            ],
            "hidden": False,
        }
    )


@bp.post("/comments/<int:comment_id>/hide")
def api_hide_comment(comment_id: int):
    member = acting_member()
    data = json_body()
    return jsonify(comment_json(hide_comment(member, get_comment(comment_id), data.get("reason"))))


@bp.post("/comments/<int:comment_id>/report")
def api_report_comment(comment_id: int):
    member = acting_member()
    data = json_body() if request.data else {}
    report = report_comment(member, get_comment(comment_id), data.get("reason"))
    return jsonify({"comment_id": report.comment_id, "reported": True}), 201


@bp.post("/comments/<int:comment_id>/reports/dismiss")
def api_dismiss_reports(comment_id: int):
    member = acting_member()
    return jsonify({"comment_id": comment_id, "dismissed": dismiss_reports(member, get_comment(comment_id))})


@bp.get("/comments/reports")
def api_report_queue():
    member = acting_member()
    return jsonify({"reports": queue_json(report_queue(member, _int_arg("assembly_id", required=False)))})


@bp.get("/comments/mentions")
def api_mention_suggestions():
    member = acting_member()
    target = _target_args(member)
    return jsonify({"members": suggest(member, target.assembly_id, request.args.get("q", ""))})
