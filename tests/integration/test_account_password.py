"""Changing one's password on the account page: the current one is needed, and every other
session ends."""
from pages import csrf, sign_in


def change(client, current, new, confirm=None):
    page = client.get("/account")
    return client.post("/account/password", data={
        "csrf_token": csrf(page.text), "current_password": current, "new_password": new,
        "confirm_password": new if confirm is None else confirm})


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(app, client, make_member):
    make_member(email="mo@example.org", password="mo passphrase")
    elsewhere = app.test_client()
    assert sign_in(elsewhere, "mo@example.org", "mo passphrase").status_code == 302
    assert sign_in(client, "mo@example.org", "mo passphrase").status_code == 302
    page = client.get("/account").text
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page

    wrong = change(client, "not it", "a new passphrase")
    assert wrong.status_code == 400
    assert ('<p class="field-error" id="current_password-error">That is not your current password. </p>'
            in wrong.text)
    short = change(client, "mo passphrase", "short")
    assert short.status_code == 400 and 'id="new_password-error"' in short.text
    differ = change(client, "mo passphrase", "a new passphrase", "another one entirely")
    assert differ.status_code == 400 and "The passwords differ." in differ.text

    done = change(client, "mo passphrase", "a new passphrase")
    assert done.status_code == 302 and done.headers["Location"] == "/account"
    assert "Your password is changed." in client.get("/account").text  # still signed in here
    assert elsewhere.get("/account").status_code == 302  # signed out everywhere else
    assert sign_in(elsewhere, "mo@example.org", "mo passphrase").status_code == 400
    assert sign_in(elsewhere, "mo@example.org", "a new passphrase").status_code == 302


def test_guessing_the_current_password_counts_against_the_sign_in_limit(client, make_member):
    make_member(email="nell@example.org", password="nell passphrase")
    assert sign_in(client, "nell@example.org", "nell passphrase").status_code == 302
    for _ in range(10):
        assert change(client, "guess", "a new passphrase").status_code == 400
    blocked = change(client, "nell passphrase", "a new passphrase")
    assert blocked.status_code == 429 and "Too many failed attempts" in blocked.text
    assert client.get("/account").status_code == 200  # the session itself is untouched


def test_changing_the_password_needs_a_session_and_a_csrf_token(client, make_member):
    anonymous = client.post("/account/password", data={"csrf_token": csrf(client.get("/login").text)})
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")
    make_member(email="oz@example.org", password="oz passphrase")
    sign_in(client, "oz@example.org", "oz passphrase")
    forged = client.post("/account/password", data={"current_password": "oz passphrase",
                                                     "new_password": "a new passphrase",
                                                     "confirm_password": "a new passphrase"})
    assert forged.status_code == 400
    client.post("/logout", data={"csrf_token": csrf(client.get("/account").text)})
    assert sign_in(client, "oz@example.org", "oz passphrase").status_code == 302  # unchanged
