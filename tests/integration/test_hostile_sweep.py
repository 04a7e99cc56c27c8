"""The hostile sweep: every route and method, every form and every live event, fed what an attacker
would send (lone surrogates, NUL, 5,000-deep JSON, 3 MB strings, NaN, wrong types, negative and
huge ids). Nothing answers 5xx, errors follow API.md's shape, and a refused request changes no row.
"""
import json

import pytest
from pages import csrf, sign_in
from sqlalchemy import text
from test_live_socket import _no_message_queue, edit, setup, yjs  # noqa: F401  (fixtures)
from test_route_sweep import _urls

from deliberation.live import protocol, store
from deliberation.models import ApiToken, Member
from extensions import db

pytestmark = pytest.mark.timeout(600)
DEEP = "[" * 5000 + "]" * 5000
BIG = "x" * (3 * 1024 * 1024)
FIELDS = ("title", "text", "name", "rationale", "base_text", "region", "label", "email")


def _json(value: str) -> dict:
    return {"data": value, "content_type": "application/json"}


def _fields(value) -> dict:
    return {name: value for name in FIELDS}


#: What a hostile client sends to the JSON API, named for the note's count.
JSON_BODIES = {
    "lone surrogate": _json(json.dumps(_fields("a\ud800b"))),
    "NUL": _json(json.dumps(_fields("a\x00b"))),
    "5,000-deep JSON": _json(DEEP),
    "5,000-deep JSON in a field": _json('{"title": ' + DEEP + "}"),
    "NaN": _json('{"title": NaN, "support_threshold": NaN, "base_version_id": Infinity}'),
    "3 MB string": _json(json.dumps({"text": BIG})),
    "wrong types": _json(json.dumps({"title": 5, "text": [], "amendment_ids": "x", "group_id": "abc",
                                     "base_version_id": {"id": 1}, "questions": {"a": 1}, "choice": [[[]]]})),
    "negative and huge ids": _json(json.dumps({"base_version_id": -1, "group_id": 2**70, "version_id": -2**63,
                                               "amendment_ids": [2**64, -1, 0], "option_id": 10**30})),
    "not an object": _json("[1, 2, 3]"),
    "not UTF-8": _json(b'{"title": "\xff\xfe"}'),
}


def _form_bodies(token: str) -> dict:
    def encoded(value: str) -> dict:
        pairs = "&".join(f"{name}={value}" for name in FIELDS)
        return {"data": f"csrf_token={token}&{pairs}", "content_type": "application/x-www-form-urlencoded"}
    return {
        "form NUL": encoded("a%00b"),
        "form surrogate bytes": encoded("a%ED%A0%80b"),
        "form control characters": encoded("%01%1B%7F"),
        "form 3 MB string": encoded(BIG),
        "form wrong types": {"data": f"csrf_token={token}&group_id=abc&version_id=-1&amendment_id=2e99"
                                     f"&choice=%5B%5B%5D%5D&member_id={2**70}",
                             "content_type": "application/x-www-form-urlencoded"},
    }


def _row_counts() -> tuple:
    """One number per table, in one query: what a refused request must leave as it was."""
    tables = [t.name for t in db.metadata.sorted_tables]
    sql = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{t}")' for t in tables)
    db.session.rollback()
    counts = tuple(db.session.execute(text(sql)).one())
    db.session.rollback()
    return counts


def _sweep(client, app, bodies: dict, headers=None) -> tuple[list[str], int]:
    failures, pairs = [], 0
    for method, url in _urls(app):
        if method == "GET":
            continue
        for name, body in bodies.items():
            before = _row_counts()
            reply = client.open(url, method=method, headers=headers or {}, **body)
            pairs += 1
            where = f"{method} {url} [{name}] -> {reply.status_code}"
            if reply.status_code >= 500:
                failures.append(where)
            elif reply.status_code >= 400:
                if _row_counts() != before:
                    failures.append(where + ": refused, but rows changed")
                if url.startswith("/api/"):
                    error = (reply.get_json(silent=True) or {}).get("error") or {}
                    if not (isinstance(error.get("code"), str) and isinstance(error.get("message"), str)):
                        failures.append(where + f": not an API.md error body: {reply.data[:80]!r}")
    return failures, pairs


def test_every_route_refuses_hostile_input_cleanly(app, runner, capsys):
    """On the demo organisation, so that id 1 names a real assembly, proposal, amendment and ballot;
    as a member through forms (with a valid CSRF token) and as an admin through the API."""
    assert runner.invoke(args=["demo", "load", "--if-empty"]).exit_code == 0
    member = app.test_client()
    assert sign_in(member, "samuel.osei@example.org", "refound-demo").status_code == 302
    token = csrf(member.get("/account").text)
    form_failures, form_pairs = _sweep(member, app, {**_form_bodies(token), **JSON_BODIES})
    admin = db.session.scalar(db.select(Member).where(Member.email == "admin@example.org"))
    _row, plain = ApiToken.issue(admin, "sweep")
    db.session.commit()
    api_failures, api_pairs = _sweep(app.test_client(), app, JSON_BODIES,
                                     {"Authorization": f"Bearer {plain}"})
    with capsys.disabled():
        print(f"\nhostile sweep: {form_pairs + api_pairs} (route x input) pairs "
              f"({form_pairs} by session, {api_pairs} by API token)")
    assert form_failures + api_failures == []
    assert form_pairs + api_pairs > 2000


#: Live events and what a hostile client puts in them.
def _live_payloads(room: str) -> dict:
    deep: object = {}
    for _ in range(200):  # as deep as the test client's own JSON encoder goes
        deep = {"room": deep}
    return {
        "nothing": None, "a number": 5, "a string": "proposal:1", "a list": [room],
        "surrogate room": {"room": "proposal:\ud800"}, "NUL room": {"room": "proposal:1\x00"},
        "huge id": {"room": "proposal:" + "9" * 40}, "negative id": {"room": "proposal:-1"},
        "nested room": {"room": [room]}, "deep": deep, "NaN": {"room": room, "data": float("nan")},
        "3 MB data": {"room": room, "data": b"\x00" + b"x" * (3 * 1024 * 1024)},
        "text data": {"room": room, "data": "\ud800"}, "NUL bytes": {"room": room, "data": b"\x00\x00\x00"},
        "bad update": {"room": room, "data": protocol.update_message(b"\xff" * 50)},
        "bad awareness": {"room": room, "data": bytes([1]) + b"\xff" * 20},
        "deep awareness": {"room": room, "data": protocol.awareness_message(protocol.encode_awareness(
            [protocol.AwarenessEntry(7, 1, None)]))[:-1] + b"\xff"},
    }


def test_every_live_event_refuses_hostile_input_cleanly(app, setup, capsys):
    from extensions import socketio
    room = setup["proposal"].room
    client = socketio.test_client(app, namespace="/live", auth={"token": setup["token"](setup["writer"])})
    assert client.emit("join", {"room": room}, namespace="/live", callback=True)["ok"]
    assert yjs(client, room, protocol.update_message(edit("Hello world", 0, "x "))) == {"ok": True}
    text_before = store.live_text(room)
    pairs, failures = 0, []
    for event in ("join", "leave", "yjs", "no-such-event"):
        for name, payload in _live_payloads(room).items():
            ack = client.emit(event, payload, namespace="/live", callback=True)
            pairs += 1
            if not client.is_connected("/live"):
                failures.append(f"{event} [{name}]: disconnected")
                client = socketio.test_client(app, namespace="/live",
                                              auth={"token": setup["token"](setup["writer"])})
            elif event != "no-such-event" and not (isinstance(ack, dict) and "ok" in ack):
                failures.append(f"{event} [{name}]: ack {ack!r}")
            elif event == "yjs" and name not in ("nothing",) and ack.get("ok") is not False:
                failures.append(f"{event} [{name}]: accepted {ack!r}")
            if not client.emit("join", {"room": room}, namespace="/live", callback=True)["ok"]:
                failures.append(f"{event} [{name}]: the connection cannot join any more")
    for name, payload in (("surrogate token", {"token": "\ud800"}), ("huge token", {"token": "x" * 100_000}),
                          ("token list", {"token": ["x"]}), ("deep auth", {"token": {"a": {"b": {}}}})):
        refused = socketio.test_client(app, namespace="/live", auth=payload)
        pairs += 1
        if refused.is_connected("/live"):
            failures.append(f"connect [{name}]: accepted")
    with capsys.disabled():
        print(f"\nhostile live sweep: {pairs} (event x input) pairs")
    assert failures == []
    assert store.live_text(room) == text_before  # nothing hostile reached the document
    assert yjs(client, room, protocol.update_message(edit(text_before, 0, "y"))) == {"ok": True}
