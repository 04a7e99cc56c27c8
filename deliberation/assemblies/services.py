"""State changes of an assembly: creation with its base text, phase moves."""
from flask_babel import gettext as _

from amendments.engine import normalise
from amendments.services.versions import create_version
from deliberation.errors import Invalid
from deliberation.models import PHASES, Assembly, AssemblyChair, Member
from deliberation.models.audit import record
from extensions import db


def create_assembly(actor: Member, title: str, base_text: str, chair_emails: list[str] = (),
                    deadlines: dict | None = None, support_threshold: int = 0) -> Assembly:
    """Publish a base text as version 1 of a new assembly, in the proposals phase."""
    title = normalise(title).strip()
    if not title:
        raise Invalid(_("The assembly needs a title."), field="title")
    base_text = normalise(base_text)
    if not base_text.strip():
        raise Invalid(_("The base text is empty."), field="base_text")
    chairs = []
    for email in chair_emails:
        if not isinstance(email, str):
            raise Invalid(_("'chairs' must be a list of email addresses."), field="chairs")
        member = db.session.scalar(db.select(Member).where(Member.email == email.strip().lower()))
        if member is None:
            raise Invalid(_("No member has the email address %(email)s.", email=email), code="unknown_member",
                          field="chairs")
        chairs.append(member)
    assembly = Assembly(title=title, phase="proposals", deadlines=dict(deadlines or {}),
                        support_threshold=support_threshold)
    db.session.add(assembly)
    db.session.flush()
    version = create_version(assembly.id, None, "base", base_text, [], actor.id if actor else None)
    assembly.base_version_id = assembly.current_version_id = version.id
    for member in {m.id: m for m in chairs}.values():
        db.session.add(AssemblyChair(assembly_id=assembly.id, member_id=member.id))
    record("assembly.create", f"assembly:{assembly.id}", actor.id if actor else None,
           title=title, chairs=[m.email for m in chairs], version_id=version.id,
           version_sha256=version.sha256)
    return assembly


def set_phase(actor: Member, assembly: Assembly, phase: str) -> Assembly:
    """Move to any phase, forward or back; every move is audited."""
    if phase not in PHASES:
        raise Invalid(_("'%(phase)s' is not a phase; use one of: %(choices)s.", phase=phase,
                        choices=', '.join(PHASES)), field="phase")
    before = assembly.phase
    assembly.phase = phase
    record("assembly.phase", f"assembly:{assembly.id}", actor.id, before=before, after=phase)
    return assembly


def chairs_of(assembly_id: int) -> list[Member]:
    return list(db.session.scalars(
        db.select(Member).join(AssemblyChair, AssemblyChair.member_id == Member.id)
        .where(AssemblyChair.assembly_id == assembly_id).order_by(Member.name)))
