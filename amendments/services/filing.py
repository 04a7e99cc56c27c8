"""Filing and supporting amendments."""
from flask import current_app
from flask_babel import gettext as _

from amendments.engine import LineIndex, edits_between, normalise, word_diff
from amendments.models import Amendment, Support, Version
from amendments.services.placements import place, store
from amendments.services.statuses import set_status
from deliberation.auth.permissions import is_group_member
from deliberation.errors import Conflict, Forbidden, Invalid, NotFound
from deliberation.models import Assembly, Member
from deliberation.models.audit import record
from deliberation.unit_of_work import UnitOfWork
from extensions import db

FILING_PHASES = ("proposals", "amendments")


def preview(base: Version, text: str, width: int) -> dict:
    """What filing this text would record: the ops, the edits and the line range."""
    text = normalise(text)
    edits = edits_between(base.text, text)
    if not edits:
        raise Invalid(_("The text is unchanged: edit the words you want to amend."), code="no_change",
                      field="text")
    index = LineIndex(base.text, width)
    line_from = min(index.cite(e.start, e.end)[0] for e in edits)
    line_to = max(index.cite(e.start, e.end)[1] for e in edits)
    return {"text": text, "edits": edits, "ops": word_diff(base.text, text),
            "line_from": line_from, "line_to": line_to}


def file_amendment(actor: Member, assembly: Assembly, base_version_id: int, text: str, title: str,
                   rationale: str = "", group_id: int | None = None, proposal_id: int | None = None,
                   admit: bool = False, *, width: int | None = None,
                   uow: UnitOfWork | None = None) -> tuple[Amendment, dict]:
    """Record an amendment as exact ranges against the version it was written on."""
    uow = uow or UnitOfWork()
    if proposal_id is None and assembly.phase not in FILING_PHASES:
        raise Conflict(_("Amendments are closed: the assembly is in the %(phase)s phase.",
                         phase=assembly.phase), code="phase")
    base = uow.versions.get(base_version_id)
    if base is None or base.assembly_id != assembly.id:
        raise Invalid(_("Version %(base_version_id)s is not a version of this assembly.",
                        base_version_id=base_version_id),
                      code="unknown_version", field="base_version_id")
    title = normalise(title).strip()
    if not title:
        raise Invalid(_("The amendment needs a title."), field="title")
    if group_id is not None and not is_group_member(actor, group_id):
        raise Forbidden(_("You can only file for a group you belong to."), field="group_id")
    shown = preview(base, text, width or current_app.config["LINE_WIDTH"])
    admitted = admit or assembly.support_threshold <= 0
    amendment = Amendment(
        assembly_id=assembly.id, base_version_id=base.id, title=title[:300],
        rationale=normalise(rationale), sponsor_id=actor.id, group_id=group_id, proposal_id=proposal_id,
        edits=[[e.start, e.end, e.text] for e in shown["edits"]],
        line_from=shown["line_from"], line_to=shown["line_to"],
        status="admitted" if admitted else "open")
    uow.amendments.add(amendment)
    uow.flush()
    current = uow.versions.get(assembly.current_version_id)
    if current is not None:  # where it lands on the draft now; later moves of the draft re-place it
        store(place(amendment, current, uow=uow), current, uow)
    uow.record("amendment.file", f"amendment:{amendment.id}", actor.id, base_version_id=base.id,
               line_from=amendment.line_from, line_to=amendment.line_to)
    return amendment, shown


def get_amendment(amendment_id: int) -> Amendment:
    amendment = db.session.get(Amendment, amendment_id)
    if amendment is None:
        raise NotFound(_("There is no amendment %(amendment_id)s.", amendment_id=amendment_id))
    return amendment


def supporter_count(amendment_id: int) -> int:
    return db.session.scalar(db.select(db.func.count(Support.id)).where(Support.amendment_id == amendment_id))


def support(actor: Member, amendment: Amendment) -> int:
    """Add the member's support (once); reaching the threshold admits the amendment."""
    if amendment.status not in ("open", "admitted"):
        raise Conflict(_("This amendment is %(status)s and no longer takes support.",
                         status=amendment.status), code="closed")
    exists = db.session.scalar(db.select(Support.id).where(
        Support.amendment_id == amendment.id, Support.member_id == actor.id))
    if exists is None:
        db.session.add(Support(amendment_id=amendment.id, member_id=actor.id))
        db.session.flush()
        record("amendment.support", f"amendment:{amendment.id}", actor.id)
        count = supporter_count(amendment.id)
        assembly = db.session.get(Assembly, amendment.assembly_id)
        if amendment.status == "open" and count >= assembly.support_threshold:
            set_status(amendment, "admitted", None,
                       _("It reached %(n)s supporters, the assembly's threshold.", n=count))
    return supporter_count(amendment.id)
