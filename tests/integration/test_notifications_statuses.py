"""Who hears of an amendment's status changes, made through the real API: its sponsor and the
organisers of the group it was filed for, each once, never for their own action."""
import notification_scene
import pytest
from notification_scene import heard
from sqlalchemy import select

from deliberation.notifications.models import Notification
from extensions import db


@pytest.fixture
def scene(api, make_member, make_group, make_assembly, constitution):
    return notification_scene.build(api, make_member, make_group, make_assembly, constitution)


def test_a_rejection_reaches_the_sponsor_and_the_groups_organisers_and_nobody_else(api, scene):
    ident = scene["file"](group_id=scene["group"].id)
    chair = scene["chair"]
    reply = api(chair).post(f"/amendments/{ident}/status", {"status": "rejected", "reason": "Out of order."})
    assert reply.status_code == 200
    assert heard(scene["sponsor"]) == [("amendment_rejected", "sponsor", chair.id, "Out of order.", ident)]
    for organiser in (scene["organiser"], scene["organiser2"]):
        assert heard(organiser) == [("amendment_rejected", "organiser", chair.id, "Out of order.", ident)]
    for bystander in (chair, scene["plain"], scene["other"]):
        assert heard(bystander) == []

    mine = api(scene["sponsor"]).get("/notifications").json["notifications"]
    assert mine[0]["text"] == f"Your amendment {ident}, “Quorum”, was rejected."
    assert mine[0]["subject"] == {"type": "amendment", "id": ident, "title": "Quorum",
                                 "assembly_id": scene["assembly"].id, "assembly": "Assembly"}
    assert mine[0]["by"] == "Chair" and mine[0]["reason"] == "Out of order." \
        and mine[0]["url"] == f"/amendments/{ident}"
    theirs = api(scene["organiser"]).get("/notifications").json["notifications"]
    assert theirs[0]["text"] == f"Amendment {ident}, “Quorum”, filed for your group, was rejected."


def test_an_amendment_filed_for_no_group_reaches_only_its_sponsor(api, scene):
    ident = scene["file"]()
    api(scene["chair"]).post(f"/amendments/{ident}/status", {"status": "obsolete", "reason": "Superseded."})
    assert heard(scene["sponsor"]) == [("amendment_obsolete", "sponsor", scene["chair"].id, "Superseded.",
                                        ident)]
    assert heard(scene["organiser"]) == []


def test_a_sponsor_who_organises_the_group_hears_once_as_the_sponsor(api, scene):
    ident = scene["file"](by=scene["organiser"], group_id=scene["group"].id)
    api(scene["chair"]).post(f"/amendments/{ident}/status", {"status": "admitted", "reason": "Fine."})
    assert heard(scene["organiser"]) == [("amendment_admitted", "sponsor", scene["chair"].id, "Fine.", ident)]
    assert heard(scene["organiser2"]) == [("amendment_admitted", "organiser", scene["chair"].id, "Fine.",
                                           ident)]
    assert heard(scene["sponsor"]) == []


def test_reaching_the_support_threshold_admits_it_and_the_app_is_the_actor(api, scene):
    ident = scene["file"](group_id=scene["group"].id)
    assert api(scene["plain"]).post(f"/amendments/{ident}/support").json["supporters"] == 1
    assert heard(scene["sponsor"]) == []  # still gathering support
    api(scene["other"]).post(f"/amendments/{ident}/support")
    [(kind, part, actor, reason, subject)] = heard(scene["sponsor"])
    assert (kind, part, actor, subject) == ("amendment_admitted", "sponsor", None, ident)
    assert "2 supporters" in reason
    assert [h[0] for h in heard(scene["organiser"])] == ["amendment_admitted"]
    assert heard(scene["other"]) == []  # the supporter who tipped it over is not the actor
    shown = api(scene["sponsor"]).get("/notifications").json["notifications"][0]
    assert shown["by"] is None and shown["text"] == f"Your amendment {ident}, “Quorum”, was admitted."


def test_a_sponsor_withdrawing_their_own_amendment_is_not_told_but_the_organisers_are(api, scene):
    ident = scene["file"](group_id=scene["group"].id)
    assert api(scene["sponsor"]).post(f"/amendments/{ident}/withdraw",
                                      {"reason": "Agreed with Leeds."}).status_code == 200
    assert heard(scene["sponsor"]) == []
    assert heard(scene["organiser"]) == [("amendment_withdrawn", "organiser", scene["sponsor"].id,
                                          "Agreed with Leeds.", ident)]


def test_an_organiser_withdrawing_tells_the_sponsor_and_the_other_organisers_not_themselves(api, scene):
    ident = scene["file"](group_id=scene["group"].id)
    organiser = scene["organiser"]
    assert api(organiser).post(f"/amendments/{ident}/withdraw").status_code == 200
    assert heard(organiser) == []
    assert heard(scene["sponsor"]) == [("amendment_withdrawn", "sponsor", organiser.id, "", ident)]
    assert heard(scene["organiser2"]) == [("amendment_withdrawn", "organiser", organiser.id, "", ident)]


def test_a_chair_deciding_on_their_own_amendment_is_not_told(api, scene):
    ident = scene["file"](by=scene["chair"])
    api(scene["chair"]).post(f"/amendments/{ident}/status",
                             {"status": "rejected", "reason": "Mine, withdrawn in effect."})
    assert heard(scene["chair"]) == []


def test_every_step_is_heard_in_order(api, scene):
    ident = scene["file"]()
    chair = api(scene["chair"])
    chair.post(f"/amendments/{ident}/status", {"status": "admitted", "reason": "Yes."})
    chair.post(f"/amendments/{ident}/status", {"status": "rejected", "reason": "On reflection, no."})
    chair.post(f"/amendments/{ident}/status", {"status": "admitted", "reason": "Appeal upheld."})
    assert [(h[0], h[3]) for h in heard(scene["sponsor"])] == [
        ("amendment_admitted", "Yes."), ("amendment_rejected", "On reflection, no."),
        ("amendment_admitted", "Appeal upheld.")]


def test_a_refused_decision_notifies_nobody(api, scene):
    ident = scene["file"](group_id=scene["group"].id)
    chair, other = api(scene["chair"]), api(scene["other"])
    assert chair.post(f"/amendments/{ident}/status", {"status": "rejected"}).status_code == 400  # no reason
    assert other.post(f"/amendments/{ident}/status", {"status": "rejected", "reason": "x"}).status_code == 403
    assert other.post(f"/amendments/{ident}/withdraw").status_code == 403
    assert db.session.scalar(select(db.func.count(Notification.id))) == 0
