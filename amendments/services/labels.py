"""Human labels for provenance: which amendment, which group, who sponsored it, and what the
chairs decided (merged as written or with changes, by whom, when)."""
from flask_babel import gettext as _

from amendments.models import Amendment, AmendmentEvent
from amendments.services.statuses import MERGED
from deliberation.models import Group, Member
from extensions import db


def decisions(amendment_ids) -> dict[int, tuple[str, str | None, object]]:
    """The merge decision of each merged amendment: (status, the chair who merged it, when)."""
    ids = list(set(amendment_ids))
    out: dict[int, tuple[str, str | None, object]] = {}
    for at in range(0, len(ids), 500):
        rows = db.session.execute(
            db.select(AmendmentEvent.amendment_id, AmendmentEvent.status, Member.name, AmendmentEvent.at)
            .outerjoin(Member, Member.id == AmendmentEvent.by_id)
            .where(AmendmentEvent.amendment_id.in_(ids[at:at + 500]), AmendmentEvent.status.in_(MERGED))
            .order_by(AmendmentEvent.id))
        out.update((a, (status, name, at_)) for a, status, name, at_ in rows)
    return out


def decision_text(status: str, by: str | None, at) -> str:
    date = at.date().isoformat() if at else ""
    if status == "merged_modified":
        return (_("merged with changes by %(name)s on %(date)s", name=by, date=date) if by
                else _("merged with changes on %(date)s", date=date))
    return (_("merged by %(name)s on %(date)s", name=by, date=date) if by
            else _("merged on %(date)s", date=date))


def amendment_labels(assembly_id: int) -> dict[int, str]:
    """"Amendment 12 “title” — Leeds group, sponsored by Ann Lee, merged with changes by Chair on
    2026-11-23" per amendment id."""
    rows = db.session.execute(
        db.select(Amendment, Member.name, Group.name)
        .outerjoin(Member, Member.id == Amendment.sponsor_id)
        .outerjoin(Group, Group.id == Amendment.group_id)
        .where(Amendment.assembly_id == assembly_id)).all()
    decided = decisions([a.id for a, _s, _g in rows if a.status in MERGED])
    labels = {}
    for amendment, sponsor, group in rows:
        details = []
        if group:
            details.append(group)
        if sponsor:
            details.append(_("sponsored by %(name)s", name=sponsor))
        if amendment.id in decided and amendment.status in MERGED:
            details.append(decision_text(*decided[amendment.id]))
        label = _("Amendment %(id)s “%(title)s”", id=amendment.id, title=amendment.title)
        labels[amendment.id] = label + (" — " + ", ".join(details) if details else "")
    return labels
