"""Notifications are added inside the transaction of what happened (the subscribers, or another
area calling `notify`), so they are stored with it or not at all; members read and mark only
their own."""
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlalchemy import event, func, insert, select, update
from sqlalchemy.orm import Session

from deliberation.errors import NotFound
from deliberation.models import Assembly, Member, Membership
from deliberation.models.timeutil import utcnow
from deliberation.notifications.models import Notification
from deliberation.text_input import storable
from extensions import db

#: Ids one request may mark as read.
MAX_IDS = 1000
#: The badge counts this many unread at most ("99+"), so its cost stays bounded.
BADGE_CAP = 100
MAX_URL = 500


def _rows(member_ids: Iterable[int], kind: str, subject_type: str, subject_id: int | None, actor_id,
          assembly_id, reason: str, params: dict | None, url: str | None,
          parts: Mapping[int, str] | None) -> list[dict]:
    recipients = [m for m in dict.fromkeys(member_ids) if m is not None and m != actor_id]
    params = dict(params or {})
    return [{"member_id": member_id, "kind": kind, "subject_type": subject_type, "subject_id": subject_id,
             "actor_id": actor_id, "assembly_id": assembly_id, "reason": reason or "", "url": local_path(url),
             "params": params | ({"as": parts[member_id]} if parts and member_id in parts else {})}
            for member_id in recipients]


def notify(member_ids: Iterable[int], kind: str, subject_type: str, subject_id: int | None, *,
           actor_id: int | None = None, assembly_id: int | None = None, reason: str = "",
           params: dict | None = None, url: str | None = None,
           parts: Mapping[int, str] | None = None) -> list[Notification]:
    """Add one notification for each member, once each and never for the actor's own action.

    `parts` says what each recipient is to the subject (e.g. "sponsor" or "organiser"), so the
    sentence can address them as such. The caller's transaction stores them (no commit here).
    """
    rows = [Notification(**row) for row in _rows(member_ids, kind, subject_type, subject_id, actor_id,
                                                   assembly_id, reason, params, url, parts)]
    db.session.add_all(rows)
    return rows


def queue(member_ids: Iterable[int], kind: str, subject_type: str, subject_id: int | None, *,
          actor_id: int | None = None, assembly_id: int | None = None, reason: str = "",
          params: dict | None = None, url: str | None = None, parts: Mapping[int, str] | None = None) -> None:
    """notify() for the signal receivers: the rows wait with the session and go in with its next
    flush, all in one statement, so a merge of 800 amendments does not build 800 objects."""
    rows = _rows(member_ids, kind, subject_type, subject_id, actor_id, assembly_id, reason, params, url,
                 parts)
    if rows:
        db.session().info.setdefault(_QUEUED, []).extend(rows)


_QUEUED = "refound.notifications.queued"


@event.listens_for(Session, "before_flush")
@event.listens_for(Session, "before_commit")
def _insert_queued(session: Session, *_args) -> None:
    rows = session.info.pop(_QUEUED, None)
    if rows:
        now = utcnow()
        session.connection().execute(insert(Notification), [dict(row, created_at=now) for row in rows])


@event.listens_for(Session, "after_rollback")
def _drop_queued(session: Session) -> None:
    session.info.pop(_QUEUED, None)


def amendment_audience(sponsor_id: int | None, group_id: int | None) -> dict[int, str]:
    """Who hears about an amendment: its sponsor and the organisers of the group it was filed for,
    each with their part in it (a sponsor who also organises the group is the sponsor)."""
    audience: dict[int, str] = {}
    if group_id is not None:
        audience |= dict.fromkeys(_organisers(group_id), "organiser")
    if sponsor_id is not None:
        audience[sponsor_id] = "sponsor"
    return audience


def _organisers(group_id: int) -> tuple[int, ...]:
    """A group's organisers, read once per transaction: a merge of 800 amendments filed for a
    handful of groups tells each group's organisers without asking 800 times."""
    transaction = db.session().get_transaction()
    cache = db.session.info.setdefault("refound.organisers", {})
    key = (id(transaction), group_id)
    if key not in cache:
        if len(cache) > 1000:
            cache.clear()
        with db.session.no_autoflush:
            cache[key] = tuple(db.session.scalars(select(Membership.member_id).where(
                Membership.group_id == group_id, Membership.role == "organiser")))
    return cache[key]


def existing_members(member_ids: Iterable[int]) -> list[int]:
    """Those of these ids that name a member (in their order, once each)."""
    wanted = [m for m in dict.fromkeys(member_ids) if isinstance(m, int) and not isinstance(m, bool)]
    if not wanted:
        return []
    found = set(db.session.scalars(select(Member.id).where(Member.id.in_(wanted))))
    return [m for m in wanted if m in found]


def local_path(url: str | None) -> str | None:
    """A path on this site, or None: opening a notification never leads elsewhere."""
    if not isinstance(url, str) or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return None
    if len(url) > MAX_URL or not storable(url) or any(c.isspace() for c in url):
        return None
    return url


def _unread(member_id: int):
    return select(Notification.id).where(Notification.member_id == member_id, Notification.read_at.is_(None))


def unread_count(member_id: int, cap: int | None = None) -> int:
    """How many of the member's notifications are unread (at most `cap`): one indexed count."""
    query = _unread(member_id)
    if cap is not None:
        query = query.limit(cap)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def notifications_page(member_id: int, page: int, per_page: int,
                       unread_only: bool = False) -> tuple[list, int]:
    """One page of the member's notifications, newest first, as (notification, actor's name,
    assembly's title) rows, and how many there are in all."""
    where = [Notification.member_id == member_id]
    if unread_only:
        where.append(Notification.read_at.is_(None))
    total = db.session.scalar(select(func.count(Notification.id)).where(*where))
    actor = db.aliased(Member)
    rows = db.session.execute(
        select(Notification, actor.name, Assembly.title)
        .outerjoin(actor, actor.id == Notification.actor_id)
        .outerjoin(Assembly, Assembly.id == Notification.assembly_id)
        .where(*where).order_by(Notification.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).all()
    return [tuple(row) for row in rows], total


def open_notification(member_id: int, notification_id: int) -> Notification:
    """The member's own notification, now marked read (someone else's does not exist for them)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.member_id != member_id:
        raise NotFound(_("You have no notification %(id)s.", id=notification_id))
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification


def mark_read(member_id: int, ids: list[int]) -> int:
    """Mark these notifications read; all must be the member's, or nothing is marked."""
    wanted = set(ids)
    if not wanted:
        return 0
    own = set(db.session.scalars(select(Notification.id).where(
        Notification.member_id == member_id, Notification.id.in_(wanted))))
    missing = sorted(wanted - own)
    if missing:
        raise NotFound(_("You have no notification %(id)s.", id=missing[0]), field="ids", ids=missing)
    return db.session.execute(update(Notification).where(
        Notification.member_id == member_id, Notification.id.in_(wanted), Notification.read_at.is_(None))
        .values(read_at=utcnow())).rowcount


def mark_all_read(member_id: int) -> int:
    """Mark every unread notification of the member read; how many that was."""
    return db.session.execute(update(Notification).where(
        Notification.member_id == member_id,
        Notification.read_at.is_(None)).values(read_at=utcnow())).rowcount
