"""Compositing: merge admitted amendments into the next consolidated draft, resolving collisions.

Every merge appends a version and a merge record, moves each merged amendment to "merged" (or
"merged_modified" when a chair's resolution changed its wording), rebases the amendments still
pending onto the new draft, and tells the live merge room (``draft_moved``).
"""
from flask_babel import gettext as _

from amendments.engine import Candidate, Resolution, find_collisions, normalise, region_of
from amendments.engine import merge as engine_merge
from amendments.models import Amendment, MergeRecord, Version
from amendments.services.placements import Placed, placements_on, replace_placements
from amendments.services.statuses import set_statuses
from amendments.services.versions import new_version, spans_of, spans_to_json
from deliberation.errors import Conflict, Invalid
from deliberation.models import Assembly, Member
from deliberation.signals import draft_moved
from deliberation.text_input import storable
from deliberation.unit_of_work import UnitOfWork

MERGE_PHASES = ("proposals", "amendments", "compositing")
PENDING = ("open", "admitted")


def collision_groups(placed: list[Placed]) -> list[list[int]]:
    """Groups of 2+ pending amendments that touch the same words of the draft."""
    cands = [Candidate(p.amendment.id, p.rebase.edits, p.amendment.proposal_id)
             for p in placed if p.rebase.status == "clean"]
    return find_collisions(cands)


def _ids(raw, name: str) -> list[int]:
    if not isinstance(raw, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in raw):
        raise Invalid(_("'%(name)s' must be a list of amendment ids.", name=name), field=name)
    return raw


def _parse_resolutions(raw) -> list[Resolution]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise Invalid(_("'resolutions' must be a list."), field="resolutions")
    out = []
    for item in raw:
        ids = item.get("amendment_ids") if isinstance(item, dict) else None
        text = item.get("text") if isinstance(item, dict) else None
        if (not isinstance(ids, list) or not ids
                or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)):
            raise Invalid(_("Each resolution needs 'amendment_ids', a non-empty list of ids."),
                          field="resolutions")
        if not isinstance(text, str):
            raise Invalid(_("Each resolution needs 'text', the replacement for the collided region."),
                          field="resolutions")
        out.append(Resolution(tuple(sorted(set(ids))), normalise(text)))
    return out


def _reworded(text: str, cands: dict[int, Candidate], resolutions: list[Resolution], merged) -> set[int]:
    """Amendments merged through a resolution whose text is not their own wording of the region."""
    out: set[int] = set()
    for r in resolutions:
        if not set(r.ids) <= set(merged):
            continue
        region = region_of(text, [cands[i] for i in r.ids])
        out.update(i for i, wording in region.wordings if wording != r.text)
    return out


def _skip_reason(amendment: Amendment, accept_review) -> str | None:
    if amendment.status == "merged" or amendment.status == "merged_modified":
        return "already_merged"
    if amendment.status not in PENDING:
        return amendment.status
    if amendment.status != "admitted":
        return "not_admitted"
    if not all(storable(text) for _start, _end, text in amendment.edits):
        # A row from before text was checked on the way in: its words could not be stored in a version.
        return "invalid_text"
    return None


def merge(actor: Member, assembly: Assembly, amendment_ids, resolutions=None,
          accept_review=(), expected_version_id: int | None = None, *, committed=(),
          uow: UnitOfWork | None = None) -> dict:
    """Merge every listed amendment that does not collide; resolved groups merge too.

    Amendments written on older versions are rebased first; one that cannot be
    placed exactly is skipped (conflict/review), never applied in the wrong place.
    ``committed`` names regions of the current text whose resolution came from the live merge
    room (so the room is not given them twice).
    """
    uow = uow or UnitOfWork()
    if assembly.phase not in MERGE_PHASES:
        raise Conflict(_("Merging is closed: the assembly is in the %(phase)s phase.", phase=assembly.phase),
                       code="phase")
    _ids(amendment_ids, "amendment_ids")
    resolved = _parse_resolutions(resolutions)
    accept = set(_ids(list(accept_review or ()), "accept_review"))
    current = uow.versions.get(assembly.current_version_id)
    if expected_version_id is not None and expected_version_id != current.id:
        raise Conflict(_("The draft changed since you loaded it; reload and try again."),
                       code="stale_version", current_version_id=current.id)
    wanted = sorted(set(amendment_ids) | {i for r in resolved for i in r.ids})
    rows = uow.amendments.get_many(wanted)
    missing = [i for i in wanted if i not in rows or rows[i].assembly_id != assembly.id]
    if missing:
        raise Invalid(_("Not amendments of this assembly: %(choices)s.",
                        choices=', '.join(map(str, missing))),
                      code="unknown_amendment", field="amendment_ids")
    skipped: list[dict] = []
    ready = []
    for ident in wanted:
        reason = _skip_reason(rows[ident], accept)
        if reason:
            skipped.append({"id": ident, "reason": reason})
        else:
            ready.append(rows[ident])
    cands: dict[int, Candidate] = {}
    for p in placements_on(current, ready, uow):
        ident, placed = p.amendment.id, p.rebase
        if placed.status == "conflict" or (placed.status == "review" and ident not in accept):
            skipped.append({"id": ident, "reason": placed.status, "detail": placed.reason})
            continue
        cands[ident] = Candidate(ident, placed.edits, p.amendment.proposal_id)
    usable = [r for r in resolved if set(r.ids) <= set(cands)]
    for r in resolved:
        if r not in usable:
            for i in r.ids:
                if cands.pop(i, None) is not None:
                    skipped.append({"id": i, "reason": "resolution_mismatch"})
    result = engine_merge(current.text, list(cands.values()), usable, spans_of(current))
    skipped.extend({"id": i, "reason": reason} for i, reason in result.skipped)
    reworded = _reworded(current.text, cands, usable, result.merged)
    version = None
    if result.merged:
        version = uow.versions.add(new_version(assembly.id, current.id, "merge", result.text,
                                               spans_to_json(result.provenance), actor.id))
        uow.flush()
        if not uow.assemblies.move_current(assembly, current.id, version.id):
            raise Conflict(_("Another chair merged at the same moment; reload and try again."),
                           code="stale_version")
    skipped.sort(key=lambda s: s["id"])
    outcomes = sorted([{"id": i, "outcome": "merged_modified" if i in reworded else "merged"}
                       for i in result.merged]
                      + [{"id": s["id"], "outcome": "skipped", "reason": s["reason"]} for s in skipped],
                      key=lambda o: o["id"])
    record = uow.merges.add(MergeRecord(
        assembly_id=assembly.id, kind="merge", from_version_id=current.id,
        to_version_id=version.id if version else None, actor_id=actor.id,
        merged=list(result.merged), skipped=skipped, outcomes=outcomes,
        resolutions=[{"amendment_ids": list(r.ids), "text": r.text} for r in usable]))
    uow.flush()
    if version is not None:
        as_written = _("Merged into version %(v)s.", v=version.id)
        changed = _("Merged into version %(v)s through a resolution that changed its wording.", v=version.id)
        for ident in result.merged:
            rows[ident].merged_version_id = version.id
        set_statuses([(rows[i], "merged_modified", changed) if i in reworded
                      else (rows[i], "merged", as_written)
                      for i in result.merged], actor, merge_id=record.id, uow=uow)
        draft_has_moved(assembly, current, version, "merge", record, actor, committed, uow)
    uow.record("assembly.merge", f"assembly:{assembly.id}", actor.id, merge_id=record.id,
               merged=list(result.merged), skipped=[s["id"] for s in skipped],
               version_id=version.id if version else current.id,
               version_sha256=version.sha256 if version else None)
    return {"version_id": version.id if version else current.id, "merged": list(result.merged),
            "skipped": skipped, "merge_id": record.id}


def draft_has_moved(assembly: Assembly, previous: Version, current: Version, kind: str, record: MergeRecord,
                    actor: Member, committed, uow: UnitOfWork) -> None:
    """After a merge or an undo: rebase what is pending onto the new draft and tell the merge room."""
    replace_placements(assembly.id, previous, current, uow)
    draft_moved.send(assembly.id, from_version_id=previous.id, to_version_id=current.id, kind=kind,
                     merge_id=record.id, by_id=actor.id, committed=tuple(committed or ()))
