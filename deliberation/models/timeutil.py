"""UTC timestamps: one helper so every table stores the same kind of time."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 UTC with a Z, as the API promises."""
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"
