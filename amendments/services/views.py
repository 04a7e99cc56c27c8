"""Read-side helpers for the web pages: rows joined with names, and the chairs' merge desk.

Nothing here changes state; the pages call the operations in filing.py, merging.py, undo.py and
statuses.py for that. The desk reads stored placements (placements.py), so it costs a few queries
and one collision sweep however many amendments are pending.
"""
from dataclasses import dataclass, field

from amendments.engine import Edit, word_diff
from amendments.models import Amendment, MergeRecord, Support, Version
from amendments.services.desk import regions_json
from amendments.services.placements import Placed, line_index, placed_amendments
from amendments.services.records import merge_history, outcomes_of, undone_ids
from deliberation.models import Assembly, Group, Member
from deliberation.unit_of_work import UnitOfWork
from extensions import db

#: Characters of unchanged text shown either side of a change in a desk snippet.
CONTEXT = 40


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


def _people(amendments: list[Amendment]) -> dict[int, tuple[str | None, str | None, int]]:
    """Sponsor name, group name and supporter count per amendment, in three queries."""
    ids = [a.id for a in amendments]
    if not ids:
        return {}
    members = {a.sponsor_id for a in amendments if a.sponsor_id}
    groups = {a.group_id for a in amendments if a.group_id}
    names = dict(db.session.execute(db.select(Member.id, Member.name).where(Member.id.in_(members))).all()) \
        if members else {}
    group_names = dict(db.session.execute(db.select(Group.id, Group.name)
                                          .where(Group.id.in_(groups))).all()) if groups else {}
    counts: dict[int, int] = {}
    for at in range(0, len(ids), 500):
        counts.update(db.session.execute(db.select(Support.amendment_id, db.func.count(Support.id))
                                         .where(Support.amendment_id.in_(ids[at:at + 500]))
                                         .group_by(Support.amendment_id)).all())
    return {a.id: (names.get(a.sponsor_id), group_names.get(a.group_id), counts.get(a.id, 0))
            for a in amendments}


def wording_cards(region: dict, people: dict | None = None, rows: dict | None = None) -> list[dict]:
    """Each wording of a collision region with who proposes it: what a chair compares side by side."""
    ids = [w["amendment_id"] for w in region["wordings"]]
    if rows is None:
        rows = {a.id: a for a in db.session.scalars(db.select(Amendment).where(Amendment.id.in_(ids)))}
    people = people if people is not None else _people(list(rows.values()))
    cards = []
    for w in region["wordings"]:
        a = rows[w["amendment_id"]]
        sponsor, group, supporters = people.get(a.id, (None, None, 0))
        cards.append({"id": a.id, "title": a.title, "rationale": a.rationale, "sponsor": sponsor,
                      "group": group, "supporters": supporters, "text": w["text"], "status": a.status,
                      "ops": word_diff(region["text"], w["text"])})
    return cards


@dataclass
class Snippet:
    """One change of an amendment shown in its context on the draft: before, the diff ops, after."""
    before: str
    ops: list
    after: str


def snippets(text: str, edits: tuple[Edit, ...], limit: int = 3) -> list[Snippet]:
    out = []
    for e in edits[:limit]:
        out.append(Snippet(text[max(0, e.start - CONTEXT):e.start], word_diff(text[e.start:e.end], e.text),
                           text[e.end:e.end + CONTEXT]))
    return out


@dataclass
class DeskItem:
    placed: Placed
    sponsor: str | None
    group: str | None
    supporters: int
    snippets: list[Snippet] = field(default_factory=list)

    @property
    def amendment(self) -> Amendment:
        return self.placed.amendment


@dataclass
class Collision:
    region: dict
    cards: list[dict]


@dataclass
class MergeDesk:
    """What the chairs' merge desk shows: every pending amendment laid over the current draft.

    Long lists are cut to their first SHOWN (by line) with their full counts; the amendment list
    page holds the rest, filtered the same way, and collisions come a page at a time.
    """
    current: Version
    free_ids: list[int]
    free: list[DeskItem]
    collisions: list[Collision]
    collision_count: int
    collision_page: int
    collision_pages: int
    review: list[DeskItem]
    conflicts: list[DeskItem]
    waiting: list[DeskItem]
    waiting_count: int
    lines_touched: int
    history: list[tuple[MergeRecord, list[dict], bool]]
    last_standing: MergeRecord | None

    @property
    def needs_decision(self) -> int:
        return (len(self.review) + len(self.conflicts)
                + sum(len(c.region["amendment_ids"]) for c in self.collisions))


#: Items of a long list the desk shows itself (the list page has them all), collisions per page.
SHOWN = 50
COLLISIONS_PER_PAGE = 20


def _by_line(placed: list[Placed]) -> list[Placed]:
    return sorted(placed, key=lambda p: (p.line_from or 0, p.amendment.id))


def merge_desk(assembly: Assembly, collision_page: int = 1) -> MergeDesk:
    current, placed = placed_amendments(assembly)
    admitted = [p for p in placed if p.amendment.status == "admitted"]
    groups, regions = regions_json(current, admitted)
    in_group = {i for g in groups for i in g}
    free = _by_line([p for p in admitted if p.rebase.status == "clean" and p.amendment.id not in in_group])
    review = _by_line([p for p in admitted if p.rebase.status == "review"])
    conflicts = [p for p in admitted if p.rebase.status == "conflict"]
    waiting = _by_line([p for p in placed if p.amendment.status == "open"])
    pages = max(1, -(-len(regions) // COLLISIONS_PER_PAGE))
    collision_page = min(max(1, collision_page), pages)
    shown_regions = regions[(collision_page - 1) * COLLISIONS_PER_PAGE:collision_page * COLLISIONS_PER_PAGE]
    shown = free[:SHOWN] + review + conflicts + waiting[:SHOWN]
    by_id = {p.amendment.id: p for p in admitted}
    people = _people([p.amendment for p in shown] + [by_id[i].amendment for r in shown_regions
                                                        for i in r["amendment_ids"]])

    def item(p: Placed, with_snippets: bool = True) -> DeskItem:
        sponsor, group, supporters = people.get(p.amendment.id, (None, None, 0))
        return DeskItem(p, sponsor, group, supporters,
                        snippets(current.text, p.rebase.edits) if with_snippets else [])

    undone = undone_ids(assembly.id)
    history = [(r, outcomes_of(r), r.id in undone) for r in merge_history(assembly.id, 20)]
    return MergeDesk(
        current=current, free_ids=[p.amendment.id for p in free], free=[item(p) for p in free[:SHOWN]],
        collisions=[Collision(r, wording_cards(r, people, {i: p.amendment for i, p in by_id.items()}))
                    for r in shown_regions], collision_count=len(regions),
        collision_page=collision_page, collision_pages=pages,
        review=[item(p) for p in review], conflicts=[item(p, False) for p in conflicts],
        waiting=[item(p, False) for p in waiting[:SHOWN]], waiting_count=len(waiting),
        lines_touched=len({n for p in admitted if p.line_from for n in range(p.line_from, p.line_to + 1)}),
        history=history, last_standing=UnitOfWork().merges.last_standing(assembly.id))


def draft_by_line(assembly: Assembly, first: int, count: int = 200) -> tuple[list, int]:
    """Lines first..first+count-1 of the current draft, each with the admitted amendments on it,
    and how many lines the draft has: the draft with every amendment laid over it by line."""
    current, placed = placed_amendments(assembly)
    index = line_index(current)
    touched: dict[int, list[int]] = {}
    for p in placed:
        if p.amendment.status != "admitted":
            continue
        for e in p.rebase.edits:
            a, b = index.cite(e.start, e.end)
            for n in range(max(a, first), min(b, first + count - 1) + 1):
                touched.setdefault(n, []).append(p.amendment.id)
    rows = [(ln.n, ln.text, sorted(set(touched.get(ln.n, ()))))
            for ln in index.lines[first - 1:first - 1 + count]]
    return rows, len(index.lines)
