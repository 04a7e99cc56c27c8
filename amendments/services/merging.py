"""Compositing: rebase open amendments onto the draft, find collisions, merge."""
import re
from dataclasses import dataclass, replace

from flask_babel import gettext as _

from amendments.engine import Candidate, RebaseResult, Resolution, find_collisions, normalise, rebase
from amendments.engine import merge as engine_merge
from amendments.models import Amendment, MergeRecord, Version
from amendments.services.filing import edits_of
from amendments.services.versions import chain_versions, new_version, spans_of, spans_to_json
from deliberation.errors import Conflict, Invalid
from deliberation.models import Assembly, Member
from deliberation.text_input import storable
from deliberation.unit_of_work import UnitOfWork
from extensions import db

MERGE_PHASES = ("proposals", "amendments", "compositing")
PENDING = ("open", "admitted")


@dataclass(frozen=True)
class Placed:
    """An amendment as it stands over the current draft."""
    amendment: Amendment
    rebase: RebaseResult


def rebase_onto(amendment: Amendment, target: Version, cache: dict | None = None,
                uow: UnitOfWork | None = None) -> RebaseResult:
    """Carry an amendment's ranges from its base version to the target version."""
    key = (amendment.id, target.id)
    if cache is not None and key in cache:
        return cache[key]
    versions = (uow or UnitOfWork()).versions
    base = versions.get(amendment.base_version_id)
    chain = chain_versions(base, target, versions.get)
    result = rebase(edits_of(amendment), [v.text for v in chain])
    if result.reason:
        # The engine counts positions in the chain; people know versions by their ids.
        named = re.sub(r"version (\d+)", lambda m: f"version {chain[int(m.group(1))].id}"
                       if int(m.group(1)) < len(chain) else m.group(0), result.reason)
        result = replace(result, reason=named)
    if cache is not None:
        cache[key] = result
    return result


def pending_amendments(assembly: Assembly) -> list[Amendment]:
    return list(db.session.scalars(db.select(Amendment).where(
        Amendment.assembly_id == assembly.id, Amendment.status.in_(PENDING)).order_by(Amendment.id)))


def placed_amendments(assembly: Assembly) -> tuple[Version, list[Placed]]:
    current = db.session.get(Version, assembly.current_version_id)
    cache: dict = {}
    return current, [Placed(a, rebase_onto(a, current, cache)) for a in pending_amendments(assembly)]


def collision_groups(placed: list[Placed]) -> list[list[int]]:
    """Groups of 2+ pending amendments that touch the same words of the draft."""
    cands = [Candidate(p.amendment.id, p.rebase.edits, p.amendment.proposal_id)
             for p in placed if p.rebase.status == "clean"]
    return find_collisions(cands)


def _parse_resolutions(raw) -> list[Resolution]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise Invalid(_("'resolutions' must be a list."), field="resolutions")
    out = []
    for item in raw:
        ids = item.get("amendment_ids") if isinstance(item, dict) else None
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(ids, list) or not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise Invalid(_("Each resolution needs 'amendment_ids', a non-empty list of ids."), field="resolutions")
        if not isinstance(text, str):
            raise Invalid(_("Each resolution needs 'text', the replacement for the collided region."), field="resolutions")
        out.append(Resolution(tuple(sorted(set(ids))), normalise(text)))
    return out


def merge(actor: Member, assembly: Assembly, amendment_ids, resolutions=None,
          accept_review=(), expected_version_id: int | None = None, *, uow: UnitOfWork | None = None) -> dict:
    """Merge every listed amendment that does not collide; resolved groups merge too.

    Amendments written on older versions are rebased first; one that cannot be
    placed exactly is skipped (conflict/review), never applied in the wrong place.
    """
    uow = uow or UnitOfWork()
    if assembly.phase not in MERGE_PHASES:
        raise Conflict(_("Merging is closed: the assembly is in the %(phase)s phase.", phase=assembly.phase), code="phase")
    if not isinstance(amendment_ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in amendment_ids):
        raise Invalid(_("'amendment_ids' must be a list of amendment ids."), field="amendment_ids")
    resolved = _parse_resolutions(resolutions)
    current = uow.versions.get(assembly.current_version_id)
    if expected_version_id is not None and expected_version_id != current.id:
        raise Conflict(_("The draft changed since you loaded it; reload and try again."),
                       code="stale_version", current_version_id=current.id)
    wanted = sorted(set(amendment_ids) | {i for r in resolved for i in r.ids})
    rows = uow.amendments.get_many(wanted)
    missing = [i for i in wanted if i not in rows or rows[i].assembly_id != assembly.id]
    if missing:
        raise Invalid(_("Not amendments of this assembly: %(choices)s.", choices=', '.join(map(str, missing))),
                      code="unknown_amendment", field="amendment_ids")
    skipped: list[dict] = []
    cands: list[Candidate] = []
    for ident in wanted:
        amendment = rows[ident]
        if amendment.status == "merged":
            skipped.append({"id": ident, "reason": "already_merged"})
            continue
        if amendment.status not in PENDING:
            skipped.append({"id": ident, "reason": amendment.status})
            continue
        if amendment.status != "admitted":
            skipped.append({"id": ident, "reason": "not_admitted"})
            continue
        if not all(storable(text) for _start, _end, text in amendment.edits):
            # A row from before text was checked on the way in: its words could not be stored in a version.
            skipped.append({"id": ident, "reason": "invalid_text"})
            continue
        placed = rebase_onto(amendment, current, uow=uow)
        if placed.status == "conflict" or (placed.status == "review" and ident not in set(accept_review or ())):
            skipped.append({"id": ident, "reason": placed.status, "detail": placed.reason})
            continue
        cands.append(Candidate(ident, placed.edits, amendment.proposal_id))
    live_ids = {c.id for c in cands}
    usable = [r for r in resolved if set(r.ids) <= live_ids]
    for r in resolved:
        if r not in usable:
            for i in r.ids:
                if i in live_ids:
                    skipped.append({"id": i, "reason": "resolution_mismatch"})
                    live_ids.discard(i)
    cands = [c for c in cands if c.id in live_ids]
    result = engine_merge(current.text, cands, usable, spans_of(current))
    skipped.extend({"id": i, "reason": reason} for i, reason in result.skipped)
    new_version_id = current.id
    if result.merged:
        version = uow.versions.add(new_version(assembly.id, current.id, "merge", result.text,
                                               spans_to_json(result.provenance), actor.id))
        uow.flush()
        if not uow.assemblies.move_current(assembly, current.id, version.id):
            raise Conflict(_("Another chair merged at the same moment; reload and try again."), code="stale_version")
        for ident in result.merged:
            rows[ident].status = "merged"
            rows[ident].merged_version_id = version.id
        new_version_id = version.id
    uow.merges.add(MergeRecord(
        assembly_id=assembly.id, from_version_id=current.id,
        to_version_id=new_version_id if result.merged else None, actor_id=actor.id,
        merged=list(result.merged), skipped=skipped,
        resolutions=[{"amendment_ids": list(r.ids), "text": r.text} for r in usable]))
    uow.record("assembly.merge", f"assembly:{assembly.id}", actor.id, merged=list(result.merged),
               skipped=[s["id"] for s in skipped], version_id=new_version_id)
    return {"version_id": new_version_id, "merged": list(result.merged),
            "skipped": sorted(skipped, key=lambda s: s["id"])}
