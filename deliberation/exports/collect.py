"""Gather an assembly's amendments for the booklet and the decisions sheet in a few queries
(not a few per amendment: an assembly may have a thousand)."""
from collections import defaultdict
from dataclasses import replace

from flask import current_app
from flask_babel import gettext as _

from amendments.engine import Edit, LineIndex
from amendments.models import Amendment, AmendmentEvent, MergeRecord, Support, Version
from deliberation.exports.model import BookletEntry, Excerpt
from deliberation.exports.pieces import by_line, from_edits
from deliberation.models import Assembly, Group, Member
from deliberation.web.ui import status_name
from extensions import db

#: Supporters named in the booklet; the rest are counted ("and 40 more").
NAMED_SUPPORTERS = 12
#: Unchanged lines shown around each changed one in the booklet; longer stretches are elided.
CONTEXT_LINES = 1

SKIP_REASONS = {
    "collision": lambda: _("it collided with another amendment"),
    "conflict": lambda: _("its words are no longer in the draft"),
    "review": lambda: _("its place in the draft needs a chair's review"),
    "not_admitted": lambda: _("it was not yet admitted"),
    "resolution_mismatch": lambda: _("the chair's resolution did not match it"),
    "invalid_text": lambda: _("its text could not be stored"),
}


def _excerpt(index: LineIndex, amendment: Amendment) -> Excerpt | None:
    """The lines the amendment cites, with its edits laid over them (no diff: the stored edits)."""
    n = len(index.lines)
    if not (1 <= amendment.line_from <= amendment.line_to <= n):
        return None
    lines = index.lines[amendment.line_from - 1:amendment.line_to]
    edits = [Edit(s, e, t) for s, e, t in amendment.edits]
    start = min([lines[0].start] + [e.start for e in edits])
    end = max([lines[-1].end] + [e.end for e in edits])
    if start < 0 or end > len(index.text):
        return None
    window = index.text[start:end]
    shifted = [replace(ln, start=ln.start - start, end=ln.end - start) for ln in lines]
    pieces = by_line(from_edits(window, [Edit(e.start - start, e.end - start, e.text) for e in edits]),
                     shifted)
    changed = [i for i, line_pieces in enumerate(pieces) if any(p.op != "equal" for p in line_pieces)]
    keep = {j for i in changed for j in range(i - CONTEXT_LINES, i + CONTEXT_LINES + 1)
            if 0 <= j < len(shifted)}
    lines_out: list = []
    pieces_out: list = []
    for i, ln in enumerate(shifted):
        if i in keep:
            lines_out.append(ln)
            pieces_out.append(pieces[i])
        elif lines_out and lines_out[-1] is not None or not lines_out:
            lines_out.append(None)  # an elided stretch of unchanged lines
            pieces_out.append([])
    return Excerpt(window, lines_out, pieces_out)


def _supporters(ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    rows = db.session.execute(db.select(Support.amendment_id, Member.name)
                              .join(Member, Member.id == Support.member_id)
                              .where(Support.amendment_id.in_(ids)).order_by(Support.id))
    for amendment_id, name in rows:
        names[amendment_id].append(name)
    return names


def _last_events(ids: list[int]) -> dict[int, AmendmentEvent]:
    last: dict[int, AmendmentEvent] = {}
    for event in db.session.scalars(db.select(AmendmentEvent).where(AmendmentEvent.amendment_id.in_(ids))
                                    .order_by(AmendmentEvent.id)):
        last[event.amendment_id] = event
    return last


def _merges(assembly_id: int) -> tuple[dict[int, MergeRecord], dict[int, tuple[MergeRecord, str]]]:
    """The merge that made each version, and each amendment's latest skip (record, reason)."""
    made: dict[int, MergeRecord] = {}
    skipped: dict[int, tuple[MergeRecord, str]] = {}
    for record in db.session.scalars(db.select(MergeRecord).where(MergeRecord.assembly_id == assembly_id)
                                     .order_by(MergeRecord.id)):
        if record.to_version_id is not None:
            made[record.to_version_id] = record
        for item in record.skipped or []:
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                skipped[item["id"]] = (record, str(item.get("reason", "")))
    return made, skipped


def booklet_entries(assembly: Assembly) -> list[BookletEntry]:
    """Every amendment of the assembly, numbered in the order of the lines it cites."""
    rows = db.session.execute(
        db.select(Amendment, Member.name, Group.name)
        .outerjoin(Member, Member.id == Amendment.sponsor_id)
        .outerjoin(Group, Group.id == Amendment.group_id)
        .where(Amendment.assembly_id == assembly.id)).all()
    rows.sort(key=lambda r: (r[0].line_from, r[0].line_to, r[0].id))
    ids = [a.id for a, _s, _g in rows]
    supporters = _supporters(ids) if ids else {}
    events = _last_events(ids) if ids else {}
    made, skipped = _merges(assembly.id)
    deciders = dict(db.session.execute(db.select(Member.id, Member.name).where(Member.id.in_(
        {e.by_id for e in events.values() if e.by_id} | {r.actor_id for r in made.values() if r.actor_id}
        | {r.actor_id for r, _why in skipped.values() if r.actor_id}))).all())
    width = current_app.config["LINE_WIDTH"]
    indexes: dict[int, LineIndex] = {}
    entries = []
    for number, (a, sponsor, group) in enumerate(rows, start=1):
        if a.base_version_id not in indexes:
            indexes[a.base_version_id] = LineIndex(db.session.get(Version, a.base_version_id).text, width)
        names = supporters.get(a.id, [])
        entry = BookletEntry(
            number=number, amendment_id=a.id, title=a.title, status=a.status,
            status_name=status_name(a.status), sponsor=sponsor or "", group=group or "",
            supporters=len(names), supporter_names=names[:NAMED_SUPPORTERS],
            base_version_id=a.base_version_id, line_from=a.line_from, line_to=a.line_to,
            rationale=a.rationale or "", excerpt=_excerpt(indexes[a.base_version_id], a))
        _decide(entry, a, events.get(a.id), made, skipped.get(a.id), deciders, assembly)
        entries.append(entry)
    return entries


def _decide(entry: BookletEntry, a: Amendment, event: AmendmentEvent | None, made: dict[int, MergeRecord],
            skip: tuple[MergeRecord, str] | None, deciders: dict[int, str], assembly: Assembly) -> None:
    """What became of the amendment, in a sentence, with who decided, when and why."""
    if a.status in ("merged", "merged_modified") and a.merged_version_id is not None:
        record = made.get(a.merged_version_id)
        entry.outcome = (_("Merged into version %(v)s.", v=a.merged_version_id) if a.status == "merged"
                         else _("Merged with changes into version %(v)s.", v=a.merged_version_id))
        if record is not None:
            entry.decided_by, entry.decided_at = deciders.get(record.actor_id, ""), record.at
        if event is not None and event.status == a.status and event.reason:
            entry.reason = event.reason
        return
    if event is not None:
        entry.reason = event.reason or ""
        entry.decided_at = event.at
        entry.decided_by = deciders.get(event.by_id, "") if event.by_id else ""
    if a.status == "open":
        entry.outcome = _("Still gathering support (%(n)s of %(needed)s).", n=entry.supporters,
                          needed=assembly.support_threshold)
    elif a.status == "admitted":
        entry.outcome = _("Admitted; not merged.")
        if skip is not None:
            record, why = skip
            explain = SKIP_REASONS.get(why)
            entry.outcome = _("Admitted; left out of the merge of %(date)s: %(why)s.",
                              date=record.at.strftime("%Y-%m-%d"), why=explain() if explain else why)
    elif a.status == "withdrawn":
        entry.outcome = _("Withdrawn.")
    elif a.status == "rejected":
        entry.outcome = _("Rejected by the chair.")
    elif a.status == "obsolete":
        entry.outcome = _("Marked obsolete by the chair: its text no longer exists.")
    else:
        entry.outcome = status_name(a.status)
