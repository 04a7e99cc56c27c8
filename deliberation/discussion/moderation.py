"""Moderation: chairs and organisers hide a comment with a reason, members report one, and the
moderators' queue of reported comments. A hidden comment's words go into the audit log and are
never shown or sent again; everyone sees who hid it (their role) and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError

from deliberation.auth.permissions import chaired_assembly_ids, is_chair, is_organiser
from deliberation.discussion import live
from deliberation.discussion.comments import revisions
from deliberation.discussion.models import Comment, CommentReport
from deliberation.discussion.present import comment_json, names_of
from deliberation.errors import Conflict, Forbidden, Invalid
from deliberation.models import Member
from deliberation.models.audit import record
from deliberation.models.timeutil import utcnow
from extensions import db

MAX_REASON = 2000


def moderator_role(member: Member | None, comment: Comment) -> str | None:
    """ "chair" for a chair of the comment's assembly (or an admin), "organiser" for an organiser
    of the group its target belongs to, else None."""
    if member is None:
        return None
    if is_chair(member, comment.assembly_id):
        return "chair"
    if comment.group_id is not None and is_organiser(member, comment.group_id):
        return "organiser"
    return None


def may_moderate_target(member: Member | None, assembly_id: int, group_id: int | None) -> bool:
    return member is not None and (
        is_chair(member, assembly_id) or (group_id is not None and is_organiser(member, group_id))
    )


def _reason(reason, required: bool) -> str:
    if reason is not None and not isinstance(reason, str):
        raise Invalid(_("'reason' must be text."), code="invalid_field", field="reason")
    reason = " ".join((reason or "").split())
    if required and not reason:
        raise Invalid(
            _("Give a reason: everyone reading the discussion will see it."),
            code="reason_required",
            field="reason",
        )
    if len(reason) > MAX_REASON:
        raise Invalid(
            _("The reason is longer than %(n)s characters.", n=MAX_REASON), code="too_long", field="reason"
        )
    return reason


def _open_reports(comment: Comment) -> list[CommentReport]:
    return db.session.scalars(
        db.select(CommentReport).where(
            CommentReport.comment_id == comment.id, CommentReport.resolved_at.is_(None)
        )
    ).all()


def _resolve(reports: list[CommentReport], by: Member, outcome: str) -> None:
    now = utcnow()
    for report in reports:
        report.resolved_at, report.resolved_by_id, report.outcome = now, by.id, outcome


def hide_comment(actor: Member, comment: Comment, reason) -> Comment:
    """Hide a comment for everyone, saying why; its words stay only in the audit log."""
    role = moderator_role(actor, comment)
    if role is None:
        raise Forbidden(
            _(
                "Only a chair of this assembly, or an organiser of the group it belongs to, may hide "
                "comments here."
            )
        )
    reason = _reason(reason, required=True)
    if comment.is_hidden:
        raise Conflict(_("This comment is already hidden."), code="already_hidden")
    comment.hidden_at, comment.hidden_by_id, comment.hidden_role, comment.hidden_reason = (
        utcnow(),
        actor.id,
        role,
        reason,
    )
    reports = _open_reports(comment)
    _resolve(reports, actor, "hidden")
    record(
        "comment.hide",
        f"comment:{comment.id}",
        actor.id,
        role=role,
        reason=reason,
        author_id=comment.author_id,
        reports=len(reports),
        bodies=[{"at": r.created_at.isoformat(), "body": r.body} for r in revisions(comment)],
    )
    db.session.flush()
    live.announce(comment.target, comment.target_id, "hidden", comment_json(comment))
    return comment


def report_comment(actor: Member, comment: Comment, reason=None) -> CommentReport:
    """A member asks the moderators to look at a comment (once per comment)."""
    reason = _reason(reason, required=False)
    if comment.author_id == actor.id:
        raise Conflict(
            _("This is your own comment: you can change it for a few minutes, or reply to it."),
            code="own_comment",
        )
    if comment.is_hidden:
        raise Conflict(_("This comment is already hidden."), code="already_hidden")
    already = db.session.scalar(
        db.select(CommentReport.id).where(
            CommentReport.comment_id == comment.id, CommentReport.member_id == actor.id
        )
    )
    if already is not None:
        raise Conflict(
            _("You have already reported this comment; the moderators will look at it."),
            code="already_reported",
        )
    report = CommentReport(comment_id=comment.id, member_id=actor.id, reason=reason)
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:  # the same member twice at once: once is enough
        raise Conflict(
            _("You have already reported this comment; the moderators will look at it."),
            code="already_reported",
        ) from None
    record("comment.report", f"comment:{comment.id}", actor.id, reason=reason or None)
    return report


def dismiss_reports(actor: Member, comment: Comment) -> int:
    """A moderator decides a reported comment may stay: its open reports are closed."""
    if moderator_role(actor, comment) is None:
        raise Forbidden(
            _(
                "Only a chair of this assembly, or an organiser of the group it belongs to, may deal "
                "with reports here."
            )
        )
    reports = _open_reports(comment)
    if not reports:
        raise Conflict(_("This comment has no open reports."), code="no_reports")
    _resolve(reports, actor, "dismissed")
    record("comment.reports_dismissed", f"comment:{comment.id}", actor.id, reports=len(reports))
    return len(reports)


@dataclass
class Reported:
    comment: Comment
    count: int
    reasons: list[str]
    first_at: datetime


def report_queue(actor: Member, assembly_id: int | None = None) -> list[Reported]:
    """Comments with open reports that this member may moderate, most reported first."""
    query = (
        db.select(Comment)
        .join(CommentReport, CommentReport.comment_id == Comment.id)
        .where(CommentReport.resolved_at.is_(None))
        .distinct()
    )
    if assembly_id is not None:
        query = query.where(Comment.assembly_id == assembly_id)
    if not actor.is_admin:
        chaired = list(chaired_assembly_ids(actor))
        organised = list(actor.group_ids("organiser"))
        if not chaired and not organised:
            return []
        query = query.where(
            or_(Comment.assembly_id.in_(chaired or [0]), Comment.group_id.in_(organised or [0]))
        )
    comments = db.session.scalars(query).all()
    if not comments:
        return []
    rows = db.session.execute(
        db.select(CommentReport.comment_id, CommentReport.reason, CommentReport.created_at)
        .where(CommentReport.comment_id.in_([c.id for c in comments]), CommentReport.resolved_at.is_(None))
        .order_by(CommentReport.id)
    ).all()
    out = {c.id: Reported(c, 0, [], rows[0].created_at) for c in comments}
    for comment_id, reason, at in rows:
        item = out[comment_id]
        if item.count == 0:
            item.first_at = at
        item.count += 1
        if reason:
            item.reasons.append(reason)
    return sorted(out.values(), key=lambda r: (-r.count, r.first_at))


def queue_json(items: list[Reported]) -> list[dict]:
    names = names_of(i.comment.author_id for i in items)
    return [
        {
            "comment": comment_json(i.comment, names),
            "reports": i.count,
            "reasons": i.reasons,
            "first_reported_at": i.first_at.replace(microsecond=0).isoformat() + "Z",
        }
        for i in items
    ]
