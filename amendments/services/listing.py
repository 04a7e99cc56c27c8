"""Amendment lists that stay fast at 1,000+ amendments: filter, sort and page in the database.

Line numbers are where an amendment stands now: on the current draft for pending amendments (their
stored placement), and the lines they were filed against for the rest. Collisions are worked out
from the stored placements of the admitted amendments, one pass over the draft.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func

from amendments.engine import Candidate, Edit, find_collisions
from amendments.models import AMENDMENT_STATUSES, Amendment, AmendmentPlacement, Support
from deliberation.errors import Invalid
from deliberation.models import Assembly, Group, Member
from extensions import db

SORTS = ("line", "support", "id")
MAX_PER_PAGE = 200
#: What a chair must decide on before the draft can take it: admitted but not mergeable as it stands.
NEEDS_DECISION = "needs_decision"


@dataclass
class ListedAmendment:
    """An amendment with the names, support and placement a list shows beside it."""
    amendment: Amendment
    sponsor: str | None
    group: str | None
    supporters: int
    placement: str | None
    placement_reason: str
    line_from: int
    line_to: int
    colliding: bool


@dataclass
class Listing:
    rows: list[ListedAmendment]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class Filters:
    statuses: tuple[str, ...] = ()
    group_id: int | None = None
    line_from: int | None = None
    line_to: int | None = None
    colliding: bool | None = None
    needs_decision: bool = False
    sort: str = "line"
    page: int = 1
    per_page: int = 50


def parse_filters(args) -> Filters:
    """Filters from query-string values (a page's or the API's); bad ones are a 400 naming the field."""
    def number(name: str, low: int = 1, high: int = 2**62) -> int | None:
        raw = args.get(name)
        if raw in (None, ""):
            return None
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise Invalid(_("'%(name)s' must be a whole number.", name=name), field=name) from None
        if not low <= value <= high:
            raise Invalid(_("'%(name)s' must be between %(low)s and %(high)s.", name=name, low=low,
                            high=high),
                          field=name)
        return value

    raw_status = args.get("status") or ""
    statuses = tuple(s for s in raw_status.split(",") if s)
    needs = NEEDS_DECISION in statuses
    statuses = tuple(s for s in statuses if s != NEEDS_DECISION)
    unknown = [s for s in statuses if s not in AMENDMENT_STATUSES]
    if unknown:
        raise Invalid(_("'status' must be one or more of: %(choices)s.",
                        choices=", ".join((*AMENDMENT_STATUSES, NEEDS_DECISION))), field="status")
    colliding = args.get("colliding")
    if colliding not in (None, "", "true", "false"):
        raise Invalid(_("'colliding' must be true or false."), field="colliding")
    sort = args.get("sort") or "line"
    if sort not in SORTS:
        raise Invalid(_("'sort' must be one of: %(choices)s.", choices=", ".join(SORTS)), field="sort")
    return Filters(statuses=statuses, group_id=number("group_id"),
                   line_from=number("line_from"), line_to=number("line_to"),
                   colliding=None if colliding in (None, "") else colliding == "true",
                   needs_decision=needs, sort=sort, page=number("page") or 1,
                   per_page=number("per_page", 1, MAX_PER_PAGE) or 50)


def _colliding_ids(assembly: Assembly) -> set[int]:
    """Admitted amendments whose placement on the current draft collides with another's."""
    rows = db.session.execute(
        db.select(AmendmentPlacement.amendment_id, AmendmentPlacement.edits)
        .join(Amendment, Amendment.id == AmendmentPlacement.amendment_id)
        .where(AmendmentPlacement.version_id == assembly.current_version_id, Amendment.status == "admitted",
               AmendmentPlacement.status == "clean"))
    cands = [Candidate(i, tuple(Edit(*e) for e in edits)) for i, edits in rows]
    return {i for group in find_collisions(cands) for i in group}


def list_amendments(assembly: Assembly, f: Filters) -> Listing:
    """One page of an assembly's amendments, filtered and sorted as asked."""
    supporters = (db.select(Support.amendment_id, func.count(Support.id).label("n"))
                  .join(Amendment, Amendment.id == Support.amendment_id)
                  .where(Amendment.assembly_id == assembly.id)
                  .group_by(Support.amendment_id).subquery())
    placement = (db.select(AmendmentPlacement)
                 .where(AmendmentPlacement.version_id == assembly.current_version_id).subquery())
    pending = Amendment.status.in_(("open", "admitted"))
    line_from = db.case((pending & placement.c.line_from.is_not(None), placement.c.line_from),
                        else_=Amendment.line_from)
    line_to = db.case((pending & placement.c.line_to.is_not(None), placement.c.line_to),
                      else_=Amendment.line_to)
    support_n = func.coalesce(supporters.c.n, 0)
    query = (db.select(Amendment, Member.name, Group.name, support_n, db.case((pending, placement.c.status)),
                       placement.c.reason, line_from, line_to)
             .outerjoin(Member, Member.id == Amendment.sponsor_id)
             .outerjoin(Group, Group.id == Amendment.group_id)
             .outerjoin(supporters, supporters.c.amendment_id == Amendment.id)
             .outerjoin(placement, placement.c.amendment_id == Amendment.id)
             .where(Amendment.assembly_id == assembly.id))
    if f.statuses:
        query = query.where(Amendment.status.in_(f.statuses))
    if f.group_id is not None:
        query = query.where(Amendment.group_id == f.group_id)
    if f.line_from is not None:
        query = query.where(line_to >= f.line_from)
    if f.line_to is not None:
        query = query.where(line_from <= f.line_to)
    colliding = _colliding_ids(assembly)
    if f.colliding is not None:
        query = query.where(Amendment.id.in_(colliding) if f.colliding else Amendment.id.not_in(colliding))
    if f.needs_decision:
        query = query.where(Amendment.status == "admitted",
                            placement.c.status.in_(("review", "conflict")) | Amendment.id.in_(colliding))
    total = db.session.scalar(db.select(func.count()).select_from(query.subquery()))
    order = {"line": (line_from, line_to, Amendment.id), "support": (support_n.desc(), Amendment.id),
             "id": (Amendment.id,)}[f.sort]
    page = min(f.page, max(1, -(-total // f.per_page)))
    rows = db.session.execute(query.order_by(*order).offset((page - 1) * f.per_page).limit(f.per_page))
    return Listing([ListedAmendment(a, sponsor, group, n, status, reason or "", lf, lt, a.id in colliding)
                    for a, sponsor, group, n, status, reason, lf, lt in rows], total, page, f.per_page)
