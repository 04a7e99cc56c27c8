"""The /discussion namespace: a new, edited or hidden comment reaches every connection in its
target's room (after the commit) and no other; hidden words are never sent; connections need
credentials and this site's own pages."""

import pytest
from discussion_world import on_lines, post, scene  # noqa: F401  (the scene fixture)
from pages import sign_in
from test_live_socket import _no_message_queue  # noqa: F401  (fixture: no message queue in tests)

pytestmark = pytest.mark.timeout(60)
NS = "/discussion"


def connect(app, token=None, **kw):
    from extensions import socketio

    return socketio.test_client(app, namespace=NS, auth={"token": token} if token else None, **kw)


def joined(app, token, target, target_id):
    client = connect(app, token)
    assert client.emit("join", {"target": target, "target_id": target_id}, namespace=NS, callback=True) == {
        "ok": True
    }
    return client


def comments(client):
    return [p["args"][0] for p in client.get_received(NS) if p["name"] == "comment"]


def test_a_new_comment_reaches_the_room_and_not_other_rooms(app, scene, token_for):
    watching = joined(app, token_for(scene["bob"]), "version", scene["version"])
    elsewhere = joined(app, token_for(scene["chair"]), "amendment", scene["amendment"])
    made = on_lines(scene, body="Lines 12 to 14 need **work**").json
    [message] = comments(watching)
    assert message["change"] == "created" and message["target"] == "version"
    assert message["target_id"] == scene["version"] and message["comment"]["id"] == made["id"]
    assert (
        message["comment"]["line_from"] == 12 and "<strong>work</strong>" in message["comment"]["body_html"]
    )
    assert comments(elsewhere) == []
    reply = post(
        scene, "Bob Stone", target="version", target_id=scene["version"], body="Agreed", reply_to=made["id"]
    )
    assert [m["comment"]["reply_to"] for m in comments(watching)] == [made["id"]]
    assert reply.status_code == 201


def test_a_refused_comment_sends_nothing(app, scene, token_for):
    watching = joined(app, token_for(scene["bob"]), "version", scene["version"])
    assert on_lines(scene, line_from=40, line_to=41).status_code == 400
    assert comments(watching) == []


def test_edits_and_hiding_arrive_and_hidden_words_are_not_sent(app, scene, token_for, client):
    made = post(scene, "Ann Lee", target="proposal", target_id=scene["draft"], body="Secret insult").json
    watching = joined(app, token_for(scene["bob"]), "proposal", scene["draft"])
    client.patch(
        f"/api/v1/comments/{made['id']}",
        json={"body": "Secret insult, edited"},
        headers=scene["api"]["Ann Lee"].headers,
    )
    scene["api"]["Olu Organiser"].post(f"/comments/{made['id']}/hide", {"reason": "Abuse"})
    edited, hidden = comments(watching)
    assert edited["change"] == "edited" and "edited" in edited["comment"]["body_html"]
    assert hidden["change"] == "hidden" and hidden["comment"]["body_html"] is None
    assert hidden["comment"]["hidden_reason"] == "Abuse" and "insult" not in str(hidden)


def test_a_later_version_hears_of_threads_on_the_versions_it_comes_from(app, scene, token_for):
    from discussion_world import TEXT

    from amendments.services.versions import create_version
    from extensions import db

    later = create_version(scene["assembly"].id, scene["version"], "merge", "0.1 New.\n" + TEXT, [], None)
    sibling = create_version(scene["assembly"].id, scene["version"], "merge", TEXT + "Other.\n", [], None)
    db.session.commit()
    on_later = joined(app, token_for(scene["bob"]), "version", later.id)
    on_first_only = joined(app, token_for(scene["chair"]), "version", scene["version"])
    on_sibling = joined(app, token_for(scene["ann"]), "version", sibling.id)
    made = on_lines(scene).json
    assert [m["comment"]["id"] for m in comments(on_later)] == [made["id"]]
    assert [m["comment"]["id"] for m in comments(on_first_only)] == [made["id"]]
    assert [m["comment"]["id"] for m in comments(on_sibling)] == [made["id"]]  # made from the first, too
    newer = post(scene, "Ann Lee", target="version", target_id=later.id, body="Only on the later one").json
    assert [m["comment"]["id"] for m in comments(on_later)] == [newer["id"]]
    assert (
        comments(on_first_only) == [] and comments(on_sibling) == []
    )  # text flows forward, not back or across


def test_connections_need_credentials_and_joins_a_real_target(app, scene, token_for):
    assert not connect(app).is_connected(NS)
    assert not connect(app, "rf_not-a-token").is_connected(NS)
    client = connect(app, token_for(scene["bob"]))
    assert client.is_connected(NS)
    missing = client.emit("join", {"target": "version", "target_id": 987654}, namespace=NS, callback=True)
    assert missing["ok"] is False and missing["error"]["code"] == "not_found"
    bad = client.emit("join", {"target": "ballot", "target_id": 1}, namespace=NS, callback=True)
    assert bad["ok"] is False and bad["error"]["code"] == "invalid_field"
    assert client.emit("join", "nonsense", namespace=NS, callback=True)["error"]["code"] == "malformed"


def test_another_sites_page_cannot_listen_with_a_members_cookies(app, scene):
    from extensions import socketio

    browser = app.test_client()
    assert sign_in(browser, scene["bob"].email, "correct horse").status_code == 302
    evil = socketio.test_client(
        app, namespace=NS, flask_test_client=browser, headers={"Origin": "http://evil.example"}
    )
    assert not evil.is_connected(NS)
    own = socketio.test_client(
        app, namespace=NS, flask_test_client=browser, headers={"Origin": "http://localhost"}
    )
    assert own.is_connected(NS)
    assert own.emit(
        "join", {"target": "proposal", "target_id": scene["draft"]}, namespace=NS, callback=True
    ) == {"ok": True}


def test_signing_out_ends_the_browsers_discussion_connection(app, scene):
    from pages import csrf

    from extensions import socketio

    browser = app.test_client()
    sign_in(browser, scene["bob"].email, "correct horse")
    listening = socketio.test_client(app, namespace=NS, flask_test_client=browser)
    assert listening.is_connected(NS)
    page = browser.get("/account")
    assert browser.post("/logout", data={"csrf_token": csrf(page.text)}).status_code == 302
    assert not listening.is_connected(NS)


def test_a_sign_in_ended_by_another_process_ends_its_discussion_connection(app, scene):
    """Another process ends the sign-in (no signal reaches this one): the app's watch finds it
    in the database, and the connection it was opened with ends; a token connection stays."""
    import time

    from sqlalchemy import select

    from deliberation.discussion.events import sign_in_watch
    from deliberation.models import SignIn
    from deliberation.models.timeutil import utcnow
    from extensions import db, socketio

    sign_in_watch(app).every = 0.1
    browser = app.test_client()
    sign_in(browser, scene["bob"].email, "correct horse")
    listening = socketio.test_client(app, namespace=NS, flask_test_client=browser)
    assert listening.is_connected(NS)
    row = db.session.scalar(select(SignIn).where(SignIn.member_id == scene["bob"].id,
                                                 SignIn.ended_at.is_(None)))
    row.ended_at, row.end_reason = utcnow(), "signed_out"
    db.session.commit()
    deadline = time.monotonic() + 5
    while listening.is_connected(NS) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not listening.is_connected(NS)
    assert any(m["name"] == "signed_out" for m in listening.queue)  # told why, as /live says it
