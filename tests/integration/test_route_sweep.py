"""Every route, every method, with nonsense: anonymous, as an ordinary member and with an API
token. Whatever the input, the answer is a page or an error the caller can act on, never a 5xx."""
import json
import re

import pytest
from pages import csrf, sign_in

from deliberation.models import ApiToken, Member
from extensions import db

ARGS = {"int": ["1", "999999999", str(2**62)], "default": ["x", "%E2%80%AE"], "path": ["a/b"]}
BODIES = [None, {"data": {"title": "", "x": "y" * 3000}}, {"json": {"title": ["not", "text"], "id": -1}},
          {"data": b"\xff\xfe not json", "content_type": "application/json"}]


def _urls(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "auth.logout"):  # signing out would end the sweep's session
            continue
        values = [{}]
        for name in rule.arguments:
            kind = rule._converters[name].__class__.__name__.lower().replace("converter", "")
            options = ARGS["int"] if "int" in kind else ARGS["path"] if kind == "path" else ARGS["default"]
            values = [dict(v, **{name: o}) for v in values for o in options]
        for v in values:
            url = rule.rule
            for name, value in v.items():
                url = re.sub(r"<(?:[^:<>]+:)?" + name + r">", value, url)
            for method in sorted(rule.methods & {"GET", "POST", "PUT", "PATCH", "DELETE"}):
                yield method, url


def _sweep(client, app, headers=None, csrf=None):
    """Failures (5xx) and how many requests got past the CSRF check and login to a view."""
    failures, reached = [], 0
    for method, url in _urls(app):
        for body in (BODIES if method != "GET" else [None]):
            if body and csrf and isinstance(body.get("data"), dict):
                body = {"data": dict(body["data"], csrf_token=csrf)}
            reply = client.open(url, method=method, headers=headers or {}, **(body or {}))
            if reply.status_code >= 500:
                failures.append(f"{method} {url} {json.dumps(body, default=str)[:80]} -> {reply.status_code}")
            reached += reply.status_code not in (302, 401, 405) and b"CSRF" not in reply.data
    return failures, reached


def _signed_in(app, email, password):
    client = app.test_client()
    assert sign_in(client, email, password).status_code == 302
    return client, csrf(client.get("/account").text)


@pytest.mark.parametrize("who", ["anonymous", "member", "admin"])
def test_no_route_answers_nonsense_with_a_server_error(app, runner, who):
    """On the demo organisation, so that id 1 names a real assembly, proposal, amendment and ballot."""
    assert runner.invoke(args=["demo", "load", "--if-empty"]).exit_code == 0
    routes = len(list(_urls(app)))
    assert routes > 100
    if who == "anonymous":
        failures, _reached = _sweep(app.test_client(), app)
        assert failures == []
        return
    email = "admin@example.org" if who == "admin" else "samuel.osei@example.org"
    client, token = _signed_in(app, email, "refound-demo")
    failures, reached = _sweep(client, app, csrf=token)
    assert failures == [] and reached > routes / 2, reached
    member = db.session.scalar(db.select(Member).where(Member.email == email))
    _row, plain = ApiToken.issue(member, "sweep")
    db.session.commit()
    failures, reached = _sweep(app.test_client(), app, {"Authorization": f"Bearer {plain}"})
    assert failures == [] and reached > routes / 2, reached
