"""Human labels for provenance: which amendment, which group, who sponsored it, when merged."""
from flask_babel import gettext as _

from amendments.models import Amendment, Version
from deliberation.models import Group, Member
from extensions import db


def amendment_labels(assembly_id: int) -> dict[int, str]:
    """"Amendment 12 “title” — Leeds group, sponsored by Ann Lee, merged 2026-11-23" per amendment id."""
    rows = db.session.execute(
        db.select(Amendment, Member.name, Group.name, Version.created_at)
        .outerjoin(Member, Member.id == Amendment.sponsor_id)
        .outerjoin(Group, Group.id == Amendment.group_id)
        .outerjoin(Version, Version.id == Amendment.merged_version_id)
        .where(Amendment.assembly_id == assembly_id)).all()
    labels = {}
    for amendment, sponsor, group, merged_at in rows:
        details = []
        if group:
            details.append(group)
        if sponsor:
            details.append(_("sponsored by %(name)s", name=sponsor))
        if merged_at:
            details.append(_("accepted %(date)s", date=merged_at.date().isoformat()))
        label = _("Amendment %(id)s “%(title)s”", id=amendment.id, title=amendment.title)
        labels[amendment.id] = label + (" — " + ", ".join(details) if details else "")
    return labels
