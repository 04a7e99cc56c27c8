"""Reading merge records: what each merge or undo did, for the API, the desk and provenance."""
from flask_babel import gettext as _

from amendments.models import Amendment, AmendmentEvent, MergeRecord
from amendments.services.statuses import MERGED
from deliberation.errors import NotFound
from deliberation.models import Member
from extensions import db


def get_merge(merge_id: int) -> MergeRecord:
    record = db.session.get(MergeRecord, merge_id)
    if record is None:
        raise NotFound(_("There is no merge %(id)s.", id=merge_id))
    return record


def outcomes_of(record: MergeRecord) -> list[dict]:
    """Per amendment: merged, merged_modified or skipped (with the reason); for an undo, restored.
    Records from before outcomes were kept are read from their merged and skipped lists."""
    if record.outcomes:
        return list(record.outcomes)
    merged = [{"id": i, "outcome": "merged"} for i in record.merged or []]
    skipped = [{"id": s["id"], "outcome": "skipped", "reason": s.get("reason")} for s in record.skipped or []]
    return sorted(merged + skipped, key=lambda o: o["id"])


def merge_json(record: MergeRecord) -> dict:
    """API.md's merge record: {"id", "assembly_id", "version_id", "parent_version_id", "by", "at",
    "undone", "amendments": [{"id", "outcome", "reason"?}]}, plus its kind and what an undo undid."""
    undo = db.session.scalar(db.select(MergeRecord.id).where(MergeRecord.undoes_id == record.id).limit(1))
    by = db.session.get(Member, record.actor_id) if record.actor_id else None
    return {"id": record.id, "assembly_id": record.assembly_id, "kind": record.kind,
            "version_id": record.to_version_id, "parent_version_id": record.from_version_id,
            "by": by.name if by else None, "by_id": record.actor_id, "at": record.at.isoformat() + "Z",
            "undone": undo is not None, "undone_by_merge_id": undo, "undoes_merge_id": record.undoes_id,
            "resolutions": record.resolutions or [], "amendments": outcomes_of(record)}


def merge_history(assembly_id: int, limit: int = 50) -> list[MergeRecord]:
    """The assembly's merges and undos, newest first."""
    return list(db.session.scalars(db.select(MergeRecord).where(MergeRecord.assembly_id == assembly_id)
                                   .order_by(MergeRecord.id.desc()).limit(limit)))


def undone_ids(assembly_id: int) -> set[int]:
    return set(db.session.scalars(db.select(MergeRecord.undoes_id).where(
        MergeRecord.assembly_id == assembly_id, MergeRecord.undoes_id.is_not(None))))


def merge_ids_of(amendment_ids) -> dict[int, int]:
    """The merge that put each of these (merged) amendments into the draft, by amendment id."""
    ids = list(set(amendment_ids))
    out: dict[int, int] = {}
    for at in range(0, len(ids), 500):
        rows = db.session.execute(
            db.select(AmendmentEvent.amendment_id, AmendmentEvent.merge_id)
            .join(Amendment, Amendment.id == AmendmentEvent.amendment_id)
            .where(AmendmentEvent.amendment_id.in_(ids[at:at + 500]), AmendmentEvent.status.in_(MERGED),
                   Amendment.status.in_(MERGED))
            .order_by(AmendmentEvent.id))
        out.update((a, m) for a, m in rows if m is not None)
    return out
