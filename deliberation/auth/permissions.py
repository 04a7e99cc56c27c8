"""Who may do what. Roles nest: an admin may do everything a chair, organiser or
returning officer may; a chair acts on the assemblies they chair."""
from deliberation.models import AssemblyChair, Member
from extensions import db


def is_admin(member: Member | None) -> bool:
    return bool(member and member.is_authenticated and member.is_admin)


def is_chair(member: Member | None, assembly_id: int) -> bool:
    if not (member and member.is_authenticated):
        return False
    if member.is_admin:
        return True
    return db.session.scalar(
        db.select(AssemblyChair.id).where(
            AssemblyChair.assembly_id == assembly_id, AssemblyChair.member_id == member.id)
    ) is not None


def is_returning_officer(member: Member | None) -> bool:
    return bool(member and member.is_authenticated and (member.is_admin or member.is_returning_officer))


def is_organiser(member: Member | None, group_id: int) -> bool:
    if not (member and member.is_authenticated):
        return False
    return member.is_admin or group_id in member.group_ids("organiser")


def is_group_member(member: Member | None, group_id: int) -> bool:
    if not (member and member.is_authenticated):
        return False
    return member.is_admin or group_id in member.group_ids()


def can_write_proposal(member: Member | None, proposal) -> bool:
    """Members of the proposing group write while it is a draft; nobody after (the proposal page
    and every live update ask)."""
    return proposal.status == "draft" and is_group_member(member, proposal.group_id)


def can_read_proposal(member: Member | None, proposal) -> bool:
    """A group's draft is read by that group's members, the assembly's chairs and admins; once
    submitted, by every signed-in member (the proposal page, its API, its live room and search ask)."""
    if not (member and member.is_authenticated):
        return False
    if proposal.status != "draft":
        return True
    return is_group_member(member, proposal.group_id) or is_chair(member, proposal.assembly_id)


def chaired_assembly_ids(member: Member) -> set[int]:
    return set(db.session.scalars(
        db.select(AssemblyChair.assembly_id).where(AssemblyChair.member_id == member.id)))


def may_run_ballot(member: Member | None, ballot) -> bool:
    """Returning officers run every ballot; chairs run their own assembly's."""
    return is_returning_officer(member) or (ballot.assembly_id is not None
                                            and is_chair(member, ballot.assembly_id))
