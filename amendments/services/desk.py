"""The chairs' merge desk: each collision group as a region of the draft, with every wording."""
from flask_babel import gettext as _

from amendments.engine import Candidate, collision_regions
from amendments.models import Version
from amendments.services.placements import Placed, line_index, placed_amendments
from deliberation.errors import Invalid


def regions_json(current: Version, placed: list[Placed]) -> tuple[list[list[int]], list[dict]]:
    """The collision groups over the current draft and, in the same order, their regions as
    API.md's collisions answer describes them (offsets in characters, official line numbers)."""
    cands = [Candidate(p.amendment.id, p.rebase.edits, p.amendment.proposal_id)
             for p in placed if p.rebase.status == "clean"]
    regions = collision_regions(current.text, cands)
    index = line_index(current)
    out = []
    for r in regions:
        line_from, line_to = index.cite(r.start, r.end)
        out.append({"amendment_ids": list(r.ids), "start": r.start, "end": r.end,
                    "line_from": line_from, "line_to": line_to, "text": r.text,
                    "wordings": [{"amendment_id": i, "text": w} for i, w in r.wordings]})
    return [list(r.ids) for r in regions], out


def group_region(assembly, ids) -> dict:
    """The region of the current draft that one collision group covers, as regions_json gives it;
    NotFound-like Invalid when these amendments are not (or no longer) one collision group."""
    current, placed = placed_amendments(assembly)
    _groups, regions = regions_json(current, placed)
    wanted = sorted(set(ids))
    for region in regions:
        if region["amendment_ids"] == wanted:
            return region
    raise Invalid(_("Amendments %(ids)s are not a collision group on the current draft (it may have "
                    "changed); reload the merge desk.", ids=", ".join(map(str, wanted))),
                  code="not_a_collision", field="amendment_ids")
