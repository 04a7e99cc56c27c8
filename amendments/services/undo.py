"""Undo a merge: the draft goes back to the text before it, as a new version (history is kept).

Only the last merge still standing can be undone: once a later merge built on its text, undoing
it would silently drop that later work too, so the chair must undo the later one first. Undos
chain: after undoing the last merge, the one before it is the last again.
"""
from flask_babel import gettext as _

from amendments.models import MergeRecord, Version
from amendments.services.merging import MERGE_PHASES, draft_has_moved
from amendments.services.statuses import MERGED, set_statuses
from amendments.services.versions import new_version
from deliberation.auth.permissions import is_chair
from deliberation.errors import Conflict, Forbidden, NotFound
from deliberation.models import Assembly, Member
from deliberation.unit_of_work import UnitOfWork


def standing_version(version: Version, get) -> Version:
    """The version whose text stands now: an undo version stands for the one it restored."""
    for _step in range(10_000):
        if version.kind != "undo" or version.parent_id is None:
            return version
        version = get(version.parent_id)
    return version


def undo(actor: Member, assembly: Assembly, merge_id: int | None = None, *,
         uow: UnitOfWork | None = None) -> dict:
    """Restore the text before a merge as the new current version and return its amendments to
    "admitted"; refused (409 not_last_merge) when a later version is built on it."""
    uow = uow or UnitOfWork()
    if not is_chair(actor, assembly.id):
        raise Forbidden(_("Only a chair of this assembly may undo a merge."))
    if assembly.phase not in MERGE_PHASES:
        raise Conflict(_("Merging is closed: the assembly is in the %(phase)s phase.", phase=assembly.phase),
                       code="phase")
    record = uow.merges.get(merge_id) if merge_id is not None else uow.merges.last_standing(assembly.id)
    if merge_id is not None and (record is None or record.assembly_id != assembly.id
                                 or record.kind != "merge"):
        raise NotFound(_("There is no merge %(id)s in this assembly.", id=merge_id))
    if record is None:
        raise Conflict(_("There is no merge to undo."), code="nothing_to_undo")
    if record.to_version_id is None:
        raise Conflict(_("Merge %(id)s changed nothing, so there is nothing to undo.", id=record.id),
                       code="nothing_to_undo")
    if uow.merges.undo_of(record.id) is not None:
        raise Conflict(_("Merge %(id)s has already been undone.", id=record.id), code="already_undone")
    current = uow.versions.get(assembly.current_version_id)
    if standing_version(current, uow.versions.get).id != record.to_version_id:
        raise Conflict(_("A later version of the draft is built on merge %(id)s: undo the later merges "
                         "first.", id=record.id), code="not_last_merge", current_version_id=current.id)
    before = uow.versions.get(record.from_version_id)
    version = uow.versions.add(new_version(assembly.id, before.id, "undo", before.text,
                                           list(before.provenance or []), actor.id))
    uow.flush()
    if not uow.assemblies.move_current(assembly, current.id, version.id):
        raise Conflict(_("Another chair changed the draft at the same moment; reload and try again."),
                       code="stale_version")
    merged = [o["id"] for o in (record.outcomes or []) if o["outcome"] in MERGED] or list(record.merged or [])
    rows = uow.amendments.get_many(merged)
    restored = sorted(i for i, a in rows.items()
                      if a.status in MERGED and a.merged_version_id == record.to_version_id)
    undo_record = uow.merges.add(MergeRecord(
        assembly_id=assembly.id, kind="undo", undoes_id=record.id, from_version_id=current.id,
        to_version_id=version.id, actor_id=actor.id, merged=[], skipped=[], resolutions=[],
        outcomes=[{"id": i, "outcome": "restored"} for i in restored]))
    uow.flush()
    for ident in restored:
        rows[ident].merged_version_id = None
    reason = _("Merge %(id)s was undone.", id=record.id)
    set_statuses([(rows[i], "admitted", reason) for i in restored], actor, merge_id=undo_record.id, uow=uow)
    draft_has_moved(assembly, current, version, "undo", undo_record, actor, (), uow)
    uow.record("assembly.merge_undo", f"assembly:{assembly.id}", actor.id, merge_id=record.id,
               undo_id=undo_record.id, restored=restored, version_id=version.id,
               version_sha256=version.sha256)
    return {"version_id": version.id, "undone_merge_id": record.id, "restored": restored,
            "merge_id": undo_record.id}
