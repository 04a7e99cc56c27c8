"""Forgotten passwords: a one-hour, single-use link by mail that never tells who is a member."""
import re
import time
from datetime import timedelta

from pages import csrf, sign_in

from deliberation.models import Member
from deliberation.people.models import Invitation
from extensions import db


def ask(client, email):
    page = client.get("/password/forgot")
    return client.post("/password/forgot", data={"email": email, "csrf_token": csrf(page.text)})


def mails_to(inbox, email, count, wait=5.0):
    """The mails to `email`, once `count` of them have arrived (they are sent in the background)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        got = [m for m in inbox.messages if m["To"] == email]
        if len(got) >= count:
            return got
        time.sleep(0.02)
    return [m for m in inbox.messages if m["To"] == email]


def test_a_member_sets_a_new_password_from_the_mailed_link(client, make_member, inbox):
    make_member(name="Hana", email="hana@example.org", password="old passphrase")
    assert 'href="/password/forgot"' in client.get("/login").text
    reply = ask(client, "Hana@example.org")
    assert reply.status_code == 302 and reply.headers["Location"] == "/login"
    shown = client.get("/login").text
    assert ("If Hana@example.org is on the membership roll, a link to set a new password is on its way."
            in shown)
    [mail] = mails_to(inbox, "hana@example.org", 1)
    assert mail["Subject"] == "Set a new password for Refound" and "Hello Hana," in mail.get_content()
    path = re.search(r"http://\S+(/invite/\S+)", mail.get_content()).group(1)
    # only a hash is kept
    assert db.session.scalar(db.select(Invitation.token_hash)) != path.rsplit("/", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and "Set your password" in page.text
    done = client.post(path, data={"csrf_token": csrf(page.text), "password": "new passphrase!",
                                   "confirm": "new passphrase!"})
    assert done.status_code == 302
    client.post("/logout", data={"csrf_token": csrf(client.get("/account").text)})
    assert client.get(path).status_code == 404  # used once
    assert sign_in(client, "hana@example.org", "old passphrase").status_code == 400
    assert sign_in(client, "hana@example.org", "new passphrase!").status_code == 302


def test_the_answer_is_the_same_for_an_address_that_is_no_members(client, make_member, inbox):
    make_member(email="ivo@example.org")
    known, unknown = ask(client, "ivo@example.org"), ask(client, "nobody@example.org")
    assert (known.status_code, known.headers["Location"]) == \
        (unknown.status_code, unknown.headers["Location"])
    assert len(mails_to(inbox, "ivo@example.org", 1)) == 1
    time.sleep(0.2)
    assert [m["To"] for m in inbox.messages] == ["ivo@example.org"]
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 1
    bad = ask(client, "not an address")
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text


def test_links_expire_and_requests_are_limited_per_address(client, make_member, inbox):
    member = make_member(email="jo@example.org")
    for _ in range(5):
        assert ask(client, "jo@example.org").status_code == 302
    mails = mails_to(inbox, "jo@example.org", 3)
    time.sleep(0.2)
    assert len(mails) == 3 and len(inbox.messages) == 3  # 3 an hour: no flooding a member's inbox
    for link in db.session.scalars(db.select(Invitation)):
        link.expires_at -= timedelta(minutes=61)  # an hour and a minute later
    db.session.commit()
    path = re.search(r"http://\S+(/invite/\S+)", mails[-1].get_content()).group(1)
    expired = client.get(path)
    assert expired.status_code == 404 and "unknown, already used or expired" in expired.text
    assert db.session.get(Member, member.id).password_hash is not None  # nothing changed


def test_setting_a_password_voids_the_members_other_links(client, make_member, inbox):
    make_member(email="kai@example.org")
    ask(client, "kai@example.org")
    ask(client, "kai@example.org")
    first, second = (re.search(r"http://\S+(/invite/\S+)", m.get_content()).group(1)
                     for m in mails_to(inbox, "kai@example.org", 2))
    page = client.get(second)
    assert client.post(second, data={"csrf_token": csrf(page.text), "password": "a fresh passphrase",
                                     "confirm": "a fresh passphrase"}).status_code == 302
    assert client.get(first).status_code == 404


def test_a_new_password_ends_other_sessions_and_lifts_a_sign_in_lock(app, client, make_member, inbox):
    make_member(email="lou@example.org", password="lou passphrase")
    elsewhere = app.test_client()  # say, a laptop left signed in at a meeting
    assert sign_in(elsewhere, "lou@example.org", "lou passphrase").status_code == 302
    assert elsewhere.get("/account").status_code == 200
    for _ in range(10):
        sign_in(client, "lou@example.org", "guess")
    assert sign_in(client, "lou@example.org", "lou passphrase").status_code == 429
    ask(client, "lou@example.org")
    path = re.search(r"http://\S+(/invite/\S+)",
                     mails_to(inbox, "lou@example.org", 1)[0].get_content()).group(1)
    page = client.get(path)
    client.post(path, data={"csrf_token": csrf(page.text), "password": "lou's new passphrase",
                            "confirm": "lou's new passphrase"})
    assert client.get("/account").status_code == 200  # this browser is signed in with the new password
    assert elsewhere.get("/account").status_code == 302  # the other session ended
    client.post("/logout", data={"csrf_token": csrf(client.get("/account").text)})
    assert sign_in(client, "lou@example.org", "lou's new passphrase").status_code == 302  # no lock left
