"""Reading the audit log a page at a time, for the returning officer's page and the API: filtered
by action (exact, or every action of a family with "ballot."), subject and actor, newest first
from a position (`before`) or oldest first after one (`after`, to download the whole chain in
order). Pages are keyset pages on the position, so a page costs the same deep in a long log and
entries appended meanwhile never shift one."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from deliberation.errors import Invalid
from deliberation.models import AuditEvent, Member
from extensions import db

MAX_LIMIT = 500


@dataclass(frozen=True)
class Filters:
    action: str = ""
    subject: str = ""
    actor_id: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.action or self.subject or self.actor_id is not None)


def check(action: str, subject: str) -> Filters:
    """Filters as typed; too long is refused (actions and subjects are at most 64 characters)."""
    for name, value in (("action", action), ("subject", subject)):
        if len(value) > 64:
            raise Invalid(_("'%(name)s' is longer than %(max_len)s characters.", name=name, max_len=64),
                          code="too_long", field=name)
    return Filters(action.strip(), subject.strip())


def entries(filters: Filters, limit: int, before: int | None = None, after: int | None = None
            ) -> tuple[list[tuple[AuditEvent, str | None]], int | None]:
    """Up to `limit` entries with their actor's name, and the position to continue from (None at the end)."""
    query = select(AuditEvent, Member.name).outerjoin(Member, Member.id == AuditEvent.actor_id)
    if filters.action.endswith("."):
        prefix = filters.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AuditEvent.action.like(prefix + "%", escape="\\"))
    elif filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.subject:
        query = query.where(AuditEvent.subject == filters.subject)
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if after is not None:
        query = query.where(AuditEvent.id > after).order_by(AuditEvent.id)
    else:
        if before is not None:
            query = query.where(AuditEvent.id < before)
        query = query.order_by(AuditEvent.id.desc())
    rows = [(event, name) for event, name in db.session.execute(query.limit(limit + 1))]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1][0].id if more else None)


def entry_json(event: AuditEvent, actor_name: str | None) -> dict:
    return {"position": event.id, "at": event.at.isoformat(timespec="microseconds") + "Z",
            "actor_id": event.actor_id, "actor": actor_name, "action": event.action, "subject": event.subject,
            "detail": event.detail, "prev_hash": event.prev_hash, "hash": event.hash}
