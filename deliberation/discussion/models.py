"""Comments, every wording they have had, and members' reports of them."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db

#: What a comment can be on.
TARGETS = ("amendment", "proposal", "version")


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_target", "target", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "amendment", "proposal" or "version", and that row's id.
    target: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int]
    #: The target's assembly (its chairs moderate) and the group it belongs to, if any (its
    #: organisers moderate): fixed when the comment is written, as the target's are.
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    #: The comment answered (None for the first of a thread), and the thread's first comment.
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    #: Lines commented on: the version whose text they are in, the character range there, and the
    #: official line numbers at the time. None for a comment on the whole target.
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"), index=True)
    char_start: Mapped[int | None]
    char_end: Mapped[int | None]
    line_from: Mapped[int | None]
    line_to: Mapped[int | None]
    #: The current wording (Markdown source); every wording is a CommentRevision.
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    #: Hidden by a moderator: when, by whom, in which role ("chair" or "organiser") and why.
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    hidden_role: Mapped[str | None] = mapped_column(String(16))
    hidden_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def root_id(self) -> int:
        return self.thread_id or self.id


class CommentRevision(db.Model):
    """One wording of a comment, the first included: rows are added, never changed."""

    __tablename__ = "comment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommentReport(db.Model):
    """A member's report of a comment (once each), until a moderator hides it or dismisses the reports."""

    __tablename__ = "comment_reports"
    __table_args__ = (UniqueConstraint("comment_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set when a moderator dealt with it: "hidden" or "dismissed".
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    outcome: Mapped[str | None] = mapped_column(String(16))
