"""Creating, editing and submitting a group's proposal."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from amendments.engine import normalise
from amendments.models import Version
from amendments.services.filing import file_amendment
from amendments.services.versions import create_version
from deliberation.auth.permissions import can_read_proposal, can_write_proposal, is_organiser
from deliberation.errors import Conflict, Forbidden, Invalid
from deliberation.live import store
from deliberation.live.access import closed_rooms
from deliberation.lookup import get_or_raise
from deliberation.models import Assembly, Group, Member, Proposal
from deliberation.models.audit import record
from deliberation.models.timeutil import utcnow
from deliberation.signals import room_closed, room_update_stored
from deliberation.unit_of_work import after_commit
from extensions import db

OPEN_PHASES = ("proposals",)


def create_proposal(actor: Member, assembly: Assembly, group_id: int, title: str,
                    text: str | None) -> Proposal:
    """Open a proposal for a group, seeded with the given text (or the current draft)."""
    group = db.session.get(Group, group_id)
    if group is None:
        raise Invalid(_("There is no group %(group_id)s.", group_id=group_id), code="unknown_group",
                      field="group_id")
    if not is_organiser(actor, group.id):
        raise Forbidden(_("Only the group's organisers may open a proposal for it."))
    if assembly.phase not in OPEN_PHASES:
        raise Conflict(_("Proposals are closed: the assembly is in the %(phase)s phase.",
                         phase=assembly.phase), code="phase")
    title = normalise(title).strip()
    if not title:
        raise Invalid(_("The proposal needs a title."), field="title")
    start = db.session.get(Version, assembly.current_version_id)
    text = start.text if text is None else normalise(text)
    proposal = Proposal(assembly_id=assembly.id, group_id=group.id, title=title,
                        base_version_id=start.id, initial_text=text, created_by=actor.id)
    db.session.add(proposal)
    db.session.flush()
    # The seed is stored once, as the room's first update, so every process agrees on it.
    store.seed(proposal.room, text, actor.id)
    record("proposal.create", f"proposal:{proposal.id}", actor.id, group_id=group.id)
    return proposal


def get_proposal(proposal_id: int) -> Proposal:
    return get_or_raise(Proposal, proposal_id,
                        _l("There is no proposal %(proposal_id)s.", proposal_id=proposal_id))


def get_readable_proposal(member: Member, proposal_id: int) -> Proposal:
    """The proposal, if this member may read it: a group's draft is its own (and its chairs')."""
    proposal = get_proposal(proposal_id)
    if not can_read_proposal(member, proposal):
        raise Forbidden(_("Only the proposing group's members and the assembly's chairs may read a draft "
                          "proposal."))
    return proposal


def save_text(actor: Member, proposal: Proposal, text: str) -> bool:
    """Save a whole text from the plain form; it becomes Yjs edits in the live room."""
    if not can_write_proposal(actor, proposal):
        if proposal.status != "draft":
            raise Conflict(_("This proposal has been submitted and can no longer change."), code="submitted")
        raise Forbidden(_("Only members of the proposing group may edit this proposal."))
    update = store.replace_text(proposal.room, normalise(text), actor.id)
    if update is None:
        return False
    # Re-read after the write, as the live pump does, so a submission cannot slip in between.
    if proposal.room in closed_rooms({proposal.room}):  # the refusal rolls the write back
        raise Conflict(_("This proposal has been submitted and can no longer change."), code="submitted")
    room = proposal.room
    after_commit(lambda: room_update_stored.send(room, update=update))
    return True


def submit_proposal(actor: Member, proposal: Proposal) -> Proposal:
    """Freeze the live text as an immutable version and file it for the consolidated draft."""
    if not is_organiser(actor, proposal.group_id):
        raise Forbidden(_("Only the group's organisers may submit its proposal."))
    if proposal.status != "draft":
        raise Conflict(_("This proposal was already submitted."), code="submitted",
                       version_id=proposal.version_id)
    # The status changes first, so it holds the row (PostgreSQL) or the write lock (SQLite) while
    # the text is read: the live pump checks it in the transaction that stores updates, so each
    # update it acknowledged is in the text read next, and any later one is refused as read-only.
    proposal.status = "submitted"
    proposal.submitted_at = utcnow()
    db.session.flush()
    text = store.live_text(proposal.room)
    version = create_version(proposal.assembly_id, proposal.base_version_id, "proposal", text, [], actor.id)
    proposal.version_id = version.id
    base = db.session.get(Version, proposal.base_version_id)
    record("proposal.submit", f"proposal:{proposal.id}", actor.id, version_id=version.id,
           version_sha256=version.sha256)
    if text != base.text:
        assembly = db.session.get(Assembly, proposal.assembly_id)
        file_amendment(actor, assembly, base.id, text, title=proposal.title,
                       rationale="", group_id=proposal.group_id, proposal_id=proposal.id, admit=True)
    room = proposal.room
    after_commit(lambda: room_closed.send(room))  # the live hub closes the room once it is stored
    return proposal
