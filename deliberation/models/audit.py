"""The append-only audit log: every change of state that matters is a row here."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: Who acted; None for the system (CLI imports, automatic steps).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    #: A dotted verb such as "assembly.phase" or "ballot.open".
    action: Mapped[str] = mapped_column(String(64), index=True)
    #: What was acted on, as "kind:id".
    subject: Mapped[str] = mapped_column(String(64), index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


def record(action: str, subject: str, actor_id: int | None = None, **detail) -> AuditEvent:
    """Add an audit row to the current transaction (the caller commits)."""
    event = AuditEvent(action=action, subject=subject, actor_id=actor_id, detail=detail)
    db.session.add(event)
    return event
