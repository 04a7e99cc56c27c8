"""The discussion on the pages: threads beside their lines on a version page, under amendments
and proposals; the forms with and without the page's script; the moderators' queue."""

import re

import pytest
from discussion_world import on_lines, post, scene  # noqa: F401  (the scene fixture)
from flask import url_for
from pages import csrf, sign_in
from sqlalchemy import select

from deliberation.discussion.models import Comment
from deliberation.discussion.targets import PATHS
from extensions import db

FETCH = {"X-Requested-With": "fetch"}


@pytest.fixture
def browser_as(app):
    def open_as(member):
        browser = app.test_client()
        assert sign_in(browser, member.email, "correct horse").status_code == 302
        return browser

    return open_as


def test_the_paths_are_the_pages_own(app, scene):
    with app.test_request_context():
        assert PATHS["amendment"].format(id=3) == url_for("amendments.show", amendment_id=3)
        assert PATHS["proposal"].format(id=3) == url_for("proposals.show", proposal_id=3)
        assert PATHS["version"].format(id=3) == url_for("amendments.version", version_id=3)


def test_a_thread_sits_under_its_last_line_on_the_version_page(scene, browser_as):
    made = on_lines(scene, body="Look at *this*").json["id"]
    page = browser_as(scene["bob"]).get(f"/versions/{scene['version']}").text
    line14 = re.search(r'<li value="14"[^>]*>(.*?)</li>\s*<li value="15"', page, re.S).group(1)
    assert f'id="thread-{made}"' in line14 and "<em>this</em>" in line14 and "Lines 12–14" in line14
    assert re.search(r'<li value="12" class="[^"]*discussed', page)
    assert 'id="new-line-from"' in page and 'name="line_from"' in page and 'max="30"' in page
    assert 'data-discussion-lines' in page and "Report" in page and "Hide" not in page


def test_the_amendment_and_proposal_pages_show_their_threads(scene, browser_as):
    post(scene, "Bob Stone", target="amendment", target_id=scene["amendment"], body="On the amendment")
    post(scene, "Bob Stone", target="proposal", target_id=scene["proposal"], body="On the proposal")
    ann = browser_as(scene["ann"])
    assert "On the amendment" in ann.get(f"/amendments/{scene['amendment']}").text
    assert "On the proposal" in ann.get(f"/proposals/{scene['proposal']}").text
    assert "No comments yet." in ann.get(f"/proposals/{scene['draft']}").text


def test_posting_from_the_page_goes_back_to_the_comment(scene, browser_as):
    bob = browser_as(scene["bob"])
    page = bob.get(f"/versions/{scene['version']}").text
    sent = bob.post(
        "/discussion/comments",
        data={
            "csrf_token": csrf(page),
            "target": "version",
            "target_id": scene["version"],
            "line_from": "12",
            "line_to": "14",
            "body": "From the page",
            "next": f"/versions/{scene['version']}",
        },
    )
    comment = db.session.scalar(select(Comment))
    assert sent.status_code == 302 and sent.location.endswith(
        f"/versions/{scene['version']}#comment-{comment.id}"
    )
    assert (comment.line_from, comment.line_to, comment.body) == (12, 14, "From the page")


def test_the_pages_script_gets_json(scene, browser_as):
    bob = browser_as(scene["bob"])
    token = csrf(bob.get(f"/proposals/{scene['draft']}").text)
    done = bob.post(
        "/discussion/comments",
        headers=FETCH,
        data={"csrf_token": token, "target": "proposal", "target_id": scene["draft"], "body": "Via script"},
    )
    assert done.status_code == 200 and done.json["ok"] and done.json["thread_id"] == done.json["id"]
    refused = bob.post(
        "/discussion/comments",
        headers=FETCH,
        data={"csrf_token": token, "target": "proposal", "target_id": scene["draft"], "body": "  "},
    )
    assert refused.status_code == 400 and refused.json["error"]["code"] == "empty_body"
    thread = bob.get(f"/discussion/comments/{done.json['id']}?view=proposal:{scene['draft']}")
    assert thread.status_code == 200 and 'id="thread-' in thread.text and "Via script" in thread.text
    one = bob.get(f"/discussion/comments/{done.json['id']}?part=comment")
    assert one.text.lstrip().startswith("<article") and "Save changes" in one.text  # bob may still edit


def test_a_refused_form_shows_the_message_beside_it_without_script(scene, browser_as):
    bob = browser_as(scene["bob"])
    token = csrf(bob.get(f"/versions/{scene['version']}").text)
    refused = bob.post(
        "/discussion/comments",
        data={
            "csrf_token": token,
            "target": "version",
            "target_id": scene["version"],
            "line_from": "29",
            "line_to": "44",
            "body": "Keep these words",
        },
    )
    assert refused.status_code == 400
    assert 'id="new-error"' in refused.text and "Lines run from 1 to 30" in refused.text
    assert "Keep these words" in refused.text and 'value="44"' in refused.text
    assert db.session.scalar(select(db.func.count(Comment.id))) == 0
    forged = bob.post(
        "/discussion/comments", data={"target": "version", "target_id": scene["version"], "body": "x"}
    )
    assert forged.status_code == 400 and db.session.scalar(select(db.func.count(Comment.id))) == 0


def test_next_never_leaves_the_site(scene, browser_as):
    bob = browser_as(scene["bob"])
    token = csrf(bob.get(f"/proposals/{scene['draft']}").text)
    sent = bob.post(
        "/discussion/comments",
        data={
            "csrf_token": token,
            "target": "proposal",
            "target_id": scene["draft"],
            "body": "x",
            "next": "https://evil.example/proposals/1",
        },
    )
    assert sent.location.startswith(f"/proposals/{scene['draft']}#comment-")


def test_a_chair_hides_and_a_member_reports_from_the_page(scene, browser_as):
    ident = on_lines(scene, body="Rude words").json["id"]
    bob, chair = browser_as(scene["bob"]), browser_as(scene["chair"])
    token = csrf(bob.get(f"/versions/{scene['version']}").text)
    reported = bob.post(f"/discussion/comments/{ident}/report", data={"csrf_token": token, "reason": "Rude"})
    assert reported.status_code == 302
    again = bob.post(f"/discussion/comments/{ident}/report", data={"csrf_token": token})
    assert again.status_code == 409 and "already reported" in again.text
    queue = chair.get("/discussion/reports").text
    assert "Rude words" in queue and "1 report" in queue and "Rude" in queue
    assert "Nothing is waiting" in bob.get("/discussion/reports").text
    token = csrf(queue)
    no_reason = chair.post(f"/discussion/comments/{ident}/hide", data={"csrf_token": token, "reason": ""})
    assert no_reason.status_code == 400 and f'id="hide-{ident}-error"' in no_reason.text
    hidden = chair.post(
        f"/discussion/comments/{ident}/hide",
        data={"csrf_token": token, "reason": "Rude to a member", "next": "/discussion/reports"},
    )
    assert hidden.status_code == 302 and hidden.location.startswith("/discussion/reports")
    page = bob.get(f"/versions/{scene['version']}").text
    assert "Hidden by the chair: Rude to a member" in page and "Rude words" not in page
    forbidden = bob.post(f"/discussion/comments/{ident}/hide", data={"csrf_token": csrf(page), "reason": "x"})
    assert forbidden.status_code == 403


def test_dismissing_reports_from_the_queue(scene, browser_as):
    ident = post(scene, "Ann Lee", target="proposal", target_id=scene["draft"], body="Fine words").json["id"]
    scene["api"]["Bob Stone"].post(f"/comments/{ident}/report", {})
    organiser = browser_as(scene["organiser"])
    queue = organiser.get("/discussion/reports").text
    assert "Fine words" in queue
    done = organiser.post(f"/discussion/comments/{ident}/dismiss", data={"csrf_token": csrf(queue)})
    assert done.status_code == 302 and "Nothing is waiting" in organiser.get("/discussion/reports").text


def test_carried_and_gone_threads_on_later_versions(scene, browser_as):
    from discussion_world import TEXT

    from amendments.services.versions import create_version

    ident = on_lines(scene).json["id"]
    lines = TEXT.splitlines(keepends=True)
    later = create_version(
        scene["assembly"].id, scene["version"], "merge", "0.1 New first.\n" + TEXT, [], None
    )
    gone = create_version(scene["assembly"].id, later.id, "merge", "".join(lines[:11] + lines[14:]), [], None)
    db.session.commit()
    bob = browser_as(scene["bob"])
    page = bob.get(f"/versions/{later.id}").text
    line15 = re.search(r'<li value="15"[^>]*>(.*?)</li>\s*<li value="16"', page, re.S).group(1)
    assert f'id="thread-{ident}"' in line15 and "Written on lines 12–14 of version" in line15
    page = bob.get(f"/versions/{gone.id}").text
    assert "On lines no longer in this text" in page and f'id="thread-{ident}"' in page
    assert f'href="/versions/{scene["version"]}#comment-{ident}"' in page


def test_the_standalone_discussion_page(scene, browser_as):
    post(scene, "Ann Lee", target="amendment", target_id=scene["amendment"], body="Standalone")
    bob = browser_as(scene["bob"])
    assert "Standalone" in bob.get(f"/discussion/amendment/{scene['amendment']}").text
    assert bob.get(f"/discussion/version/{scene['version']}").status_code == 200
    assert bob.get("/discussion/version/987654").status_code == 404
    assert bob.get("/discussion/ballot/1").status_code == 404


def test_mention_suggestions_for_the_comment_box(scene, browser_as):
    bob = browser_as(scene["bob"])
    found = bob.get(f"/discussion/mentions?target=version&target_id={scene['version']}&q=ann").json
    assert [m["mention"] for m in found["members"]] == ["@[Ann Lee]"]
    assert bob.get("/discussion/mentions?target=version&target_id=x&q=ann").status_code == 400


def test_the_pages_state_for_catching_up(scene, browser_as, client):
    ident = on_lines(scene).json["id"]
    reply = post(
        scene, "Bob Stone", target="version", target_id=scene["version"], body="Yes", reply_to=ident
    ).json
    scene["api"]["Carol Chair"].post(f"/comments/{reply['id']}/hide", {"reason": "Off topic"})
    rows = (
        browser_as(scene["ann"]).get(f"/discussion/version/{scene['version']}/comments.json").json["comments"]
    )
    assert [(r["id"], r["thread_id"], r["reply_to"]) for r in rows] == [
        (ident, ident, None),
        (reply["id"], ident, ident),
    ]
    assert rows[0]["stamp"] == "|" and rows[1]["stamp"] == "|hidden"
    assert (
        client.get(f"/discussion/version/{scene['version']}/comments.json").status_code == 302
    )  # sign in first
