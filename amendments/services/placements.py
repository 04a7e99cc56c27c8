"""Where each pending amendment lands on the current draft, kept once per version.

Rebasing is done when the draft moves (a merge or an undo) and when an amendment is filed, and
stored as AmendmentPlacement rows, so the merge desk, the lists and the API read it instead of
rebasing every amendment on every page. An amendment without a row for the current version (filed
while another chair merged, or before placements were kept) is rebased on the fly, not stored:
reads never write.
"""
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from flask import current_app, has_app_context

from amendments.engine import Edit, LineIndex, RebaseResult, rebase
from amendments.models import Amendment, AmendmentPlacement, Version
from amendments.services.versions import chain_versions
from deliberation.models.timeutil import utcnow
from deliberation.signals import amendment_placement_changed
from deliberation.unit_of_work import UnitOfWork

PENDING = ("open", "admitted")


@dataclass(frozen=True)
class Placed:
    """An amendment as it stands over the current draft, with the official lines it touches there."""
    amendment: Amendment
    rebase: RebaseResult
    line_from: int | None = None
    line_to: int | None = None


def edits_of(amendment: Amendment) -> tuple[Edit, ...]:
    return tuple(Edit(start, end, text) for start, end, text in amendment.edits)


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


def line_width() -> int:
    """The app's line width; 80 (the default) where services run without an app (unit tests)."""
    return current_app.config["LINE_WIDTH"] if has_app_context() else 80


@lru_cache(maxsize=64)
def _index(version_id: int, sha256: str, width: int, text: str) -> LineIndex:
    return LineIndex(text, width)


def line_index(version: Version) -> LineIndex:
    """The official line numbering of a version, kept per version: versions never change, and
    numbering a 35,000-word draft costs tens of milliseconds a page otherwise."""
    if version.id is None:
        return LineIndex(version.text, line_width())
    return _index(version.id, version.sha256 or "", line_width(), version.text)


def _lines(index: LineIndex, edits) -> tuple[int | None, int | None]:
    if not edits:
        return None, None
    cited = [index.cite(e.start, e.end) for e in edits]
    return min(a for a, _b in cited), max(b for _a, b in cited)


def _from_row(amendment: Amendment, row: AmendmentPlacement) -> Placed:
    edits = tuple(Edit(s, e, t) for s, e, t in row.edits)
    return Placed(amendment, RebaseResult(row.status, edits, row.reason, row.confidence), row.line_from,
                  row.line_to)


def place(amendment: Amendment, version: Version, index: LineIndex | None = None,
          uow: UnitOfWork | None = None) -> Placed:
    """Rebase one amendment onto a version, with its lines there (nothing stored)."""
    result = rebase_onto(amendment, version, uow=uow)
    index = index or line_index(version)
    return Placed(amendment, result, *_lines(index, result.edits))


def _row(placed: Placed, version: Version) -> dict:
    r = placed.rebase
    return {"amendment_id": placed.amendment.id, "version_id": version.id, "status": r.status,
            "edits": [[e.start, e.end, e.text] for e in r.edits], "reason": r.reason,
            "confidence": r.confidence, "line_from": placed.line_from, "line_to": placed.line_to,
            "created_at": utcnow()}


def store(placed: Placed, version: Version, uow: UnitOfWork | None = None) -> AmendmentPlacement:
    """Keep a placement for this (amendment, version)."""
    return (uow or UnitOfWork()).placements.add(AmendmentPlacement(**_row(placed, version)))


def pending_amendments(assembly_id: int, uow: UnitOfWork | None = None) -> list[Amendment]:
    return (uow or UnitOfWork()).amendments.pending(assembly_id)


def placements_on(version: Version, amendments: list[Amendment],
                  uow: UnitOfWork | None = None) -> list[Placed]:
    """Each amendment's placement on this version: the stored one, or rebased now."""
    uow = uow or UnitOfWork()
    rows = uow.placements.on(version.id, [a.id for a in amendments])
    index = None
    out = []
    for amendment in amendments:
        row = rows.get(amendment.id)
        if row is not None:
            out.append(_from_row(amendment, row))
            continue
        index = index or line_index(version)
        out.append(place(amendment, version, index, uow))
    return out


def placed_amendments(assembly, uow: UnitOfWork | None = None) -> tuple[Version, list[Placed]]:
    """The current draft and every pending amendment placed over it, oldest first."""
    uow = uow or UnitOfWork()
    current = uow.versions.get(assembly.current_version_id)
    return current, placements_on(current, pending_amendments(assembly.id, uow), uow)


def replace_placements(assembly_id: int, previous: Version, target: Version,
                       uow: UnitOfWork | None = None) -> list[Placed]:
    """The draft moved from ``previous`` to ``target``: rebase every pending amendment onto it,
    keep the results, and tell the sponsors of those that no longer land cleanly."""
    uow = uow or UnitOfWork()
    uow.flush()
    amendments = pending_amendments(assembly_id, uow)
    before = {i: row.status for i, row in uow.placements.on(previous.id, [a.id for a in amendments]).items()}
    index = line_index(target)
    out = []
    for amendment in amendments:
        out.append(place(amendment, target, index, uow))
    uow.placements.add_many([_row(p, target) for p in out])
    for placed in out:
        amendment = placed.amendment
        status = placed.rebase.status
        if status != "clean" and before.get(amendment.id) != status:
            amendment_placement_changed.send(
                amendment.id, assembly_id=assembly_id, sponsor_id=amendment.sponsor_id,
                group_id=amendment.group_id, title=amendment.title, placement=status,
                version_id=target.id, reason=placed.rebase.reason)
    return out
