"""Writing comments: a new thread (on a whole target or on lines of a version), a reply, and an
edit within the first minutes, every wording kept."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _

from amendments.engine import LineIndex, normalise
from amendments.models import Version
from deliberation.discussion import live
from deliberation.discussion.markdown import plain
from deliberation.discussion.mentions import mentioned
from deliberation.discussion.models import Comment, CommentRevision
from deliberation.discussion.present import comment_json
from deliberation.discussion.targets import Target, load_target
from deliberation.errors import Conflict, Forbidden, Invalid, NotFound
from deliberation.live.store import live_text
from deliberation.models import Assembly, Member
from deliberation.models.audit import record
from deliberation.models.timeutil import utcnow
from deliberation.signals import comment_mentions
from deliberation.text_input import storable
from extensions import db

MAX_BODY = 20_000


def edit_minutes() -> int:
    return int(current_app.config.get("DISCUSSION_EDIT_MINUTES", 15))


def get_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id) if 0 < comment_id < 2**62 else None
    if comment is None:
        raise NotFound(_("There is no comment %(id)s.", id=comment_id))
    return comment


def comments_on(kind: str, target_id: int) -> list[Comment]:
    """Every comment on a target, replies included, in the order written."""
    return db.session.scalars(
        db.select(Comment).where(Comment.target == kind, Comment.target_id == target_id).order_by(Comment.id)
    ).all()


def _body(body) -> str:
    if not isinstance(body, str):
        raise Invalid(_("'body' must be text."), code="invalid_field", field="body")
    if not storable(body):
        raise Invalid(
            _(
                "The comment contains a character that cannot be stored (a NUL or other control "
                "character, or a broken one)."
            ),
            code="invalid_text",
            field="body",
        )
    body = normalise(body)
    if not body.strip():
        raise Invalid(_("Write something first: the comment is empty."), code="empty_body", field="body")
    if len(body) > MAX_BODY:
        raise Invalid(
            _("A comment is limited to %(n)s characters.", n=MAX_BODY), code="too_long", field="body"
        )
    return body


def _line(value, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid(_("'%(name)s' must be a line number.", name=name), code="invalid_field", field=name)
    return value


def _anchor(target: Target, line_from, line_to) -> dict:
    """The version, character range and line numbers of the lines cited, checked against the text."""
    if line_from is None and line_to is None:
        return {}
    line_from = _line(line_from if line_from is not None else line_to, "line_from")
    line_to = _line(line_to if line_to is not None else line_from, "line_to")
    if target.lines_version_id is None:
        # A draft proposal: the lines as its live text reads now (the editor cites them so). The
        # text moves on, so the thread keeps the numbers and says they are from when it was written.
        text = live_text(f"proposal:{target.id}")
    else:
        text = db.session.scalar(db.select(Version.text).where(Version.id == target.lines_version_id))
    index = LineIndex(text, current_app.config["LINE_WIDTH"])
    if not 1 <= line_from <= line_to <= len(index.lines):
        field = "line_from" if not 1 <= line_from <= len(index.lines) else "line_to"
        raise Invalid(
            _(
                "Lines run from 1 to %(n)s, and the first cited may not come after the last.",
                n=len(index.lines),
            ),
            code="invalid_lines",
            field=field,
        )
    return {
        "version_id": target.lines_version_id,  # None: the draft's live text, as it read then
        "char_start": index.span_of(line_from)[0],
        "char_end": index.span_of(line_to)[1],
        "line_from": line_from,
        "line_to": line_to,
    }


def discussion_open(target: Target) -> bool:
    """New comments are taken until the assembly closes; then its discussion is kept to read."""
    return db.session.scalar(db.select(Assembly.phase).where(Assembly.id == target.assembly_id)) != "closed"


def _open_for_comments(target: Target) -> None:
    if not discussion_open(target):
        raise Conflict(
            _("This assembly is closed: its discussion can be read but not added to."),
            code="discussion_closed",
        )


def _parent(reply_to, target: Target) -> Comment:
    if not isinstance(reply_to, int) or isinstance(reply_to, bool):
        raise Invalid(_("'reply_to' must be a comment id."), code="invalid_field", field="reply_to")
    parent = db.session.get(Comment, reply_to) if 0 < reply_to < 2**62 else None
    if parent is None or (parent.target, parent.target_id) != (target.kind, target.id):
        raise Invalid(
            _(
                "Comment %(id)s is not on this %(target)s: reply where it was written.",
                id=reply_to,
                target=target.kind,
            ),
            code="invalid_field",
            field="reply_to",
        )
    if parent.is_hidden:
        raise Conflict(
            _("That comment was hidden by a moderator; it can no longer be replied to."),
            code="hidden",
            field="reply_to",
        )
    return parent


def _tell_mentioned(comment: Comment, author: Member, members: list[Member], target: Target) -> None:
    """The comment_mentions signal, inside this transaction, for those named (not the author)."""
    ids = [m.id for m in members if m.id != author.id]
    if ids:
        comment_mentions.send(
            comment.id,
            author_id=author.id,
            member_ids=ids,
            target=target.kind,
            target_id=target.id,
            url=f"{target.path}#comment-{comment.id}",
            excerpt=plain(comment.body),
        )


def post_comment(
    author: Member, kind, target_id, body, line_from=None, line_to=None, reply_to=None
) -> Comment:
    """A new thread, or a reply in one (a reply follows its thread's lines and cites none)."""
    target = load_target(kind, target_id, author)
    body = _body(body)
    parent = _parent(reply_to, target) if reply_to is not None else None
    if parent is not None and (line_from is not None or line_to is not None):
        raise Invalid(
            _("A reply is about its thread's lines: leave out 'line_from' and 'line_to'."),
            code="invalid_field",
            field="line_from",
        )
    anchor = _anchor(target, line_from, line_to)
    _open_for_comments(target)
    members = mentioned(body)
    comment = Comment(
        target=target.kind,
        target_id=target.id,
        assembly_id=target.assembly_id,
        group_id=target.group_id,
        author_id=author.id,
        body=body,
        reply_to_id=parent.id if parent else None,
        thread_id=parent.root_id if parent else None,
        **anchor,
    )
    db.session.add(comment)
    db.session.flush()
    db.session.add(CommentRevision(comment_id=comment.id, body=body, created_at=comment.created_at))
    record(
        "comment.create",
        f"comment:{comment.id}",
        author.id,
        target=target.kind,
        target_id=target.id,
        reply_to=comment.reply_to_id,
        line_from=comment.line_from,
        line_to=comment.line_to,
        version_id=comment.version_id,
    )
    _tell_mentioned(comment, author, members, target)
    live.announce(target.kind, target.id, "created", comment_json(comment, {author.id: author.name}))
    return comment


def may_edit(member: Member | None, comment: Comment) -> bool:
    return (
        member is not None
        and member.id == comment.author_id
        and not comment.is_hidden
        and utcnow() - comment.created_at <= timedelta(minutes=edit_minutes())
    )


def edit_comment(author: Member, comment: Comment, body) -> Comment:
    """Change a comment's words within the first minutes; the earlier wording is kept."""
    if author.id != comment.author_id:
        raise Forbidden(_("Only its author may change a comment."))
    body = _body(body)
    if comment.is_hidden:
        raise Conflict(
            _("This comment was hidden by a moderator; it can no longer be changed."), code="hidden"
        )
    if not may_edit(author, comment):
        raise Conflict(
            _(
                "A comment can be changed for %(n)s minutes after it is written; this one can no longer "
                "be. Reply to it to add to or correct it.",
                n=edit_minutes(),
            ),
            code="edit_window_closed",
        )
    if body == comment.body:
        return comment
    try:
        before = {m.id for m in mentioned(comment.body)}
    except Invalid:  # a name that no longer fits (a member renamed since): tell those the edit names
        before = set()
    members = mentioned(body)
    now = utcnow()
    revision = CommentRevision(comment_id=comment.id, body=body, created_at=now)
    db.session.add(revision)
    comment.body, comment.edited_at = body, now
    db.session.flush()
    record("comment.edit", f"comment:{comment.id}", author.id, revision=revision.id)
    target = load_target(comment.target, comment.target_id)
    _tell_mentioned(comment, author, [m for m in members if m.id not in before], target)
    live.announce(
        comment.target, comment.target_id, "edited", comment_json(comment, {author.id: author.name})
    )
    return comment


def revisions(comment: Comment) -> list[CommentRevision]:
    return db.session.scalars(
        db.select(CommentRevision)
        .where(CommentRevision.comment_id == comment.id)
        .order_by(CommentRevision.id)
    ).all()
