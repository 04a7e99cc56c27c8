"""The search outbox: which sources to index again, written in the changing transaction."""
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db


class SearchOutbox(db.Model):
    """One row per source changed by a committed transaction; the indexer deletes the rows it
    has indexed, so a row still here is a change the index does not hold yet."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The kind of document ("proposal", "amendment", "clause", "comment").
    kind: Mapped[str] = mapped_column(String(16))
    #: The source row's id: the proposal, amendment, version (for its clauses) or comment.
    ref: Mapped[int]
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
