"""Creating members and groups, and putting members into groups."""
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from deliberation.errors import Conflict, Invalid, NotFound
from deliberation.models import Group, Member, Membership
from deliberation.models.audit import record
from extensions import db


def clean_email(raw: str) -> str:
    """A normalised address or Invalid; deliverability is not checked (no DNS here)."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except (EmailNotValidError, AttributeError):
        raise Invalid(_("'%(raw)s' is not a valid email address.", raw=raw), code="invalid_email",
                      field="email") from None


def find_member(email: str) -> Member | None:
    return db.session.scalar(db.select(Member).where(Member.email == email.strip().lower()))


def create_group(actor: Member | None, name: str, region: str) -> Group:
    name = name.strip()
    if not name:
        raise Invalid(_("The group needs a name."), field="name")
    if db.session.scalar(db.select(Group.id).where(Group.name == name)) is not None:
        raise Conflict(_("A group called '%(name)s' already exists.", name=name), code="duplicate",
                       field="name")
    group = Group(name=name[:200], region=region.strip()[:200])
    db.session.add(group)
    db.session.flush()
    record("group.create", f"group:{group.id}", actor.id if actor else None, name=name)
    return group


def add_to_group(actor: Member | None, group_id: int, email: str, role: str = "member") -> Membership:
    group = db.session.get(Group, group_id)
    if group is None:
        raise NotFound(_("There is no group %(group_id)s.", group_id=group_id))
    member = find_member(clean_email(email))
    if member is None:
        raise Invalid(_("No member has the email address %(email)s.", email=email), code="unknown_member",
                      field="email")
    if role not in ("member", "organiser"):
        raise Invalid(_("'role' must be 'member' or 'organiser'."), field="role")
    row = db.session.scalar(db.select(Membership).where(
        Membership.group_id == group.id, Membership.member_id == member.id))
    previous = None if row is None else row.role
    if row is None:
        row = Membership(group_id=group.id, member_id=member.id, role=role)
        db.session.add(row)
    else:
        row.role = role
    record("group.add_member", f"group:{group.id}", actor.id if actor else None, member_id=member.id,
           role=role, previous=previous)
    return row
