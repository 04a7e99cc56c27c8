"""Bad input gets a clear 4xx JSON error, never a 500 and never a changed state."""
import pytest


@pytest.fixture
def admin_api(api, make_member):
    return api(make_member(admin=True))


def test_requires_a_token(client):
    reply = client.get("/api/v1/assemblies/1")
    assert reply.status_code == 401 and reply.json["error"]["code"] == "unauthorized"


def test_rejects_an_unknown_token(client):
    reply = client.get("/api/v1/assemblies/1", headers={"Authorization": "Bearer rf_nope"})
    assert reply.status_code == 401


def test_unknown_ids_are_404(admin_api):
    for path in ("/assemblies/999", "/versions/999", "/amendments/999", "/ballots/999", "/proposals/999",
                 "/assemblies/99999999999999999999999", "/versions/1/diff/999"):
        reply = admin_api.get(path)
        assert reply.status_code == 404, path
        assert reply.json["error"]["code"] == "not_found"


def test_malformed_json_is_400(admin_api, client):
    reply = client.post("/api/v1/assemblies", data="{not json", content_type="application/json",
                        headers=admin_api.headers)
    assert reply.status_code == 400 and reply.json["error"]["code"] == "malformed_json"
    reply = admin_api.post("/assemblies", [1, 2])
    assert reply.status_code == 400 and reply.json["error"]["code"] == "malformed_json"


def test_missing_and_mistyped_fields(admin_api):
    reply = admin_api.post("/assemblies", {"title": "x"})
    assert reply.status_code == 400 and reply.json["error"]["field"] == "base_text"
    reply = admin_api.post("/assemblies", {"title": 5, "base_text": "x"})
    assert reply.status_code == 400 and reply.json["error"]["field"] == "title"
    reply = admin_api.post("/assemblies",
                           {"title": "t", "base_text": "text", "chairs": ["nobody@example.org"]})
    assert reply.status_code == 400 and reply.json["error"]["field"] == "chairs"


def test_oversized_body_is_413(admin_api, client):
    big = "x" * (2 * 1024 * 1024 + 10)
    reply = client.post("/api/v1/assemblies", json={"title": "t", "base_text": big},
                        headers=admin_api.headers)
    assert reply.status_code == 413 and reply.json["error"]["code"] == "too_large"


def test_unknown_route_and_method(admin_api, client):
    assert admin_api.get("/nothing-here").status_code == 404
    reply = client.delete("/api/v1/assemblies/1", headers=admin_api.headers)
    assert reply.status_code == 405 and "error" in reply.json


def test_huge_ids_in_bodies(api, make_member, make_assembly):
    member = make_member()
    assembly = make_assembly()
    reply = api(member).post(f"/assemblies/{assembly.id}/amendments",
                             {"base_version_id": 10**30, "text": "x", "title": "t"})
    assert reply.status_code == 400


def test_text_is_kept_exactly(admin_api):
    text = ("Line with trailing spaces  \r\nZweite Zeile: Straße, Cymraeg: ŵ ŷ, 👩‍👩‍👧, עברית\u200b\n"
            "no final newline")
    made = admin_api.post("/assemblies", {"title": "T", "base_text": text}).json
    stored = admin_api.get(f"/versions/{made['current_version_id']}").json["text"]
    assert stored == text.replace("\r\n", "\n")


def test_permissions(api, make_member, make_assembly):
    member = make_member()
    assembly = make_assembly()
    as_member = api(member)
    assert as_member.post("/assemblies", {"title": "t", "base_text": "x"}).status_code == 403
    assert as_member.post(f"/assemblies/{assembly.id}/phase", {"phase": "review"}).status_code == 403
    assert as_member.post(f"/assemblies/{assembly.id}/merge", {"amendment_ids": []}).status_code == 403
    assert as_member.post(f"/assemblies/{assembly.id}/ballots",
                          {"title": "t", "questions": []}).status_code == 403
    assert as_member.post("/groups", {"name": "g"}).status_code == 403


def test_bad_phase_and_unchanged_amendment(api, make_member, make_assembly, constitution):
    chair = make_member()
    assembly = make_assembly(chairs=[chair])
    reply = api(chair).post(f"/assemblies/{assembly.id}/phase", {"phase": "party"})
    assert reply.status_code == 400 and reply.json["error"]["field"] == "phase"
    reply = api(chair).post(f"/assemblies/{assembly.id}/amendments", {
        "base_version_id": assembly.current_version_id, "text": constitution, "title": "Nothing"})
    assert reply.status_code == 400 and reply.json["error"]["code"] == "no_change"


def test_openapi_lists_every_contract_route(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    for path in ("/assemblies", "/assemblies/{id}/merge", "/versions/{a}/diff/{b}", "/ballots/{id}/votes",
                 "/members/import", "/ballots/{id}/trackers", "/amendments/{id}/support"):
        assert path in doc["paths"], path
