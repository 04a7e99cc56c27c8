"""Signing out ends the session on the server: a copy of the cookie stops working, and so do
live connections opened with it. The account page lists sign-ins and ends them."""
import re
import time
from datetime import timedelta

import pytest
from pages import csrf, sign_in
from sqlalchemy import select
from test_live_socket import _no_message_queue, setup  # noqa: F401  (fixtures)

from deliberation.models import SignIn
from deliberation.models.timeutil import utcnow
from extensions import db

pytestmark = pytest.mark.timeout(60)
FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"


def copy_of(app, client):
    """Another client holding the same session cookie, as a thief who copied it would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def post(client, path, page="/account"):
    return client.post(path, data={"csrf_token": csrf(client.get(page).text)})


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(app, client, make_member):
    member = make_member()
    assert sign_in(client, member.email, "correct horse").status_code == 302
    thief = copy_of(app, client)
    assert signed_in(thief)
    assert post(client, "/logout").status_code == 302
    assert not signed_in(client) and not signed_in(thief)
    assert thief.get("/account").headers["Location"].startswith("/login")
    row = db.session.scalar(select(SignIn).where(SignIn.member_id == member.id))
    assert row.ended_at is not None and row.end_reason == "signed_out"


def test_the_session_holds_no_secret_the_database_keeps(app, client, make_member):
    member = make_member()
    sign_in(client, member.email, "correct horse")
    row = db.session.scalar(select(SignIn).where(SignIn.member_id == member.id))
    with app.test_request_context():
        from flask import current_app
        data = current_app.session_interface.get_signing_serializer(current_app).loads(
            client.get_cookie("session").value)
    member_id, _dot, secret = data["_user_id"].partition(".")
    assert int(member_id) == member.id and SignIn.digest_of(secret) == row.digest and secret not in row.digest


def test_sign_out_everywhere_else_keeps_this_browser(app, make_member):
    member = make_member()
    phone, laptop, tablet = (app.test_client() for _ in range(3))
    phone.environ_base["HTTP_USER_AGENT"] = FIREFOX
    for c in (phone, laptop, tablet):
        assert sign_in(c, member.email, "correct horse").status_code == 302
    page = laptop.get("/account").text
    assert "Firefox on Android" in page and "(this browser)" in page and "Sign out everywhere else" in page
    done = post(laptop, "/account/sign-ins/end-others")
    assert done.status_code == 302 and done.headers["Location"].endswith("/account#sign-ins")
    assert "signed out of 2 other browsers" in laptop.get("/account").text
    assert signed_in(laptop) and not signed_in(phone) and not signed_in(tablet)
    assert "Sign out everywhere else" not in laptop.get("/account").text  # only this one is left


def test_one_other_browser_is_signed_out_from_the_list(app, make_member):
    member, stranger = make_member(), make_member()
    phone, laptop, other = app.test_client(), app.test_client(), app.test_client()
    for c in (phone, laptop):
        sign_in(c, member.email, "correct horse")
    sign_in(other, stranger.email, "correct horse")
    rows = db.session.scalars(select(SignIn).where(SignIn.member_id == member.id).order_by(SignIn.id)).all()
    phone_row = rows[0]
    strangers = db.session.scalar(select(SignIn).where(SignIn.member_id == stranger.id))
    assert post(laptop, f"/account/sign-ins/{strangers.id}/end").status_code == 404  # not theirs
    assert signed_in(other)
    assert post(laptop, f"/account/sign-ins/{phone_row.id}/end").status_code == 302
    assert not signed_in(phone) and signed_in(laptop)
    assert post(laptop, f"/account/sign-ins/{phone_row.id}/end").status_code == 404  # already ended
    assert laptop.post(f"/account/sign-ins/{rows[1].id}/end").status_code == 400  # no CSRF token
    assert signed_in(laptop)


def test_a_new_password_from_a_reset_link_signs_out_every_browser(app, make_member, inbox):
    member = make_member()
    before = app.test_client()
    sign_in(before, member.email, "correct horse")
    link = app.test_client()
    page = link.get("/password/forgot")
    link.post("/password/forgot", data={"email": member.email, "csrf_token": csrf(page.text)})
    deadline = time.monotonic() + 5
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.02)
    path = re.search(r"http://\S+(/invite/\S+)", inbox.messages[0].get_content()).group(1)
    page = link.get(path)
    reply = link.post(path, data={"csrf_token": csrf(page.text), "password": "a fresh passphrase",
                                  "confirm": "a fresh passphrase"})
    assert reply.status_code == 302
    assert signed_in(link) and not signed_in(before)
    reasons = db.session.scalars(select(SignIn.end_reason).where(SignIn.member_id == member.id)).all()
    assert sorted(r for r in reasons if r) == ["password_reset"]


def test_an_idle_sign_in_ends(app, client, make_member):
    member = make_member()
    sign_in(client, member.email, "correct horse")
    row = db.session.scalar(select(SignIn).where(SignIn.member_id == member.id))
    row.last_seen_at = utcnow() - timedelta(days=app.config["SIGN_IN_IDLE_DAYS"], minutes=1)
    db.session.commit()
    assert not signed_in(client)
    db.session.expire_all()
    assert db.session.get(SignIn, row.id).end_reason == "idle"


def test_last_active_is_noted_now_and_then(app, client, make_member):
    member = make_member()
    sign_in(client, member.email, "correct horse")
    row = db.session.scalar(select(SignIn).where(SignIn.member_id == member.id))
    row.last_seen_at = long_ago = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert signed_in(client)
    db.session.expire_all()
    assert db.session.get(SignIn, row.id).last_seen_at > long_ago + timedelta(minutes=59)


# -- live connections -------------------------------------------------------------------------

def live_by_cookie(app, browser):
    from extensions import socketio
    return socketio.test_client(app, namespace="/live", flask_test_client=browser,
                                headers={"Origin": "http://localhost"})


def wait_disconnected(live, seconds=5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not live.is_connected("/live"):
            return True
        time.sleep(0.05)
    return False


def test_signing_out_elsewhere_disconnects_a_live_connection_at_once(app, setup):
    member = setup["writer"]
    tab, laptop = app.test_client(), app.test_client()
    sign_in(tab, member.email, "correct horse")
    sign_in(laptop, member.email, "correct horse")
    live = live_by_cookie(app, tab)
    kept = live_by_cookie(app, laptop)
    assert live.is_connected("/live") and kept.is_connected("/live")
    assert live.emit("join", {"room": setup["proposal"].room}, namespace="/live", callback=True)["ok"]
    assert post(laptop, "/account/sign-ins/end-others").status_code == 302
    assert wait_disconnected(live, 2.0)
    # told why (the page says it), then disconnected
    assert any(m["name"] == "signed_out" for m in live.queue)
    assert kept.is_connected("/live")
    assert not live_by_cookie(app, tab).is_connected("/live")  # and it cannot come back


def test_a_sign_in_ended_by_another_process_disconnects_within_the_check(app, setup):
    """Another process ends the row (no signal reaches this one): the watcher finds it."""
    app.config["LIVE_SIGN_IN_CHECK_SECONDS"] = 0.2
    from deliberation.live.hub import hub
    hub(app).sign_in_watch.every = 0.2
    member = setup["writer"]
    tab = app.test_client()
    sign_in(tab, member.email, "correct horse")
    live = live_by_cookie(app, tab)
    assert live.is_connected("/live")
    row = db.session.scalar(select(SignIn).where(SignIn.member_id == member.id))
    row.ended_at, row.end_reason = utcnow(), "signed_out"
    db.session.commit()
    assert wait_disconnected(live, 5.0)
