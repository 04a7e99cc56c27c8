"""The chairs' merge desk and the live merge draft, through the pages: the desk lays admitted
amendments over the draft, undo and decisions work from it, a collision is composed in the live
room and committed, and the room follows the draft when it moves, keeping unsaved typing."""
import pytest
from pages import csrf, sign_in

from deliberation.live import store
from deliberation.live.merge_room import room_name
from extensions import db

TEXT = ("1. Name\n1.1 Mae'r mudiad yn cael ei alw'n Mudiad Cymru 🌱, the Example Movement.\n"
        "2. Meetings\n2.1 A quorum of the assembly is one hundred delegates.\n2.2 Branches meet monthly.\n")


@pytest.fixture
def scene(api, app, make_member, client):
    admin, chair = make_member(admin=True), make_member("Chair Person", password="pw-chair-1234")
    made = api(admin).post("/assemblies", {"title": "Desk", "base_text": TEXT, "chairs": [chair.email]})
    assembly = made.json["id"]
    api(chair).post(f"/assemblies/{assembly}/phase", {"phase": "amendments"})
    sponsor = make_member("Sponsor")

    def file(old, new, title):
        base = api(chair).get(f"/assemblies/{assembly}").json["current_version_id"]
        text = api(chair).get(f"/versions/{base}").json["text"]
        reply = api(sponsor).post(f"/assemblies/{assembly}/amendments", {
            "base_version_id": base, "text": text.replace(old, new), "title": title, "rationale": "Because."})
        assert reply.status_code == 201, reply.json
        return reply.json["id"]
    ids = {"fifty": file("one hundred delegates", "fifty delegates", "Fifty"),
           "third": file("is one hundred", "is a third of all", "A third"),
           "weekly": file("monthly", "weekly", "Weekly")}
    assert sign_in(client, chair.email, "pw-chair-1234").status_code == 302
    return {"assembly": assembly, "ids": ids, "api": api(chair), "client": client}


def current_text(scene) -> str:
    version = scene["api"].get(f"/assemblies/{scene['assembly']}").json["current_version_id"]
    return scene["api"].get(f"/versions/{version}").json["text"]


def test_the_desk_shows_the_clean_list_the_collision_side_by_side_and_merges(scene):
    page = scene["client"].get(f"/assemblies/{scene['assembly']}/merge")
    assert page.status_code == 200
    html = page.text
    assert "Merge all 1 that do not collide" in html
    assert "Collision 1: amendments" in html and "Because." in html  # wordings with their rationale
    assert f"ids={scene['ids']['fifty']},{scene['ids']['third']}" in html.replace("%2C", ",")
    merged = scene["client"].post(f"/assemblies/{scene['assembly']}/merge", data={
        "csrf_token": csrf(html), "action": "merge", "amendment_id": [str(scene["ids"]["weekly"])],
        "version_id": str(scene["api"].get(f"/assemblies/{scene['assembly']}").json["current_version_id"])})
    assert merged.status_code == 200 and "Merged amendments: " in merged.text
    assert "weekly" in current_text(scene)
    assert "Undo merge" in merged.text

    undone = scene["client"].post(f"/assemblies/{scene['assembly']}/merge/undo",
                                  data={"csrf_token": csrf(merged.text)}, follow_redirects=True)
    assert undone.status_code == 200 and "is undone" in undone.text
    assert current_text(scene) == TEXT


def test_a_decision_from_the_desk_needs_a_reason_and_returns_to_the_desk(scene):
    page = scene["client"].get(f"/assemblies/{scene['assembly']}/merge").text
    target = scene["ids"]["third"]
    missing = scene["client"].post(f"/amendments/{target}/decision", data={
        "csrf_token": csrf(page), "status": "rejected", "reason": "", "next": "desk"})
    assert missing.status_code == 400 and "Give a reason" in missing.text
    done = scene["client"].post(f"/amendments/{target}/decision", data={
        "csrf_token": csrf(page), "status": "rejected", "reason": "Out of order.", "next": "desk"})
    assert done.status_code == 302 \
        and done.headers["Location"].endswith(f"/assemblies/{scene['assembly']}/merge")
    assert scene["api"].get(f"/amendments/{target}").json["status"] == "rejected"


def test_composing_a_resolution_in_the_live_room_commits_it_and_the_room_follows_the_draft(scene):
    assembly, ids = scene["assembly"], scene["ids"]
    group = f"{ids['fifty']},{ids['third']}"
    page = scene["client"].get(f"/assemblies/{assembly}/merge/resolve?ids={group}")
    assert page.status_code == 200 and 'data-live-room="merge:' in page.text
    room = room_name(assembly)
    region = scene["api"].get(f"/assemblies/{assembly}/collisions").json["regions"][0]

    # Two chairs type in the room: the resolution in the region, and an unsaved fix elsewhere (Welsh).
    live = store.live_text(room)
    composed = live.replace("one hundred", "half of all").replace("Mudiad Cymru", "Mudiad Cymru Newydd")
    store.replace_text(room, composed, None)
    db.session.commit()
    start = composed.index("one hundred") if "one hundred" in composed else composed.index("half of all")
    shown = composed[start:start + len("half of all")]

    stale = scene["client"].post(f"/assemblies/{assembly}/merge/resolve", data={
        "csrf_token": csrf(page.text), "ids": group, "text": "something else", "version_id": region and ""})
    assert stale.status_code == 409 and "while you were committing" in stale.text

    done = scene["client"].post(f"/assemblies/{assembly}/merge/resolve", data={
        "csrf_token": csrf(page.text), "ids": group, "text": shown})
    assert done.status_code == 302, done.text
    text = current_text(scene)
    assert "A quorum of the assembly is half of all delegates." in text
    assert "Mudiad Cymru 🌱" in text  # the unsaved typing is not committed...
    # ...but kept in the room
    assert store.live_text(room) == text.replace("Mudiad Cymru", "Mudiad Cymru Newydd")
    statuses = {scene["api"].get(f"/amendments/{i}").json["status"] for i in (ids["fifty"], ids["third"])}
    assert statuses == {"merged_modified"}

    # Any merge moves the room too: the API merges "weekly", the room takes it in.
    merged = scene["api"].post(f"/assemblies/{assembly}/merge", {"amendment_ids": [ids["weekly"]]}).json
    assert merged["merged"] == [ids["weekly"]]
    assert store.live_text(room) == current_text(scene).replace("Mudiad Cymru", "Mudiad Cymru Newydd")
    assert "weekly" in store.live_text(room)


def test_only_chairs_reach_the_desk_and_the_live_resolution(scene, make_member, app):
    other = make_member("Other", password="pw-other-1234")
    client = app.test_client()
    sign_in(client, other.email, "pw-other-1234")
    assert client.get(f"/assemblies/{scene['assembly']}/merge").status_code == 403
    assert client.get(f"/assemblies/{scene['assembly']}/merge/resolve?ids=1,2").status_code == 403
    assert scene["client"].get(f"/assemblies/{scene['assembly']}/merge/resolve?ids=x").status_code == 400
    gone = scene["client"].get(f"/assemblies/{scene['assembly']}/merge/resolve?ids=1,3")
    assert gone.status_code == 302  # not a collision group: back to the desk with a message


def test_members_read_why_a_clause_reads_as_it_does(scene, make_member, app):
    assembly, ids = scene["assembly"], scene["ids"]
    region = scene["api"].get(f"/assemblies/{assembly}/collisions").json["regions"][0]
    scene["api"].post(f"/assemblies/{assembly}/merge", {
        "amendment_ids": [ids["fifty"], ids["third"], ids["weekly"]],
        "resolutions": [{"amendment_ids": [ids["fifty"], ids["third"]], "text": "half of all"}]})
    # final: 409
    scene["api"].post(f"/amendments/{ids['weekly']}/status", {"status": "rejected", "reason": "x"})
    member = make_member("Reader", password="pw-reader-123")
    client = app.test_client()
    sign_in(client, member.email, "pw-reader-123")
    line = region["line_from"]
    page = client.get(f"/assemblies/{assembly}/draft/clause?line={line}")
    assert page.status_code == 200
    html = page.text
    assert f"Amendment {ids['fifty']}: Fifty" in html and f"Amendment {ids['third']}: A third" in html
    assert f"Amendment {ids['weekly']}: Weekly" not in html  # another clause
    assert "merged with changes" in html and "Chair Person" in html
    assert f'value="{line}"' in html and "half of all" in html and f'data-amendment="{ids["fifty"]}"' in html
    draft = client.get(f"/assemblies/{assembly}/draft").text
    assert "merged with changes by Chair Person on" in draft  # the decision rides on each changed word
    bad = client.get(f"/assemblies/{assembly}/draft/clause?line=99999")
    assert bad.status_code == 400 and "The draft has lines 1 to" in bad.text


def test_suggest_mode_previews_the_redline_as_one_types_and_opens_at_cited_lines(scene):
    assembly = scene["assembly"]
    version = scene["api"].get(f"/assemblies/{assembly}").json["current_version_id"]
    page = scene["client"].get(f"/versions/{version}/amend?lines=4-4")
    assert page.status_code == 200 and 'data-select-start="' in page.text
    text = scene["api"].get(f"/versions/{version}").json["text"]
    lines = {ln["n"]: ln["text"] for ln in scene["api"].get(f"/versions/{version}").json["lines"]}
    start = int(page.text.split('data-select-start="')[1].split('"')[0])
    assert text[start:].startswith(lines[4])
    typed = scene["client"].post(f"/versions/{version}/amend/preview",
                                 data={"text": text.replace("monthly", "weekly")},
                                 headers={"X-CSRFToken": csrf(page.text)})
    assert typed.status_code == 200 and typed.json["line_from"] == typed.json["line_to"] == 5
    assert "<ins" in typed.json["html"] and "weekly" in typed.json["html"] and typed.json["lines"] == "line 5"
    same = scene["client"].post(f"/versions/{version}/amend/preview", data={"text": text},
                                headers={"X-CSRFToken": csrf(page.text)})
    assert same.status_code == 400 and same.json["error"]["code"] == "no_change"
    no_token = scene["client"].post(f"/versions/{version}/amend/preview", data={"text": text})
    assert no_token.status_code == 400
