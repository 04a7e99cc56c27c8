"""The audit log in the app: the head published on the assembly page and with ballot results (page
and API), the returning officer's log page and the entries API, who may read what, and a
re-implementation of the documented encoding that re-checks every hash the API hands out."""
import hashlib
import json
import re

from pages import sign_in
from sqlalchemy import select

from deliberation.models import AuditEvent
from deliberation.models.audit import current_head
from extensions import db


def recheck(events: list[dict]) -> str:
    """The README's recipe, from the API's fields alone: no Refound code."""
    prev = "0" * 64
    for event in events:
        assert event["prev_hash"] == prev
        document = {"action": event["action"], "actor_id": event["actor_id"],
                    "at": event["at"].removesuffix("Z"), "detail": event["detail"], "prev": prev,
                    "subject": event["subject"], "v": 1}
        prev = hashlib.sha256(json.dumps(document, sort_keys=True, separators=(",", ":"),
                                         ensure_ascii=False).encode("utf-8")).hexdigest()
        assert event["hash"] == prev, event
    return prev


def closed_ballot(api, officer, admin, voters):
    assembly = api(admin).post("/assemblies", {"title": "Assembly ŵ", "base_text": "Text.\n"}).json["id"]
    as_officer = api(officer)
    ballot = as_officer.post(f"/assemblies/{assembly}/ballots", {"title": "B", "questions": [
        {"text": "Adopt?", "kind": "yes_no_abstain"},
        {"text": "Which?", "kind": "ranked", "options": ["A", "B", "C"]}]}).json["id"]
    as_officer.post(f"/ballots/{ballot}/open")
    for voter, answers in zip(voters, (["yes", ["A", "B"]], ["no", [["B", "C"]]], ["yes", ["C"]]),
                              strict=False):
        assert api(voter).post(f"/ballots/{ballot}/votes", {"answers": answers}).status_code == 201
    as_officer.post(f"/ballots/{ballot}/close")
    return assembly, ballot


def test_the_entries_api_hands_out_a_chain_anyone_can_recheck(api, make_member):
    officer, admin, member = make_member(returning_officer=True), make_member(admin=True), make_member()
    voters = [make_member() for _ in range(3)]
    closed_ballot(api, officer, admin, voters)
    as_officer = api(officer)
    events, after = [], 0
    while after is not None:
        page = as_officer.get(f"/audit/events?after={after}&limit=3").json
        events += page["events"]
        after = page["next_after"]
    assert [e["position"] for e in events] == list(range(1, current_head().position + 1))
    assert recheck(events) == page["head"]["hash"] == current_head().hash
    newest = as_officer.get("/audit/events?limit=2").json
    assert [e["position"] for e in newest["events"]] == [events[-1]["position"], events[-2]["position"]]
    assert newest["next_before"] == events[-2]["position"]
    assert api(member).get("/audit/events").status_code == 403
    assert api(None).get("/audit/events").status_code == 401
    assert api(None).get("/audit/head").status_code == 401
    assert api(member).get("/audit/head").json["position"] == current_head().position


def test_the_entries_api_filters_and_refuses_bad_parameters(api, make_member):
    officer, admin = make_member(returning_officer=True), make_member(admin=True)
    _assembly, ballot = closed_ballot(api, officer, admin, [make_member()])
    as_officer = api(officer)
    steps = as_officer.get("/audit/events?action=ballot.").json["events"]
    assert [e["action"] for e in steps] == ["ballot.close", "ballot.open", "ballot.create"]
    assert [e["action"] for e in as_officer.get("/audit/events?action=ballot.open").json["events"]] \
        == ["ballot.open"]
    assert {e["subject"] for e in as_officer.get(f"/audit/events?subject=ballot:{ballot}").json["events"]} \
        == {f"ballot:{ballot}"}
    assert {e["actor_id"] for e in as_officer.get(f"/audit/events?actor_id={admin.id}").json["events"]} \
        == {admin.id}
    assert as_officer.get("/audit/events?action=ballot%25").json["events"] == []  # % is not a wildcard
    for query, name in (("limit=0", "limit"), ("limit=501", "limit"), ("before=x", "before"),
                        ("after=-1", "after"), ("before=3&after=1", "before"),
                        ("action=" + "x" * 65, "action"), ("actor_id=0", "actor_id")):
        reply = as_officer.get(f"/audit/events?{query}")
        assert reply.status_code == 400 and reply.json["error"]["field"] == name, query


def test_results_carry_their_digest_the_entry_that_sealed_them_and_the_head(api, make_member, client):
    officer, admin = make_member(returning_officer=True), make_member(admin=True)
    voters = [make_member() for _ in range(3)]
    _assembly, ballot = closed_ballot(api, officer, admin, voters)
    results = api(voters[0]).get(f"/ballots/{ballot}/results").json
    stored = {k: v for k, v in results.items()
              if k not in ("status", "results_sha256", "audit_head", "audit_close", "audit_certify")}
    canonical = json.dumps(stored, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert results["results_sha256"] == hashlib.sha256(canonical).hexdigest()
    close = db.session.get(AuditEvent, results["audit_close"]["position"])
    assert close.action == "ballot.close" and close.hash == results["audit_close"]["hash"]
    assert close.detail["results_sha256"] == results["results_sha256"]
    assert results["audit_certify"] is None
    assert results["audit_head"]["position"] == current_head().position
    api(officer).post(f"/ballots/{ballot}/certify")
    certified = api(voters[0]).get(f"/ballots/{ballot}/results").json
    assert certified["audit_certify"]["position"] == current_head().position
    assert certified["results_sha256"] == results["results_sha256"]

    sign_in(client, voters[0].email, "correct horse")
    page = client.get(f"/ballots/{ballot}/results").text
    assert results["results_sha256"] in page and certified["audit_certify"]["hash"] in page
    assert current_head().hash in page
    download = client.get(f"/ballots/{ballot}/results.json").json
    assert download["results_sha256"] == results["results_sha256"]


def test_the_assembly_page_and_api_publish_the_head(api, make_member, make_assembly, client):
    member = make_member()
    assembly = make_assembly()
    head = current_head()
    assert head.position >= 1
    answer = api(member).get(f"/assemblies/{assembly.id}").json
    assert answer["audit_head"]["position"] == head.position and answer["audit_head"]["hash"] == head.hash
    sign_in(client, member.email, "correct horse")  # an entry of its own (member.login)
    page = client.get(f"/assemblies/{assembly.id}").text
    assert current_head().position == head.position + 1
    assert current_head().hash in page and "Audit log" in page
    assert "/audit" not in re.findall(r'href="([^"]+)"', page)  # members get no link to the entries


def test_the_log_page_is_for_returning_officers_and_filters_and_pages(app, make_member, make_assembly, client,
                                                                      runner):
    officer, member = make_member(returning_officer=True), make_member()
    assembly = make_assembly()
    for n in range(60):  # ends as it began: not an admin
        runner.invoke(args=["users", "role", member.email, "--admin" if n % 2 == 0 else "--no-admin"])
    assert client.get("/audit").status_code == 302  # signed out: to the sign-in page
    sign_in(client, member.email, "correct horse")
    assert client.get("/audit").status_code == 403
    reader = app.test_client()
    sign_in(reader, officer.email, "correct horse")
    first = reader.get("/audit")
    assert first.status_code == 200
    head = current_head()
    assert entries_on(first.text) == list(range(head.position, head.position - 50, -1))
    older = re.search(r'href="([^"]*before=\d+[^"]*)"[^>]*>Older entries', first.text).group(1) \
        .replace("&amp;", "&")
    assert entries_on(reader.get(older).text) == list(range(head.position - 50, 0, -1))
    created = reader.get("/audit?action=assembly.create").text
    assert entries_on(created) == [db.session.scalar(select(AuditEvent.id)
                                                     .where(AuditEvent.action == "assembly.create"))]
    assert f'href="/assemblies/{assembly.id}"' in created
    unknown = reader.get("/audit?actor=nobody@example.org")
    assert unknown.status_code == 400 and "No member has the email address nobody@example.org" in unknown.text
    roles = reader.get(f"/audit?subject=member:{member.id}&action=member.")
    assert len(entries_on(roles.text)) == 50 and "Older entries" in roles.text  # a full page of role changes
    assert entries_on(reader.get("/audit?action=nothing.like.this").text) == []


def entries_on(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"<strong>Entry (\d+)</strong>", page)]
