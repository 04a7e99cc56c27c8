"""Read-side helpers for the web pages: rows joined with names, and the chair's merge overview.

Nothing here changes state; the pages call the operations in filing.py and merging.py for that.
"""
from dataclasses import dataclass, field

from amendments.engine import Edit, apply_edits, word_diff
from amendments.models import Amendment, Support, Version
from amendments.services.merging import collision_groups
from amendments.services.placements import Placed, placed_amendments
from deliberation.models import Assembly, Group, Member
from extensions import db


@dataclass
class AmendmentRow:
    """An amendment with the names a list shows beside it."""
    amendment: Amendment
    sponsor: str | None
    group: str | None
    supporters: int
    merged_at: object = None


def amendment_rows(assembly_id: int, statuses: tuple[str, ...] | None = None) -> list[AmendmentRow]:
    """Every amendment of an assembly (optionally only some statuses), oldest first."""
    supporters = (db.select(Support.amendment_id, db.func.count(Support.id).label("n"))
                  .group_by(Support.amendment_id).subquery())
    query = (db.select(Amendment, Member.name, Group.name, supporters.c.n, Version.created_at)
             .outerjoin(Member, Member.id == Amendment.sponsor_id)
             .outerjoin(Group, Group.id == Amendment.group_id)
             .outerjoin(supporters, supporters.c.amendment_id == Amendment.id)
             .outerjoin(Version, Version.id == Amendment.merged_version_id)
             .where(Amendment.assembly_id == assembly_id).order_by(Amendment.id))
    if statuses:
        query = query.where(Amendment.status.in_(statuses))
    return [AmendmentRow(a, sponsor, group, n or 0, merged_at)
            for a, sponsor, group, n, merged_at in db.session.execute(query)]


@dataclass
class CollisionView:
    """One collision group: the region of the draft it touches and each amendment's wording of it."""
    ids: list[int]
    start: int
    end: int
    current: str
    wordings: dict[int, str] = field(default_factory=dict)
    #: Word diff of the current region against each amendment's wording, for a small redline.
    ops: dict[int, list] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)


def _region_wording(text: str, start: int, end: int, edits: tuple[Edit, ...]) -> str:
    inside = [Edit(e.start - start, e.end - start, e.text) for e in edits if start <= e.start and e.end <= end]
    return apply_edits(text[start:end], inside)


def collision_view(current_text: str, placed: dict[int, Placed], ids: list[int]) -> CollisionView:
    """Region = from the first to the last character any amendment of the group changes."""
    edits = [e for i in ids for e in placed[i].rebase.edits]
    start = min(e.start for e in edits)
    end = max(e.end for e in edits)
    view = CollisionView(sorted(ids), start, end, current_text[start:end])
    for i in view.ids:
        view.wordings[i] = _region_wording(current_text, start, end, placed[i].rebase.edits)
        view.ops[i] = word_diff(view.current, view.wordings[i])
        view.titles[i] = placed[i].amendment.title
    return view


@dataclass
class MergeOverview:
    """What the chair's merge page shows: every pending amendment laid over the current draft."""
    current: Version
    placed: list[Placed]
    collisions: list[CollisionView]
    free_clean_ids: list[int]
    review: list[Placed]
    conflicts: list[Placed]
    waiting: list[Placed]


def merge_overview(assembly: Assembly) -> MergeOverview:
    current, placed = placed_amendments(assembly)
    by_id = {p.amendment.id: p for p in placed}
    admitted = {i: p for i, p in by_id.items() if p.amendment.status == "admitted"}
    groups = [g for g in collision_groups(list(admitted.values()))]
    in_group = {i for g in groups for i in g}
    return MergeOverview(
        current=current, placed=placed,
        collisions=[collision_view(current.text, admitted, g) for g in groups],
        free_clean_ids=[i for i, p in admitted.items() if p.rebase.status == "clean" and i not in in_group],
        review=[p for p in admitted.values() if p.rebase.status == "review"],
        conflicts=[p for p in admitted.values() if p.rebase.status == "conflict"],
        waiting=[p for p in placed if p.amendment.status == "open"],
    )
