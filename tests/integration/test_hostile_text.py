"""Text that is not storable Unicode, JSON that is not JSON, and rows that slipped in anyway.

Lone surrogates and NUL are refused where text enters (the API's JSON body, every web form,
query strings, roll rows) with code invalid_text, and nothing is stored; a bad row already in
the database still renders (with U+FFFD) instead of making its pages 500 for good.
"""
import json

import pytest
from pages import csrf, sign_in
from sqlalchemy import func, select

from extensions import db

BAD = ["\ud800", "\udfff", "\x00", "\x01", "\x1b", "\x7f\x00"]


def counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def raw_post(client, path, body: str, headers):
    """A body sent as typed: json.dumps writes a lone surrogate as the escape \\ud800, as any client may."""
    return client.post("/api/v1" + path, data=body, content_type="application/json", headers=headers)


@pytest.fixture
def scene(api, make_member, make_assembly, make_group):
    chair, organiser = make_member(), make_member()
    admin = make_member(admin=True)
    group = make_group(organisers=[organiser])
    assembly = make_assembly(chairs=[chair], admin=admin)
    return {"chair": chair, "organiser": organiser, "admin": admin, "group": group, "assembly": assembly}


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("name", ["text", "title", "rationale"])
def test_amendment_text_that_cannot_be_stored_is_refused(client, api, scene, constitution, bad, name):
    assembly = scene["assembly"]
    body = {"base_version_id": assembly.current_version_id, "title": "Rename",
            "text": constitution.replace("Example", "Sample"), "rationale": "Why"}
    body[name] = body[name][:1] + bad + body[name][1:]
    headers = api(scene["chair"]).headers
    before = counts()
    reply = raw_post(client, f"/assemblies/{assembly.id}/amendments", json.dumps(body), headers)
    assert reply.status_code == 400, reply.data
    error = reply.json["error"]
    assert error["code"] == "invalid_text" and error["field"] == name and error["message"]
    assert counts() == before


@pytest.mark.parametrize("bad", ["\ud800", "\x00"])
def test_other_api_text_that_cannot_be_stored_is_refused(client, api, scene, bad):
    admin, organiser = api(scene["admin"]).headers, api(scene["organiser"]).headers
    assembly, group = scene["assembly"], scene["group"]
    cases = [
        ("/groups", {"name": f"Gr{bad}oup", "region": "North"}, admin, "name"),
        ("/assemblies", {"title": f"T{bad}", "base_text": "Text"}, admin, "title"),
        ("/assemblies", {"title": "T", "base_text": f"Te{bad}xt"}, admin, "base_text"),
        (f"/assemblies/{assembly.id}/proposals", {"group_id": group.id, "title": "P", "text": f"x{bad}"},
         organiser, "text"),
        (f"/assemblies/{assembly.id}/ballots", {"title": "B", "questions": [
            {"text": f"Q{bad}?", "kind": "yes_no_abstain"}]}, admin, "questions"),
        (f"/assemblies/{assembly.id}/merge", {"amendment_ids": [], "resolutions": [
            {"amendment_ids": [], "text": bad}]}, admin, "resolutions"),
        ("/groups", {f"na{bad}me": "G"}, admin, None),
    ]
    for path, body, headers, name in cases:
        before = counts()
        reply = raw_post(client, path, json.dumps(body), headers)
        assert reply.status_code == 400, (path, reply.data)
        assert reply.json["error"]["code"] == "invalid_text", (path, reply.json)
        assert reply.json["error"].get("field") == name, (path, reply.json)
        assert counts() == before, path


def test_tabs_and_line_breaks_are_text(client, api, scene):
    reply = api(scene["admin"]).post("/assemblies", {"title": "T", "base_text": "a\tb\r\nc\rd\n"})
    assert reply.status_code == 201


@pytest.mark.parametrize("body", [
    "[" * 5000 + "]" * 5000,
    '{"a":' * 5000 + "1" + "}" * 5000,
    '{"title": "t", "base_text": "x", "deadlines": ' + "[" * 100 + "]" * 100 + "}",
    '{"title": "t", "base_text": "x", "support_threshold": NaN}',
    '{"title": "t", "base_text": "x", "support_threshold": Infinity}',
    '{"title": "t", "base_text": "x", "support_threshold": -Infinity}',
])
def test_json_that_is_not_json_or_too_deep_is_invalid_json(client, api, scene, body):
    headers = api(scene["admin"]).headers
    before = counts()
    reply = raw_post(client, "/assemblies", body, headers)
    assert reply.status_code == 400 and reply.json["error"]["code"] == "invalid_json", reply.data
    assert reply.json["error"]["message"]
    assert counts() == before


def test_deep_json_brackets_inside_strings_are_only_text(api, scene):
    reply = api(scene["admin"]).post("/assemblies", {"title": "[" * 3000, "base_text": "{[" * 3000})
    # the title's 300, not depth
    assert reply.status_code == 400 and reply.json["error"]["code"] == "too_long"
    reply = api(scene["admin"]).post("/assemblies", {"title": "T", "base_text": "{[" * 3000})
    assert reply.status_code == 201


def test_deep_json_posted_to_a_web_form_is_a_400_page(app, scene):
    client = app.test_client()
    assert sign_in(client, scene["chair"].email, "correct horse").status_code == 302
    version = scene["assembly"].current_version_id
    reply = client.post(f"/versions/{version}/amend", data="[" * 5000 + "]" * 5000,
                        content_type="application/json")
    assert reply.status_code == 400 and b"<html" in reply.data


def test_versions_of_two_assemblies_are_not_diffed(api, scene, make_assembly):
    other = make_assembly(text="Another text.\n", admin=scene["admin"])
    a, b = scene["assembly"].current_version_id, other.current_version_id
    reply = api(scene["chair"]).get(f"/versions/{a}/diff/{b}")
    assert reply.status_code == 400 and reply.json["error"]["code"] == "different_assemblies"
    assert api(scene["chair"]).get(f"/versions/{a}/diff/{a}").status_code == 200


@pytest.mark.parametrize("bad", ["\x00", "\x01"])
def test_web_forms_refuse_text_that_cannot_be_stored(app, scene, constitution, bad):
    chair, assembly = scene["chair"], scene["assembly"]
    client = app.test_client()
    assert sign_in(client, chair.email, "correct horse").status_code == 302
    page = client.get(f"/versions/{assembly.current_version_id}/amend")
    before = counts()
    reply = client.post(f"/versions/{assembly.current_version_id}/amend", data={
        "csrf_token": csrf(page.text), "text": constitution.replace("Example", f"Ex{bad}ample"),
        "title": "Rename", "rationale": "", "group_id": "", "action": "file"})
    assert reply.status_code in (200, 400) and "cannot be stored" in reply.text  # inline, beside the field
    assert counts() == before
    organiser = app.test_client()
    assert sign_in(organiser, scene["organiser"].email, "correct horse").status_code == 302
    page = organiser.get(f"/assemblies/{assembly.id}/proposals/new")
    before = counts()
    reply = organiser.post(f"/assemblies/{assembly.id}/proposals/new", data={
        "csrf_token": csrf(page.text), "title": f"Pro{bad}posal", "group_id": str(scene["group"].id)})
    assert reply.status_code == 400 and "cannot be stored" in reply.text
    assert counts() == before


def test_query_strings_that_cannot_be_stored_are_refused(client, api, scene):
    reply = api(scene["chair"]).get(f"/assemblies/{scene['assembly'].id}/amendments?status=%00open")
    assert reply.status_code == 400 and reply.json["error"] == {
        "code": "invalid_text", "field": "status", "message": reply.json["error"]["message"]}
    assert client.get("/login?next=%01").status_code == 400


def test_roll_rows_that_cannot_be_stored_are_rejected_not_stored(client, api, scene):
    csv_text = ("email,name,group,member_number,eligible\n"
                "nul@example.org,Nul\x00Name,,,yes\n"
                "ok@example.org,Good Name,,,yes\n")
    reply = client.post("/api/v1/members/import", data=csv_text.encode(), content_type="text/csv",
                        headers=api(scene["admin"]).headers)
    assert reply.status_code == 200, reply.data
    assert reply.json["created"] == 1 and [r["line"] for r in reply.json["rejected"]] == [2]


def test_a_stored_lone_surrogate_never_breaks_a_page(app, api, scene, constitution):
    """A row written before the checks: an amendment's edits are a JSON column, which keeps a lone
    surrogate as the escape \\ud800 (on PostgreSQL too). Its pages show U+FFFD and keep working."""
    from amendments.services.filing import file_amendment
    chair, assembly = scene["chair"], scene["assembly"]
    bad, _result = file_amendment(chair, assembly, assembly.current_version_id,
                                  constitution.replace("Example", "Ex\ud800ample"), "Bad", "Why")
    good, _result = file_amendment(chair, assembly, assembly.current_version_id,
                                   constitution.replace("one hundred", "two hundred"), "Quorum", "")
    db.session.commit()
    client = app.test_client()
    assert sign_in(client, chair.email, "correct horse").status_code == 302
    for path in (f"/amendments/{bad.id}", f"/amendments/{good.id}", f"/assemblies/{assembly.id}/merge",
                 f"/assemblies/{assembly.id}", f"/assemblies/{assembly.id}/draft",
                 f"/versions/{assembly.current_version_id}"):
        reply = client.get(path)
        assert reply.status_code == 200, path
        reply.data.decode("utf-8")  # the page is valid UTF-8
    assert "Ex\ufffdample" in client.get(f"/amendments/{bad.id}").text
    page = client.get(f"/assemblies/{assembly.id}/merge")
    reply = client.post(f"/assemblies/{assembly.id}/merge", data={
        "csrf_token": csrf(page.text), "action": "merge", "amendment_id": [str(bad.id), str(good.id)],
        "version_id": str(assembly.current_version_id)})
    assert reply.status_code == 200
    db.session.expire_all()
    assert (db.session.get(type(bad), bad.id).status, db.session.get(type(good), good.id).status) == \
        ("admitted", "merged")  # the bad one is skipped (invalid_text), the good one merged
    headers = api(chair).headers
    for path in (f"/amendments/{bad.id}", f"/assemblies/{assembly.id}/collisions",
                 f"/assemblies/{assembly.id}/amendments"):
        reply = client.get("/api/v1" + path, headers=headers)
        assert reply.status_code == 200, path
    db.session.expire_all()
    current = db.session.get(type(assembly), assembly.id).current_version_id
    for path in (f"/versions/{current}", f"/versions/{current}/diff"):
        assert client.get(path).status_code == 200, path


def test_a_stored_control_character_never_breaks_a_page(app, scene, constitution):
    """PostgreSQL stores U+0001 (not NUL); pages show it as it is."""
    from amendments.services.filing import file_amendment
    chair, assembly = scene["chair"], scene["assembly"]
    bad, _result = file_amendment(chair, assembly, assembly.current_version_id,
                                  constitution.replace("Example", "Ex\x01ample"), "Ti\x1btle", "")
    db.session.commit()
    client = app.test_client()
    assert sign_in(client, chair.email, "correct horse").status_code == 302
    for path in (f"/amendments/{bad.id}", f"/assemblies/{assembly.id}/merge"):
        assert client.get(path).status_code == 200, path
