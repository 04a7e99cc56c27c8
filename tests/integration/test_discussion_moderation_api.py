"""The comments API's moderation: the author's 15-minute edit window with every wording kept,
hiding by chairs and organisers (the words go to the audit log only), and members' reports."""

from datetime import timedelta

from discussion_world import audit, on_lines, patch, post, scene  # noqa: F401  (the scene fixture)
from sqlalchemy import select

from deliberation.discussion.models import Comment, CommentReport, CommentRevision
from extensions import db


def test_the_author_edits_within_15_minutes_and_every_wording_is_kept(scene, client):
    ident = on_lines(scene, body="First wording").json["id"]
    assert patch(scene, "Bob Stone", ident, "Not mine", client).status_code == 403
    edited = patch(scene, "Ann Lee", ident, "Second wording", client)
    assert (
        edited.status_code == 200
        and edited.json["edited_at"]
        and "Second wording" in edited.json["body_html"]
    )
    revisions = scene["api"]["Bob Stone"].get(f"/comments/{ident}/revisions").json["revisions"]
    assert [r["body"] for r in revisions] == ["First wording", "Second wording"]
    assert [a.action for a in audit(f"comment:{ident}")] == ["comment.create", "comment.edit"]
    comment = db.session.get(Comment, ident)
    comment.created_at -= timedelta(minutes=15, seconds=1)
    db.session.commit()
    late = patch(scene, "Ann Lee", ident, "Third wording", client)
    assert late.status_code == 409 and late.json["error"]["code"] == "edit_window_closed"
    assert "15 minutes" in late.json["error"]["message"]
    assert db.session.scalar(select(db.func.count(CommentRevision.id))) == 2
    assert patch(scene, "Ann Lee", ident, "", client).status_code == 400


def test_a_chair_hides_a_comment_its_words_go_to_the_audit_log_only(scene, client):
    ident = on_lines(scene, body="Something rude").json["id"]
    patch(scene, "Ann Lee", ident, "Something ruder", client)
    bob = scene["api"]["Bob Stone"]
    assert bob.post(f"/comments/{ident}/hide", {"reason": "Abusive"}).status_code == 403
    other = scene["api"]["Other Organiser"].post(f"/comments/{ident}/hide", {"reason": "Abusive"})
    assert other.status_code == 403
    chair = scene["api"]["Carol Chair"]
    missing = chair.post(f"/comments/{ident}/hide", {"reason": "  "})
    assert missing.status_code == 400 and missing.json["error"]["code"] == "reason_required"
    hidden = chair.post(f"/comments/{ident}/hide", {"reason": "Personal abuse"})
    assert hidden.status_code == 200
    assert hidden.json["hidden"] is True and hidden.json["hidden_by"] == "chair"
    assert hidden.json["hidden_reason"] == "Personal abuse" and hidden.json["body_html"] is None
    assert (
        chair.post(f"/comments/{ident}/hide", {"reason": "Again"}).json["error"]["code"] == "already_hidden"
    )
    for path in (
        f"/comments?target=version&target_id={scene['version']}",
        f"/comments/{ident}",
        f"/comments/{ident}/revisions",
        f"/comments?target=version&target_id={scene['version']}&carried=1",
    ):
        assert "rude" not in bob.get(path).get_data(as_text=True)
    [hide] = [a for a in audit(f"comment:{ident}") if a.action == "comment.hide"]
    assert [b["body"] for b in hide.detail["bodies"]] == ["Something rude", "Something ruder"]
    assert hide.detail["reason"] == "Personal abuse" and hide.actor_id == scene["chair"].id
    assert patch(scene, "Ann Lee", ident, "Sorry", client).json["error"]["code"] == "hidden"
    reply = post(scene, "Bob Stone", target="version", target_id=scene["version"], body="x", reply_to=ident)
    assert reply.status_code == 409


def test_an_organiser_hides_comments_on_their_groups_proposal_and_amendment(scene):
    on_proposal = post(scene, "Bob Stone", target="proposal", target_id=scene["draft"], body="x").json["id"]
    on_amendment = post(scene, "Bob Stone", target="amendment", target_id=scene["amendment"], body="y").json[
        "id"
    ]
    on_version = on_lines(scene, who="Bob Stone").json["id"]
    organiser = scene["api"]["Olu Organiser"]
    done = organiser.post(f"/comments/{on_proposal}/hide", {"reason": "Off topic"})
    assert done.status_code == 200 and done.json["hidden_by"] == "organiser"
    assert organiser.post(f"/comments/{on_amendment}/hide", {"reason": "Off topic"}).status_code == 200
    assert organiser.post(f"/comments/{on_version}/hide", {"reason": "Off topic"}).status_code == 403
    assert scene["api"]["Other Organiser"].post(
        f"/comments/{on_proposal}/hide", {"reason": "x"}
    ).status_code in (403, 409)


def test_members_report_once_and_moderators_see_the_queue(scene):
    ident = on_lines(scene).json["id"]
    bob, chair = scene["api"]["Bob Stone"], scene["api"]["Carol Chair"]
    assert (
        scene["api"]["Ann Lee"].post(f"/comments/{ident}/report", {}).json["error"]["code"] == "own_comment"
    )
    first = bob.post(f"/comments/{ident}/report", {"reason": "Misleading"})
    assert first.status_code == 201 and first.json == {"comment_id": ident, "reported": True}
    assert bob.post(f"/comments/{ident}/report", {}).json["error"]["code"] == "already_reported"
    assert chair.post(f"/comments/{ident}/report").status_code == 201  # no body at all is fine
    queue = chair.get("/comments/reports").json["reports"]
    assert [(q["comment"]["id"], q["reports"], q["reasons"]) for q in queue] == [(ident, 2, ["Misleading"])]
    assert bob.get("/comments/reports").json["reports"] == []
    assert scene["api"]["Olu Organiser"].get("/comments/reports").json["reports"] == []  # not their group's
    assert bob.post(f"/comments/{ident}/reports/dismiss").status_code == 403
    dismissed = chair.post(f"/comments/{ident}/reports/dismiss")
    assert dismissed.status_code == 200 and dismissed.json["dismissed"] == 2
    assert chair.get("/comments/reports").json["reports"] == []
    assert chair.post(f"/comments/{ident}/reports/dismiss").json["error"]["code"] == "no_reports"
    assert [a.action for a in audit(f"comment:{ident}")] == [
        "comment.create",
        "comment.report",
        "comment.report",
        "comment.reports_dismissed",
    ]


def test_hiding_closes_the_reports(scene):
    ident = post(scene, "Ann Lee", target="proposal", target_id=scene["draft"], body="x").json["id"]
    scene["api"]["Bob Stone"].post(f"/comments/{ident}/report", {"reason": "Spam"})
    organiser = scene["api"]["Olu Organiser"]
    assert [q["comment"]["id"] for q in organiser.get("/comments/reports").json["reports"]] == [ident]
    organiser.post(f"/comments/{ident}/hide", {"reason": "Spam"})
    assert organiser.get("/comments/reports").json["reports"] == []
    assert db.session.scalar(select(CommentReport.outcome)) == "hidden"
    assert (
        scene["api"]["Carol Chair"].post(f"/comments/{ident}/report", {}).json["error"]["code"]
        == "already_hidden"
    )
