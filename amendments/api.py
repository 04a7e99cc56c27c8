"""API: versions, diffs, provenance, amendments, collisions and merge."""
from flask import current_app, jsonify, request
from flask_babel import gettext as _

from amendments.engine import word_diff
from amendments.models import Amendment
from amendments.services.desk import regions_json
from amendments.services.filing import file_amendment, get_amendment, support, supporter_count
from amendments.services.labels import amendment_labels
from amendments.services.listing import list_amendments, parse_filters
from amendments.services.merging import merge
from amendments.services.placements import placed_amendments, placements_on
from amendments.services.records import get_merge, merge_ids_of, merge_json
from amendments.services.redline import render_redline
from amendments.services.statuses import decide, history, merge_id_of, withdraw
from amendments.services.undo import undo
from amendments.services.versions import get_version, lines_json, spans_of
from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member, field, json_body, text_field
from deliberation.api.rate_limits import member_key, spend
from deliberation.auth.permissions import is_chair
from deliberation.errors import Forbidden, Invalid
from deliberation.lookup import get_assembly
from extensions import db


@bp.get("/versions/<int:version_id>")
def api_get_version(version_id: int):
    acting_member()
    version = get_version(version_id)
    return jsonify({"id": version.id, "assembly_id": version.assembly_id, "parent_id": version.parent_id,
                    "kind": version.kind, "sha256": version.sha256, "text": version.text,
                    "lines": lines_json(version.text, current_app.config["LINE_WIDTH"])})


@bp.get("/versions/<int:version_id>/provenance")
def api_provenance(version_id: int):
    acting_member()
    version = get_version(version_id)
    spans = spans_of(version)
    ids = {s.amendment_id for s in spans if s.amendment_id is not None}
    groups = dict(db.session.execute(db.select(Amendment.id, Amendment.group_id).where(Amendment.id.in_(ids)))
                  .all()) if ids else {}
    merges = merge_ids_of(ids)
    return jsonify({"version_id": version.id, "spans": [
        {"start": s.start, "end": s.end, "amendment_id": s.amendment_id, "proposal_id": s.proposal_id,
         "group_id": groups.get(s.amendment_id), "merge_id": merges.get(s.amendment_id)}
        for s in spans]})


@bp.get("/versions/<int:a>/diff/<int:b>")
def api_diff(a: int, b: int):
    acting_member()
    old, new = get_version(a), get_version(b)
    if old.assembly_id != new.assembly_id:
        raise Invalid(_("Versions %(a)s and %(b)s belong to different assemblies; "
                        "compare versions of one assembly.", a=a, b=b), code="different_assemblies")
    html = render_redline(old.text, new.text, spans_of(new), amendment_labels(new.assembly_id))
    return jsonify({"ops": [[op, text] for op, text in word_diff(old.text, new.text)], "html": html})


def amendment_json(amendment: Amendment, with_history: bool = True) -> dict:
    assembly = get_assembly(amendment.assembly_id)
    body = {"id": amendment.id, "assembly_id": amendment.assembly_id, "title": amendment.title,
            "rationale": amendment.rationale, "status": amendment.status,
            "base_version_id": amendment.base_version_id, "sponsor_id": amendment.sponsor_id,
            "group_id": amendment.group_id, "proposal_id": amendment.proposal_id,
            "line_from": amendment.line_from, "line_to": amendment.line_to,
            "edits": [{"start": s, "end": e, "text": t} for s, e, t in amendment.edits],
            "supporters": supporter_count(amendment.id), "merged_version_id": amendment.merged_version_id,
            "rebased_onto_version_id": None, "rebase": None, "rebase_reason": None,
            "merge_id": merge_id_of(amendment)}
    if with_history:
        body["history"] = [dict(h, at=h["at"].isoformat() + "Z") for h in history(amendment)]
    if amendment.status in ("open", "admitted"):
        current = get_version(assembly.current_version_id)
        placed = placements_on(current, [amendment])[0]
        body.update(rebased_onto_version_id=current.id, rebase=placed.rebase.status,
                    rebase_reason=placed.rebase.reason, rebase_confidence=placed.rebase.confidence,
                    current_line_from=placed.line_from, current_line_to=placed.line_to)
    return body


def listed_json(row) -> dict:
    """An amendment as a list shows it: no history, the placement and lines from the listing query."""
    a = row.amendment
    return {"id": a.id, "assembly_id": a.assembly_id, "title": a.title, "status": a.status,
            "base_version_id": a.base_version_id, "sponsor_id": a.sponsor_id, "sponsor": row.sponsor,
            "group_id": a.group_id, "group": row.group, "proposal_id": a.proposal_id,
            "line_from": row.line_from, "line_to": row.line_to, "supporters": row.supporters,
            "rebase": row.placement, "rebase_reason": row.placement_reason or None,
            "colliding": row.colliding, "merged_version_id": a.merged_version_id,
            "created_at": a.created_at.isoformat() + "Z"}


@bp.post("/assemblies/<int:assembly_id>/amendments")
def api_file_amendment(assembly_id: int):
    member = acting_member()
    assembly = get_assembly(assembly_id)
    spend("filing", member_key(member))
    data = json_body()
    amendment, shown = file_amendment(
        member, assembly, field(data, "base_version_id", int), text_field(data, "text"),
        text_field(data, "title", max_len=300), text_field(data, "rationale", required=False, max_len=20000),
        group_id=field(data, "group_id", int, required=False))
    return jsonify({"id": amendment.id, "status": amendment.status,
                    "base_version_id": amendment.base_version_id, "line_from": amendment.line_from,
                    "line_to": amendment.line_to, "ops": [[op, text] for op, text in shown["ops"]]}), 201


@bp.get("/assemblies/<int:assembly_id>/amendments")
def api_list_amendments(assembly_id: int):
    """Filter by status (or needs_decision), group, line range and collision; sort; one page at a time."""
    acting_member()
    listing = list_amendments(get_assembly(assembly_id), parse_filters(request.args))
    return jsonify({"amendments": [listed_json(row) for row in listing.rows], "total": listing.total,
                    "page": listing.page, "per_page": listing.per_page})


@bp.get("/amendments/<int:amendment_id>")
def api_get_amendment(amendment_id: int):
    acting_member()
    return jsonify(amendment_json(get_amendment(amendment_id)))


@bp.post("/amendments/<int:amendment_id>/support")
def api_support(amendment_id: int):
    member = acting_member()
    return jsonify({"supporters": support(member, get_amendment(amendment_id))})


@bp.post("/amendments/<int:amendment_id>/status")
def api_decide(amendment_id: int):
    """A chair admits, rejects or marks an amendment obsolete, with a reason."""
    member = acting_member()
    amendment = get_amendment(amendment_id)
    data = json_body()
    decide(member, amendment, field(data, "status", str), data.get("reason"))
    return jsonify(amendment_json(amendment))


@bp.post("/amendments/<int:amendment_id>/withdraw")
def api_withdraw(amendment_id: int):
    """The sponsor, or the sponsoring group's organiser, takes the amendment back."""
    member = acting_member()
    amendment = get_amendment(amendment_id)
    data = json_body() if request.data else {}
    withdraw(member, amendment, data.get("reason"))
    return jsonify(amendment_json(amendment))


@bp.get("/assemblies/<int:assembly_id>/collisions")
def api_collisions(assembly_id: int):
    acting_member()
    current, placed = placed_amendments(get_assembly(assembly_id))
    groups, regions = regions_json(current, placed)
    return jsonify({"version_id": current.id, "groups": groups, "regions": regions,
                    "unplaced": [{"id": p.amendment.id, "rebase": p.rebase.status, "reason": p.rebase.reason}
                                 for p in placed if p.rebase.status != "clean"]})


@bp.post("/assemblies/<int:assembly_id>/merge")
def api_merge(assembly_id: int):
    member = acting_member()
    assembly = get_assembly(assembly_id)
    if not is_chair(member, assembly.id):
        raise Forbidden("Only a chair of this assembly may merge amendments.")
    data = json_body()
    accept = field(data, "accept_review", list, required=False, default=[])
    if not all(isinstance(i, int) for i in accept):
        raise Invalid("'accept_review' must be a list of amendment ids.", field="accept_review")
    return jsonify(merge(member, assembly, field(data, "amendment_ids", list), data.get("resolutions"),
                         accept_review=accept,
                         expected_version_id=field(data, "expected_version_id", int, required=False)))


@bp.post("/assemblies/<int:assembly_id>/merge/undo")
def api_undo_merge(assembly_id: int):
    """Undo the last merge (or the one named, if it is still the last standing)."""
    member = acting_member()
    assembly = get_assembly(assembly_id)
    data = json_body() if request.data else {}
    return jsonify(undo(member, assembly, field(data, "merge_id", int, required=False)))


@bp.get("/merges/<int:merge_id>")
def api_get_merge(merge_id: int):
    acting_member()
    return jsonify(merge_json(get_merge(merge_id)))
