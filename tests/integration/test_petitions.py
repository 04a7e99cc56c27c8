"""Member petitions: enough support creates one draft ballot for the returning officer to schedule."""
import re

import pytest

from deliberation.ballot.models import Ballot
from deliberation.models import AuditEvent
from extensions import db


@pytest.fixture
def proposal(api, make_member, make_group, make_assembly):
    """A submitted proposal of a group with one organiser; returns (proposal id, organiser, group)."""
    organiser = make_member("Organiser")
    group = make_group("Leeds", organisers=[organiser])
    assembly = make_assembly()
    made = api(organiser).post(f"/assemblies/{assembly.id}/proposals", {
        "group_id": group.id, "title": "Four-day week", "text": "We want a four-day week.\n"})
    assert made.status_code == 201, made.json
    assert api(organiser).post(f"/proposals/{made.json['id']}/submit").status_code == 200
    return made.json["id"], organiser, group


def test_petition_reaches_the_member_threshold_once(app, api, make_member, proposal):
    proposal_id, organiser, _group = proposal
    app.config["PETITION_MEMBERS"] = "3"
    members = [make_member() for _ in range(4)]
    first = api(members[0]).post(f"/proposals/{proposal_id}/petition")
    assert first.status_code == 201, first.json
    assert first.json["supporters"] == 1 and first.json["needed"] == {"members": 3, "groups": 0}
    petition_id = first.json["id"]
    again = api(members[0]).post(f"/proposals/{proposal_id}/petition")
    assert again.status_code == 200 and again.json["supporters"] == 1  # supporting twice counts once
    assert api(members[1]).post(f"/proposals/{proposal_id}/petition").json["reached"] is False
    third = api(members[2]).post(f"/proposals/{proposal_id}/petition")
    assert third.json["reached"] is True and third.json["ballot_id"]
    fourth = api(members[3]).post(f"/proposals/{proposal_id}/petition").json
    assert fourth["supporters"] == 4 and fourth["ballot_id"] == third.json["ballot_id"]
    assert db.session.scalar(db.select(db.func.count(Ballot.id))) == 1  # idempotent
    ballot = api(organiser).get(f"/ballots/{third.json['ballot_id']}").json
    assert ballot["status"] == "draft"
    assert ballot["questions"][0]["kind"] == "yes_no_abstain"
    assert "Four-day week" in ballot["questions"][0]["text"]
    shown = api(members[0]).get(f"/petitions/{petition_id}").json
    assert shown["supporters"] == 4 and shown["reached"] and shown["supported"]
    actions = [a for (a,) in db.session.execute(db.select(AuditEvent.action).where(
        AuditEvent.subject.in_([f"petition:{petition_id}", f"ballot:{ballot['id']}"]))
        .order_by(AuditEvent.id))]
    assert actions == ["petition.start", "petition.support", "petition.support", "petition.support",
                       "ballot.create", "petition.reached", "petition.support"]
    officer = make_member(admin=True)
    assert api(officer).post(f"/ballots/{ballot['id']}/open").status_code == 200  # the officer schedules it


def test_groups_count_when_an_organiser_signs(app, api, make_member, make_group, proposal):
    proposal_id, organiser, _leeds = proposal
    app.config.update(PETITION_MEMBERS="2%", PETITION_GROUPS=2)
    cardiff_organiser = make_member("Cardiff organiser")
    make_group("Cardiff", organisers=[cardiff_organiser])
    plain = make_member()
    reply = api(plain).post(f"/proposals/{proposal_id}/petition").json
    assert reply["needed"] == {"members": 1, "groups": 2} and reply["groups"] == 0 and not reply["reached"]
    assert api(organiser).post(f"/proposals/{proposal_id}/petition").json["groups"] == 1
    done = api(cardiff_organiser).post(f"/proposals/{proposal_id}/petition").json
    assert done["groups"] == 2 and done["reached"] and done["ballot_id"]


def test_only_submitted_proposals_and_eligible_members(api, make_member, make_group, make_assembly):
    organiser = make_member()
    group = make_group(organisers=[organiser])
    assembly = make_assembly()
    draft = api(organiser).post(f"/assemblies/{assembly.id}/proposals", {
        "group_id": group.id, "title": "Draft", "text": "Text.\n"}).json["id"]
    assert api(organiser).post(f"/proposals/{draft}/petition").json["error"]["code"] == "not_submitted"
    api(organiser).post(f"/proposals/{draft}/submit")
    assert api(make_member(eligible=False)).post(f"/proposals/{draft}/petition").status_code == 403
    assert api(make_member()).post("/proposals/999999/petition").status_code == 404
    assert api(None).post(f"/proposals/{draft}/petition").status_code == 401


@pytest.fixture
def petition_pages(app):
    from deliberation.ballot.petitions.blueprint import bp
    if "petitions" not in app.blueprints:
        app.register_blueprint(bp)
    return app


def test_petition_page_signs_with_csrf(petition_pages, app, client, make_member, proposal):
    proposal_id, _organiser, _group = proposal
    app.config["PETITION_MEMBERS"] = "5"
    member = make_member(password="correct horse")
    login = client.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login.text).group(1)
    assert client.post("/login", data={"csrf_token": token, "email": member.email,
                                       "password": "correct horse"}).status_code == 302
    assert client.post(f"/proposals/{proposal_id}/petition", data={}).status_code == 400  # no CSRF token
    signed = client.post(f"/proposals/{proposal_id}/petition", data={"csrf_token": token})
    assert signed.status_code == 302
    page = client.get(signed.headers["Location"])
    assert page.status_code == 200 and "1 of 5 needed" in page.text \
        and "You support this petition." in page.text
