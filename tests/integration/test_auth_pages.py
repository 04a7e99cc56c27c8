"""Signing in and out, the account page's tokens, and the guards around them."""
import re

from pages import csrf, sign_in


def test_sign_in_tokens_and_sign_out(client, make_member):
    member = make_member(email="ann@example.org", password="a long passphrase")
    bad = sign_in(client, "ann@example.org", "wrong")
    assert bad.status_code == 400 and b"do not match" in bad.data
    good = sign_in(client, "ANN@example.org", "a long passphrase")
    assert good.status_code == 302
    account = client.get("/account")
    assert account.status_code == 200 and member.name.encode() in account.data
    made = client.post("/account", data={"label": "scripts", "csrf_token": csrf(account.data)})
    token = re.search(rb"<code class=\"tracker\">(rf_[A-Za-z0-9_\-]+)</code>", made.data).group(1).decode()
    assert client.get("/api/v1/openapi.json").status_code == 200
    api = client.get("/api/v1/assemblies/1", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 404  # authenticated, nothing there
    token_id = re.search(rb"/account/tokens/(\d+)/revoke", made.data).group(1).decode()
    client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf(made.data)})
    assert client.get("/api/v1/assemblies/1", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    out = client.post("/logout", data={"csrf_token": csrf(client.get("/account").data)})
    assert out.status_code == 302
    assert client.get("/account").status_code == 302


def test_forms_need_csrf_and_next_stays_on_site(client, make_member):
    make_member(email="bob@example.org", password="another passphrase")
    refused = client.post("/login", data={"email": "bob@example.org", "password": "another passphrase"})
    assert refused.status_code == 400
    reply = sign_in(client, "bob@example.org", "another passphrase", "?next=https://evil.example/")
    assert reply.status_code == 302 and reply.headers["Location"] == "/"
    reply = client.post("/logout")
    assert reply.status_code == 400


def test_api_ignores_session_cookies(client, make_member):
    """The API is exempt from CSRF only because it never trusts the cookie."""
    make_member(email="cat@example.org", password="cat passphrase", admin=True)
    sign_in(client, "cat@example.org", "cat passphrase")
    reply = client.post("/api/v1/groups", json={"name": "Sneaky"})
    assert reply.status_code == 401


def test_security_headers(client):
    reply = client.get("/login")
    policy = reply.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src-attr")[0]
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


def test_failed_sign_ins_are_limited_per_email(client, make_member):
    make_member(email="dee@example.org", password="dee passphrase")
    make_member(email="eli@example.org", password="eli passphrase")
    for _ in range(9):
        assert sign_in(client, "dee@example.org", "guess").status_code == 400
    # a success clears the count
    assert sign_in(client, "dee@example.org", "dee passphrase").status_code == 302
    client.post("/logout", data={"csrf_token": csrf(client.get("/account").data)})
    for _ in range(10):
        assert sign_in(client, "DEE@example.org", "guess").status_code == 400
    blocked = sign_in(client, "dee@example.org", "dee passphrase")  # even the right password now waits
    assert blocked.status_code == 429
    assert (b'<p class="field-error" id="password-error">Too many failed attempts to sign in with this '
            b"email. Try again in 15 minutes. </p>") in blocked.data  # on the form, by the field
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60
    assert sign_in(client, "eli@example.org", "eli passphrase").status_code == 302  # others are not affected
    # an address no one has is limited the same way: the answer says nothing of who is a member
    for _ in range(11):
        last = sign_in(client, "nobody@example.org", "guess")
    assert last.status_code == 429


def test_an_unknown_email_costs_a_password_hash_like_a_known_one(client, make_member, monkeypatch):
    from deliberation.auth import throttle
    checked = []
    monkeypatch.setattr(throttle, "verify_password",
                        lambda stored, password: checked.append(stored) or False)
    make_member(email="fay@example.org", password="fay passphrase")
    sign_in(client, "fay@example.org", "guess")
    sign_in(client, "nobody@example.org", "guess")
    assert len(checked) == 2 and checked[0] and checked[1] is None


def test_sign_in_goes_on_when_the_counter_store_is_down():
    from limits.storage import storage_from_string

    from deliberation.auth.throttle import AddressThrottle
    down = AddressThrottle(storage_from_string("redis://127.0.0.1:1/0"), "1 per minute")
    down.failed("gus@example.org")
    down.failed("gus@example.org")
    assert down.wait_seconds("gus@example.org") == 0
    down.succeeded("gus@example.org")
