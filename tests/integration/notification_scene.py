"""The people and amendment the notification tests share: a chair, a sponsor in a group with two
organisers and a plain member, and someone outside it; `file` files an amendment through the API."""
from sqlalchemy import select

from deliberation.notifications.models import Notification
from extensions import db


def build(api, make_member, make_group, make_assembly, constitution) -> dict:
    names = ("Chair", "Sponsor", "Organiser", "Second organiser", "Group member", "Other")
    chair, sponsor, organiser, organiser2, plain, other = (make_member(n) for n in names)
    group = make_group(organisers=[organiser, organiser2], members=[sponsor, plain])
    assembly = make_assembly(chairs=[chair], support_threshold=2)

    def file(by=sponsor, old="one hundred", new="two hundred", group_id=None, title="Quorum"):
        reply = api(by).post(f"/assemblies/{assembly.id}/amendments", {
            "base_version_id": assembly.current_version_id, "text": constitution.replace(old, new),
            "title": title, "rationale": "Why", "group_id": group_id})
        assert reply.status_code == 201, reply.json
        return reply.json["id"]
    return {"chair": chair, "sponsor": sponsor, "organiser": organiser, "organiser2": organiser2,
            "plain": plain, "other": other, "group": group, "assembly": assembly, "file": file}


def heard(member) -> list[tuple]:
    """(kind, part, actor, reason, subject) of each notification the member has, oldest first."""
    rows = db.session.scalars(select(Notification).where(Notification.member_id == member.id)
                              .order_by(Notification.id)).all()
    return [(n.kind, n.params.get("as"), n.actor_id, n.reason, n.subject_id) for n in rows]
