"""Amendment statuses with reasons: a chair admits, rejects or marks obsolete and must say why;
the sponsor or the sponsoring group's organiser withdraws until it is merged; every change is in
the amendment's history (API and page) and the audit log."""
import pytest
from pages import csrf, sign_in
from sqlalchemy import func, select

from amendments.models import AmendmentEvent
from deliberation.models import AuditEvent
from extensions import db


@pytest.fixture
def scene(api, make_member, make_assembly, make_group, constitution):
    chair, sponsor, organiser, other = (make_member(n) for n in ("Chair", "Sponsor", "Organiser", "Other"))
    group = make_group(organisers=[organiser], members=[sponsor])
    assembly = make_assembly(chairs=[chair], support_threshold=5)  # filed amendments start open

    def file(old="one hundred", new="two hundred", group_id=None):
        reply = api(sponsor).post(f"/assemblies/{assembly.id}/amendments", {
            "base_version_id": assembly.current_version_id, "text": constitution.replace(old, new),
            "title": "Quorum", "rationale": "Why", "group_id": group_id})
        assert reply.status_code == 201, reply.json
        return reply.json["id"]
    return {"chair": chair, "sponsor": sponsor, "organiser": organiser, "other": other, "group": group,
            "assembly": assembly, "file": file}


def test_a_chair_decides_with_a_reason_and_the_history_says_so(api, scene):
    ident = scene["file"]()
    chair = api(scene["chair"])
    missing = chair.post(f"/amendments/{ident}/status", {"status": "rejected"})
    assert missing.status_code == 400 and missing.json["error"]["code"] == "reason_required"
    assert chair.post(f"/amendments/{ident}/status",
                      {"status": "rejected", "reason": "  "}).status_code == 400
    assert chair.post(f"/amendments/{ident}/status", {"status": "merged", "reason": "x"}).status_code == 400
    assert api(scene["other"]).post(f"/amendments/{ident}/status",
                                    {"status": "admitted", "reason": "I like it"}).status_code == 403
    assert api(scene["chair"]).get(f"/amendments/{ident}").json["status"] == "open"  # nothing changed

    admitted = chair.post(f"/amendments/{ident}/status",
                          {"status": "admitted", "reason": "Widely supported."})
    assert admitted.status_code == 200 and admitted.json["status"] == "admitted"
    rejected = chair.post(f"/amendments/{ident}/status", {"status": "rejected", "reason": "Out of order."})
    assert rejected.json["status"] == "rejected"
    again = chair.post(f"/amendments/{ident}/status", {"status": "rejected", "reason": "Still."})
    assert again.status_code == 409
    history = api(scene["other"]).get(f"/amendments/{ident}").json["history"]
    assert [(h["status"], h["by"], h["reason"]) for h in history] == [
        ("open", "Sponsor", ""), ("admitted", "Chair", "Widely supported."),
        ("rejected", "Chair", "Out of order.")]
    assert all(h["at"].endswith("Z") for h in history)
    actions = db.session.scalars(select(AuditEvent.action)
                                 .where(AuditEvent.subject == f"amendment:{ident}")).all()
    assert "amendment.admitted" in actions and "amendment.rejected" in actions


def test_a_rejected_amendment_is_not_merged_and_obsolete_ones_leave_the_collisions(api, scene):
    a, b = scene["file"](), scene["file"]("one hundred", "ninety")
    chair = api(scene["chair"])
    assembly = scene["assembly"].id
    assert chair.get(f"/assemblies/{assembly}/collisions").json["groups"] == [[a, b]]
    chair.post(f"/amendments/{b}/status",
               {"status": "obsolete", "reason": "Superseded by the quorum rewrite."})
    assert chair.get(f"/assemblies/{assembly}/collisions").json["groups"] == []
    chair.post(f"/amendments/{a}/status", {"status": "rejected", "reason": "No."})
    merged = chair.post(f"/assemblies/{assembly}/merge", {"amendment_ids": [a]}).json
    assert merged["merged"] == [] and merged["skipped"] == [{"id": a, "reason": "rejected"}]


def test_the_sponsor_or_the_groups_organiser_withdraws_until_merged(api, scene):
    mine, for_group, merged = scene["file"](), scene["file"]("Example", "Sample", scene["group"].id), \
        scene["file"]("delegates", "members")
    assert api(scene["other"]).post(f"/amendments/{mine}/withdraw").status_code == 403
    # not filed for the group
    assert api(scene["organiser"]).post(f"/amendments/{mine}/withdraw").status_code == 403
    done = api(scene["sponsor"]).post(f"/amendments/{mine}/withdraw", {"reason": "Agreed with Leeds."})
    assert done.status_code == 200 and done.json["status"] == "withdrawn"
    assert done.json["history"][-1]["reason"] == "Agreed with Leeds."
    assert api(scene["sponsor"]).post(f"/amendments/{mine}/withdraw").status_code == 409
    assert api(scene["organiser"]).post(f"/amendments/{for_group}/withdraw").json["status"] == "withdrawn"
    assert api(scene["chair"]).post(f"/amendments/{mine}/status",
                                    {"status": "admitted", "reason": "x"}).status_code == 409  # final
    chair = api(scene["chair"])
    chair.post(f"/amendments/{merged}/status", {"status": "admitted", "reason": "Fine."})
    assert chair.post(f"/assemblies/{scene['assembly'].id}/merge",
                      {"amendment_ids": [merged]}).json["merged"] == [merged]
    refused = api(scene["sponsor"]).post(f"/amendments/{merged}/withdraw")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "merged"


def test_the_amendment_page_shows_the_history_and_takes_decisions(app, scene):
    ident = scene["file"]()
    chair = app.test_client()
    assert sign_in(chair, scene["chair"].email, "correct horse").status_code == 302
    page = chair.get(f"/amendments/{ident}")
    assert "Your decision as chair" in page.text and "Withdraw this amendment" not in page.text
    before = db.session.scalar(select(func.count(AmendmentEvent.id)))
    empty = chair.post(f"/amendments/{ident}/decision", data={
        "csrf_token": csrf(page.text), "status": "rejected", "reason": ""})
    assert empty.status_code == 400 and 'id="reason-error"' in empty.text and "Give a reason" in empty.text
    assert db.session.scalar(select(func.count(AmendmentEvent.id))) == before
    done = chair.post(f"/amendments/{ident}/decision", data={
        "csrf_token": csrf(page.text), "status": "rejected", "reason": "Out of scope for this assembly."})
    assert done.status_code == 302
    shown = chair.get(f"/amendments/{ident}").text
    assert "Out of scope for this assembly." in shown and "rejected" in shown

    sponsor = app.test_client()
    sign_in(sponsor, scene["sponsor"].email, "correct horse")
    page = sponsor.get(f"/amendments/{scene['file']('Example', 'Sample')}")
    assert "Withdraw this amendment" in page.text and "Your decision as chair" not in page.text
    other = app.test_client()
    sign_in(other, scene["other"].email, "correct horse")
    forged = other.post(f"/amendments/{ident}/decision", data={
        "csrf_token": csrf(other.get(f"/amendments/{ident}").text), "status": "admitted",
        "reason": "Mine now"})
    assert forged.status_code == 403
