"""“Explain this clause”: every amendment that touched one clause of the current draft, and what
became of each (merged as written or with changes, pending, rejected, withdrawn, obsolete), with
the clause's redline against the base text."""
from dataclasses import dataclass

from flask_babel import gettext as _

from amendments.engine import LineIndex, Span, map_region
from amendments.engine.redline_parts import section_starts
from amendments.models import Amendment, MergeRecord, Version
from amendments.services.labels import amendment_labels
from amendments.services.placements import line_index, placements_on, rebase_onto
from amendments.services.redline import render_redline
from amendments.services.statuses import history
from amendments.services.versions import spans_of
from deliberation.errors import Invalid
from deliberation.models import Assembly, Group, Member
from extensions import db

PENDING = ("open", "admitted")
CLOSED = ("rejected", "withdrawn", "obsolete")


@dataclass
class Touch:
    """One amendment that changed (or proposes to change) words of the clause."""
    amendment: Amendment
    sponsor: str | None
    group: str | None
    history: list[dict]
    #: "in the draft", "pending" or "closed": where its words stand.
    standing: str


@dataclass
class ClauseStory:
    version: Version
    label: str | None
    line_from: int
    line_to: int
    redline: str
    touches: list[Touch]


def _clause_lines(index: LineIndex, text: str, line: int) -> tuple[int, int]:
    """First and last line (1-based) of the clause holding ``line``."""
    lines = index.lines
    if not 1 <= line <= len(lines):
        raise Invalid(_("The draft has lines 1 to %(n)s.", n=len(lines)), field="line")
    starts = section_starts(lines, text)
    first = line - 1
    while first > 0 and not starts[first]:
        first -= 1
    last = line
    while last < len(lines) and not starts[last]:
        last += 1
    return first + 1, last


def _overlaps(edits, start: int, end: int) -> bool:
    return any(e.start < end and start < e.end or (e.start == e.end and start <= e.start <= end)
               for e in edits)


def _resolved_with(assembly_id: int, ids: set[int]) -> list[set[int]]:
    """The collision groups, resolved by merges still standing, that share an amendment with ``ids``."""
    undone = set(db.session.scalars(db.select(MergeRecord.undoes_id).where(
        MergeRecord.assembly_id == assembly_id, MergeRecord.undoes_id.is_not(None))))
    groups = []
    for record in db.session.scalars(db.select(MergeRecord).where(
            MergeRecord.assembly_id == assembly_id, MergeRecord.kind == "merge")):
        if record.id in undone:
            continue
        for r in record.resolutions or []:
            group = set(r.get("amendment_ids") or [])
            if group & ids:
                groups.append(group)
    return groups


def explain_clause(assembly: Assembly, line: int) -> ClauseStory:
    current = db.session.get(Version, assembly.current_version_id)
    base = db.session.get(Version, assembly.base_version_id)
    index = line_index(current)
    first, last = _clause_lines(index, current.text, line)
    start, end = index.lines[first - 1].start, index.lines[last - 1].end
    base_start, base_end = map_region(current.text, base.text, start, end)
    spans = [s for s in spans_of(current)
             if s.start < end and start < s.end or start <= s.start == s.end <= end]
    local = [Span(max(s.start, start) - start, min(s.end, end) - start, s.amendment_id, s.proposal_id)
             for s in spans]
    redline = render_redline(base.text[base_start:base_end], current.text[start:end], local,
                             amendment_labels(assembly.id), first_line=first)
    in_draft = {s.amendment_id for s in spans if s.amendment_id is not None}
    for group in _resolved_with(assembly.id, in_draft):
        in_draft |= group  # merged through the same resolution: its words are in there too
    rows = db.session.scalars(db.select(Amendment).where(Amendment.assembly_id == assembly.id)
                              .order_by(Amendment.id)).all()
    pending = [a for a in rows if a.status in PENDING]
    touching: dict[int, str] = {i: "in the draft" for i in in_draft}
    for p in placements_on(current, pending):
        if _overlaps(p.rebase.edits, start, end):
            touching[p.amendment.id] = "pending"
    for a in rows:
        if a.status in CLOSED:
            placed = rebase_onto(a, current)
            if placed.status != "conflict" and _overlaps(placed.edits, start, end):
                touching[a.id] = "closed"
    chosen = [a for a in rows if a.id in touching]
    names = dict(db.session.execute(db.select(Member.id, Member.name).where(
        Member.id.in_({a.sponsor_id for a in chosen if a.sponsor_id}))).all()) if chosen else {}
    groups = dict(db.session.execute(db.select(Group.id, Group.name).where(
        Group.id.in_({a.group_id for a in chosen if a.group_id}))).all()) if chosen else {}
    touches = [Touch(a, names.get(a.sponsor_id), groups.get(a.group_id), history(a), touching[a.id])
               for a in chosen]
    return ClauseStory(current, index.lines[first - 1].clause, first, last, redline, touches)
