"""An amendment's status and its history: chairs admit, reject or mark obsolete with a reason;
sponsors (or their group's organisers) withdraw until it is merged; every change is kept."""
from flask_babel import gettext as _

from amendments.models import Amendment, AmendmentEvent
from deliberation.auth.permissions import is_chair, is_organiser
from deliberation.errors import Conflict, Forbidden, Invalid
from deliberation.models import Member
from deliberation.models.timeutil import utcnow
from deliberation.signals import amendment_status_changed
from deliberation.unit_of_work import UnitOfWork
from extensions import db

#: What a chair may decide, and the statuses a decision can no longer change.
CHAIR_DECISIONS = ("admitted", "rejected", "obsolete")
MERGED = ("merged", "merged_modified")
FINAL = (*MERGED, "withdrawn")
MAX_REASON = 2000


def set_status(amendment: Amendment, status: str, by: Member | None, reason: str = "",
               merge_id: int | None = None, uow: UnitOfWork | None = None) -> AmendmentEvent:
    """Move an amendment to a status and keep the step (callers check who may)."""
    uow = uow or UnitOfWork()
    event = uow.events.add(AmendmentEvent(amendment_id=amendment.id, status=status, previous=amendment.status,
                                          by_id=by.id if by is not None else None, reason=reason or "",
                                          merge_id=merge_id))
    amendment.status = status
    uow.record(f"amendment.{status}", f"amendment:{amendment.id}", event.by_id, reason=reason or None,
               merge_id=merge_id)
    amendment_status_changed.send(
        amendment.id, assembly_id=amendment.assembly_id, sponsor_id=amendment.sponsor_id,
        group_id=amendment.group_id, title=amendment.title, status=status, previous=event.previous,
        by_id=event.by_id, reason=event.reason, merge_id=merge_id)
    return event


def set_statuses(changes: list[tuple[Amendment, str, str]], by: Member | None, merge_id: int | None = None,
                 uow: UnitOfWork | None = None) -> None:
    """set_status for many amendments at once ((amendment, status, reason) each): the steps and
    their audit rows are inserted in two statements, as a merge of hundreds needs."""
    uow = uow or UnitOfWork()
    by_id = by.id if by is not None else None
    at = utcnow()
    uow.events.add_many([{"amendment_id": a.id, "status": status, "previous": a.status, "by_id": by_id,
                          "reason": reason or "", "merge_id": merge_id, "at": at}
                         for a, status, reason in changes])
    uow.record_many([(f"amendment.{status}", f"amendment:{a.id}", by_id, {"reason": reason or None,
                                                                         "merge_id": merge_id})
                     for a, status, reason in changes])
    for amendment, status, reason in changes:
        previous, amendment.status = amendment.status, status
        amendment_status_changed.send(
            amendment.id, assembly_id=amendment.assembly_id, sponsor_id=amendment.sponsor_id,
            group_id=amendment.group_id, title=amendment.title, status=status, previous=previous,
            by_id=by_id, reason=reason or "", merge_id=merge_id)


def _reason(reason, required: bool) -> str:
    if reason is not None and not isinstance(reason, str):
        raise Invalid(_("'reason' must be text."), code="invalid_field", field="reason")
    reason = (reason or "").strip()
    if required and not reason:
        raise Invalid(_("Give a reason: the sponsor and every member will read it."), code="reason_required",
                      field="reason")
    if len(reason) > MAX_REASON:
        raise Invalid(_("The reason is longer than %(n)s characters.", n=MAX_REASON), code="too_long",
                      field="reason")
    return reason


def decide(actor: Member, amendment: Amendment, status, reason) -> AmendmentEvent:
    """A chair admits, rejects or marks an amendment obsolete, always saying why."""
    if not is_chair(actor, amendment.assembly_id):
        raise Forbidden(_("Only a chair of this assembly may decide on amendments."))
    if status not in CHAIR_DECISIONS:
        raise Invalid(_("'status' must be one of: %(choices)s.", choices=", ".join(CHAIR_DECISIONS)),
                      code="invalid_field", field="status")
    reason = _reason(reason, required=True)
    if amendment.status in FINAL:
        raise Conflict(_("This amendment is %(status)s; that can no longer change.", status=amendment.status),
                       code="final_status")
    if amendment.status == status:
        raise Conflict(_("This amendment is already %(status)s.", status=status), code="unchanged")
    return set_status(amendment, status, actor, reason)


def _speaks_for(member: Member, amendment: Amendment) -> bool:
    """The sponsor, or an organiser of the group it was filed for."""
    return member.id == amendment.sponsor_id or (
        amendment.group_id is not None and is_organiser(member, amendment.group_id))


def may_withdraw(member: Member | None, amendment: Amendment) -> bool:
    return member is not None and amendment.status not in FINAL and _speaks_for(member, amendment)


def withdraw(actor: Member, amendment: Amendment, reason=None) -> AmendmentEvent:
    """The sponsor, or an organiser of the group it was filed for, takes it back until it is merged."""
    if not _speaks_for(actor, amendment):
        raise Forbidden(_("Only the sponsor or an organiser of the sponsoring group may withdraw it."))
    reason = _reason(reason, required=False)
    if amendment.status in MERGED:
        raise Conflict(_("This amendment is merged into the draft; it can no longer be withdrawn."),
                       code="merged")
    if amendment.status == "withdrawn":
        raise Conflict(_("This amendment is already withdrawn."), code="unchanged")
    return set_status(amendment, "withdrawn", actor, reason)


def history(amendment: Amendment) -> list[dict]:
    """Filing first, then every change: {"status", "by", "at", "reason"} (by: the member's name)."""
    events = db.session.scalars(db.select(AmendmentEvent).where(AmendmentEvent.amendment_id == amendment.id)
                                .order_by(AmendmentEvent.id)).all()
    ids = {e.by_id for e in events if e.by_id} | ({amendment.sponsor_id} if amendment.sponsor_id else set())
    names = dict(db.session.execute(db.select(Member.id, Member.name).where(Member.id.in_(ids))).all()) \
        if ids else {}
    first = events[0].previous if events else amendment.status
    out = [{"status": first or "open", "by": names.get(amendment.sponsor_id), "at": amendment.created_at,
            "reason": "", "merge_id": None}]
    out += [{"status": e.status, "by": names.get(e.by_id), "at": e.at, "reason": e.reason,
             "merge_id": e.merge_id}
            for e in events]
    return out


def merge_id_of(amendment: Amendment) -> int | None:
    """The merge that put it into the draft, once it is merged."""
    if amendment.status not in MERGED:
        return None
    return db.session.scalar(db.select(AmendmentEvent.merge_id).where(
        AmendmentEvent.amendment_id == amendment.id, AmendmentEvent.status.in_(MERGED))
        .order_by(AmendmentEvent.id.desc()).limit(1))
