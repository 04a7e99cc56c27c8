"""Merging with outcomes, undoing the last merge, merge records, provenance with group and merge,
and pending amendments re-placed (and their sponsors told) when the draft moves."""
import pytest

from amendments.models import AmendmentPlacement
from deliberation.signals import amendment_placement_changed
from extensions import db

TEXT = ("1. Name\n1.1 The organisation is called Mudiad Cymru 🌱, the Example Movement.\n"
        "2. Meetings\n2.1 A quorum of the assembly is one hundred delegates.\n2.2 Branches meet monthly.\n")


@pytest.fixture
def desk(api, make_member, make_group):
    admin, chair, sponsor = make_member(admin=True), make_member("Chair"), make_member("Sponsor")
    group = make_group("Caerdydd", members=[sponsor])
    made = api(admin).post("/assemblies", {"title": "Undo", "base_text": TEXT, "chairs": [chair.email]})
    assembly = made.json["id"]
    api(chair).post(f"/assemblies/{assembly}/phase", {"phase": "amendments"})

    def file(old, new, base=None, group_id=None):
        base = base or api(chair).get(f"/assemblies/{assembly}").json["current_version_id"]
        text = api(chair).get(f"/versions/{base}").json["text"]
        assert old in text
        reply = api(sponsor).post(f"/assemblies/{assembly}/amendments", {
            "base_version_id": base, "text": text.replace(old, new), "title": new[:40], "rationale": "why",
            "group_id": group_id})
        assert reply.status_code == 201, reply.json
        return reply.json["id"]

    return {"assembly": assembly, "chair": api(chair), "sponsor": api(sponsor), "other": api(make_member()),
            "file": file, "group": group, "base": made.json["current_version_id"]}


def current(desk) -> int:
    return desk["chair"].get(f"/assemblies/{desk['assembly']}").json["current_version_id"]


def text_of(desk, version_id) -> str:
    return desk["chair"].get(f"/versions/{version_id}").json["text"]


def test_a_resolution_that_rewords_marks_the_others_merged_modified_and_the_record_says_so(desk):
    a = desk["file"]("one hundred delegates", "fifty delegates")
    b = desk["file"]("A quorum of the assembly is one hundred", "A quorum of the assembly is a third of all")
    c = desk["file"]("monthly", "weekly", group_id=desk["group"].id)
    region = desk["chair"].get(f"/assemblies/{desk['assembly']}/collisions").json["regions"][0]
    wording_b = next(w["text"] for w in region["wordings"] if w["amendment_id"] == b)
    merged = desk["chair"].post(f"/assemblies/{desk['assembly']}/merge", {
        "amendment_ids": [a, b, c], "resolutions": [{"amendment_ids": [a, b], "text": wording_b}]}).json
    assert merged["merged"] == [a, b, c] and isinstance(merged["merge_id"], int)
    statuses = {i: desk["other"].get(f"/amendments/{i}").json for i in (a, b, c)}
    assert [statuses[i]["status"] for i in (a, b, c)] == ["merged_modified", "merged", "merged"]
    assert all(statuses[i]["merge_id"] == merged["merge_id"] for i in (a, b, c))
    assert statuses[a]["history"][-1]["status"] == "merged_modified"

    record = desk["other"].get(f"/merges/{merged['merge_id']}").json
    assert record["assembly_id"] == desk["assembly"] and record["version_id"] == merged["version_id"]
    assert record["parent_version_id"] == desk["base"] and record["by"] == "Chair" and not record["undone"]
    assert record["amendments"] == [{"id": a, "outcome": "merged_modified"}, {"id": b, "outcome": "merged"},
                                    {"id": c, "outcome": "merged"}]
    assert record["at"].endswith("Z")

    spans = desk["other"].get(f"/versions/{merged['version_id']}/provenance").json["spans"]
    by_amendment = {s["amendment_id"]: s for s in spans}
    assert by_amendment[c]["group_id"] == desk["group"].id \
        and by_amendment[c]["merge_id"] == merged["merge_id"]
    assert text_of(desk, merged["version_id"])[by_amendment[c]["start"]:by_amendment[c]["end"]] == "weekly"


def test_undo_restores_the_text_returns_amendments_and_is_refused_when_not_last(desk):
    a = desk["file"]("one hundred", "fifty")
    first = desk["chair"].post(f"/assemblies/{desk['assembly']}/merge", {"amendment_ids": [a]}).json
    b = desk["file"]("monthly", "weekly")
    second = desk["chair"].post(f"/assemblies/{desk['assembly']}/merge", {"amendment_ids": [b]}).json

    assert desk["sponsor"].post(f"/assemblies/{desk['assembly']}/merge/undo").status_code == 403
    refused = desk["chair"].post(f"/assemblies/{desk['assembly']}/merge/undo",
                                 {"merge_id": first["merge_id"]})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "not_last_merge"
    assert current(desk) == second["version_id"]  # nothing changed

    undone = desk["chair"].post(f"/assemblies/{desk['assembly']}/merge/undo").json
    assert undone["undone_merge_id"] == second["merge_id"] and undone["restored"] == [b]
    assert current(desk) == undone["version_id"] not in (first["version_id"], second["version_id"])
    assert text_of(desk, undone["version_id"]) == text_of(desk, first["version_id"])
    b_now = desk["other"].get(f"/amendments/{b}").json
    assert b_now["status"] == "admitted" and b_now["rebase"] == "clean" and b_now["merge_id"] is None
    assert b_now["history"][-1]["reason"] and b_now["history"][-1]["by"] == "Chair"
    assert desk["other"].get(f"/merges/{second['merge_id']}").json["undone"] is True
    again = desk["chair"].post(f"/assemblies/{desk['assembly']}/merge/undo", {"merge_id": second["merge_id"]})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_undone"

    # Undos chain: the first merge is the last standing one now.
    chained = desk["chair"].post(f"/assemblies/{desk['assembly']}/merge/undo").json
    assert chained["undone_merge_id"] == first["merge_id"] and chained["restored"] == [a]
    assert text_of(desk, current(desk)) == TEXT
    none_left = desk["chair"].post(f"/assemblies/{desk['assembly']}/merge/undo")
    assert none_left.status_code == 409 and none_left.json["error"]["code"] == "nothing_to_undo"

    # Both come back in one merge, and their provenance with them.
    again = desk["chair"].post(f"/assemblies/{desk['assembly']}/merge", {"amendment_ids": [a, b]}).json
    assert again["merged"] == [a, b]
    assert text_of(desk, again["version_id"]) == \
        TEXT.replace("one hundred", "fifty").replace("monthly", "weekly")


def test_the_draft_moving_re_places_pending_amendments_and_signals_those_in_trouble(desk, app):
    heard = []

    def listen(sender, **kw):
        heard.append((sender, kw["placement"], kw["sponsor_id"]))
    amendment_placement_changed.connect(listen)
    try:
        a = desk["file"]("one hundred delegates", "fifty delegates")
        stale = desk["file"]("one hundred delegates", "two hundred delegates")
        fine = desk["file"]("monthly", "weekly")
        desk["chair"].post(f"/amendments/{stale}/status", {"status": "admitted", "reason": "x"})
        merged = desk["chair"].post(f"/assemblies/{desk['assembly']}/merge", {"amendment_ids": [a]}).json
        assert merged["skipped"] == [] and merged["merged"] == [a]
    finally:
        amendment_placement_changed.disconnect(listen)
    rows = {p.amendment_id: p for p in db.session.scalars(db.select(AmendmentPlacement).where(
        AmendmentPlacement.version_id == merged["version_id"]))}
    assert set(rows) == {stale, fine}  # every pending one, placed on the new draft once
    assert rows[fine].status == "clean" and rows[stale].status in ("review", "conflict")
    sponsor_id = desk["other"].get(f"/amendments/{stale}").json["sponsor_id"]
    assert heard == [(stale, rows[stale].status, sponsor_id)]
    listed = desk["chair"].get(f"/assemblies/{desk['assembly']}/amendments?status=needs_decision").json
    assert [x["id"] for x in listed["amendments"]] == [stale]


def test_the_amendment_list_filters_sorts_and_pages(desk):
    ids = [desk["file"](old, new, base=desk["base"], group_id=g) for old, new, g in [
        ("Branches meet monthly", "Branches meet weekly", None),
        ("Mudiad Cymru", "Mudiad Newydd", desk["group"].id),
        ("one hundred delegates", "fifty delegates", None),
        ("is one hundred delegates", "is two hundred delegates", desk["group"].id)]]
    monthly, name, hundred, quorum = ids
    desk["other"].post(f"/amendments/{hundred}/support")
    url = f"/assemblies/{desk['assembly']}/amendments"
    by_line = desk["other"].get(url + "?sort=line").json
    assert by_line["total"] == 4 and by_line["page"] == 1
    assert [a["id"] for a in by_line["amendments"]][0] == name  # line 2 comes first
    assert [a["id"] for a in desk["other"].get(url + "?sort=support").json["amendments"]][0] == hundred
    assert {a["id"] for a in desk["other"].get(url + f"?group_id={desk['group'].id}").json["amendments"]} == {
        name, quorum}
    assert {a["id"] for a in desk["other"].get(url + "?colliding=true").json["amendments"]} == \
        {hundred, quorum}
    assert {a["id"] for a in desk["other"].get(url + "?colliding=false").json["amendments"]} == \
        {monthly, name}
    line = by_line["amendments"][0]["line_from"]
    assert [a["id"] for a in desk["other"].get(url + f"?line_from={line}&line_to={line}")
            .json["amendments"]] == [name]
    page = desk["other"].get(url + "?sort=id&per_page=3&page=2").json
    assert [a["id"] for a in page["amendments"]] == [quorum] and page["per_page"] == 3 and page["total"] == 4
    assert desk["other"].get(url + "?status=rejected").json["total"] == 0
    for bad, field in [("?per_page=201", "per_page"), ("?sort=colour", "sort"), ("?status=nope", "status"),
                       ("?colliding=maybe", "colliding"), ("?page=0", "page"), ("?line_from=x", "line_from")]:
        reply = desk["other"].get(url + bad)
        assert reply.status_code == 400 and reply.json["error"]["field"] == field, bad
