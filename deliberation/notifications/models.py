"""One row per recipient and event. The sentence is not stored: it is built when shown, from
the kind and the parameters, in the reader's language (sentences.py)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # The badge counts a member's unread rows and the "unread" list pages through them, newest
        # first: both read this index alone, however many read rows the member has.
        Index("ix_notifications_member_read_at", "member_id", "read_at", "id"),
        # Every list page: a member's rows newest first.
        Index("ix_notifications_member_newest", "member_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The recipient: only they ever see the row.
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    #: What happened, e.g. "amendment_rejected" or "mention" (sentences.KINDS).
    kind: Mapped[str] = mapped_column(String(40))
    #: What it is about: ("amendment", its id) or ("comment", its id).
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int | None]
    assembly_id: Mapped[int | None] = mapped_column(ForeignKey("assemblies.id"))
    #: Who acted; None when the app did (support reached the threshold, a rebase).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    #: The reason the actor gave, as they wrote it.
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The sentence's parameters: the subject's title, the recipient's part in it ("as": sponsor or
    #: organiser), a status, a comment's excerpt...
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Where opening it leads, when that is not the subject's own page (a comment's place).
    url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
