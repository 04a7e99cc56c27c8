"""Notifications made by signals the merge desk and the discussion send (merges, undo, rebased
placements, @mentions), sent here as their senders will; and the subscription's guarantees:
stored with the change or not at all, once per event however many apps the process holds."""
import notification_scene
import pytest
from flask import Flask
from notification_scene import heard
from pages import sign_in
from sqlalchemy import func, select

from amendments.models import Amendment
from amendments.services.statuses import set_status
from app import create_app
from config import TestConfig as _TestConfig
from deliberation.notifications.models import Notification
from deliberation.signals import amendment_placement_changed, amendment_status_changed, comment_mentions
from deliberation.unit_of_work import UnitOfWork
from extensions import db


@pytest.fixture
def scene(api, make_member, make_group, make_assembly, constitution):
    return notification_scene.build(api, make_member, make_group, make_assembly, constitution)


def send_status(ident: int, status: str, previous: str, by=None, reason: str = "", merge_id=None) -> None:
    """What set_status sends, as merging and undo will send it."""
    amendment = db.session.get(Amendment, ident)
    with UnitOfWork():
        amendment_status_changed.send(
            ident, assembly_id=amendment.assembly_id, sponsor_id=amendment.sponsor_id,
            group_id=amendment.group_id, title=amendment.title, status=status, previous=previous,
            by_id=by.id if by else None, reason=reason, merge_id=merge_id)


def send_placement(ident: int, placement: str, reason: str = "") -> None:
    amendment = db.session.get(Amendment, ident)
    with UnitOfWork():
        amendment_placement_changed.send(
            ident, assembly_id=amendment.assembly_id, sponsor_id=amendment.sponsor_id,
            group_id=amendment.group_id, title=amendment.title, placement=placement,
            version_id=amendment.base_version_id, reason=reason)


def texts(api, member) -> list[str]:
    return [n["text"] for n in api(member).get("/notifications").json["notifications"]]


def test_merged_as_written_or_modified_and_an_undone_merge(api, scene):
    ident = scene["file"](group_id=scene["group"].id)
    chair = scene["chair"]
    send_status(ident, "merged", "admitted", chair, "Merged with the rest.", merge_id=None)
    send_status(ident, "admitted", "merged", chair, "Undone: wrong order.")
    send_status(ident, "merged_modified", "admitted", chair, "Composited with amendment 9.")
    assert [h[0] for h in heard(scene["sponsor"])] == [
        "amendment_merged", "amendment_merge_undone", "amendment_merged_modified"]
    assert texts(api, scene["sponsor"]) == [
        f"Your amendment {ident}, “Quorum”, was merged into the draft with its wording changed.",
        f"The merge of your amendment {ident}, “Quorum”, was undone: it is admitted again.",
        f"Your amendment {ident}, “Quorum”, was merged into the draft."]
    assert texts(api, scene["organiser"])[1] == (
        f"The merge of amendment {ident}, “Quorum”, filed for your group, was undone: it is admitted again.")
    assert heard(chair) == [] and heard(scene["plain"]) == []


def test_a_chair_merging_their_own_amendment_is_not_told(scene):
    ident = scene["file"](by=scene["chair"])
    send_status(ident, "merged", "admitted", scene["chair"])
    assert heard(scene["chair"]) == []


def test_falling_into_review_or_conflict_after_a_rebase(api, scene):
    ident = scene["file"](group_id=scene["group"].id)
    send_placement(ident, "review", "The words around it changed in merge 3.")
    send_placement(ident, "conflict")
    send_placement(ident, "clean")  # not news: nothing is sent for it, and nothing is stored
    assert [(h[0], h[1], h[2], h[3]) for h in heard(scene["sponsor"])] == [
        ("amendment_review", "sponsor", None, "The words around it changed in merge 3."),
        ("amendment_conflict", "sponsor", None, "")]
    assert [h[0] for h in heard(scene["organiser2"])] == ["amendment_review", "amendment_conflict"]
    assert texts(api, scene["sponsor"])[0] == (
        f"Your amendment {ident}, “Quorum”, no longer applies: the words it changes are gone from the draft.")
    assert heard(scene["chair"]) == [] and heard(scene["other"]) == []


def test_mentioned_members_hear_once_and_the_author_never(app, api, scene):
    author, a, b = scene["other"], scene["plain"], scene["sponsor"]
    with UnitOfWork():
        comment_mentions.send(77, author_id=author.id, member_ids=[a.id, a.id, author.id, 999_999, b.id],
                              target="amendment", target_id=5, url="/amendments/5#comment-77",
                              excerpt="@Group look at line 12")
    assert heard(a) == [("mention", None, author.id, "", 77)] \
        and heard(b) == [("mention", None, author.id, "", 77)]
    assert heard(author) == []
    shown = api(a).get("/notifications").json["notifications"][0]
    assert shown["text"] == "Other mentioned you in a comment on amendment 5."
    assert shown["url"] == "/amendments/5#comment-77"
    assert shown["subject"] == {"type": "comment", "id": 77, "target": "amendment", "target_id": 5,
                                "excerpt": "@Group look at line 12"}
    page = app.test_client()
    sign_in(page, a.email, "correct horse")
    opened = page.get(f"/notifications/{shown['id']}")
    assert opened.status_code == 302 and opened.headers["Location"] == "/amendments/5#comment-77"


def test_a_mention_never_links_off_the_site(api, scene):
    with UnitOfWork():
        for url in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
            comment_mentions.send(1, author_id=scene["other"].id, member_ids=[scene["plain"].id],
                                  target="proposal", target_id=1, url=url, excerpt="")
    urls = {n["url"] for n in api(scene["plain"]).get("/notifications").json["notifications"]}
    assert urls == {"/notifications"}


def test_a_notification_is_stored_with_its_change_or_not_at_all(scene):
    ident = scene["file"](group_id=scene["group"].id)
    amendment, chair = db.session.get(Amendment, ident), scene["chair"]
    with pytest.raises(RuntimeError), UnitOfWork():
        set_status(amendment, "rejected", chair, "No.")
        raise RuntimeError("the rest of the change failed")
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert db.session.get(Amendment, ident).status == "open"
    with UnitOfWork():
        set_status(db.session.get(Amendment, ident), "rejected", chair, "No.")
    assert db.session.scalar(select(func.count(Notification.id))) == 3  # the sponsor and two organisers


def test_many_apps_in_one_process_notify_each_member_once(app, tmp_path, scene):
    ident = scene["file"]()
    second = create_app(_TestConfig(tmp_path / "second"))  # subscribes again
    with second.app_context():
        db.engine.dispose()
    send_status(ident, "rejected", "open", scene["chair"], "No.")
    assert len(heard(scene["sponsor"])) == 1
    with Flask("without_notifications").app_context():  # an app that did not register them: untouched
        amendment_status_changed.send(ident, assembly_id=1, sponsor_id=scene["sponsor"].id, group_id=None,
                                      title="x", status="admitted", previous="rejected", by_id=None,
                                      reason="", merge_id=None)
    assert len(heard(scene["sponsor"])) == 1
