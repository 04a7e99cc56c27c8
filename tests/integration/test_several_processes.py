"""Two production processes (gunicorn, one gevent worker each) on loopback, sharing PostgreSQL
and Redis: live clients on both edit one room and converge byte for byte; an amendment filed
through one is merged through the other; votes cast through both are counted once each; and
presence crosses from one process to the other."""
import threading

import pytest
import requests
from ballot_server import open_yes_no_ballot
from live_servers import api_text, db_text, edit_together, live_world, wait_converged
from several import gunicorn, shared_services

from deliberation.live.client import LiveClient
from extensions import db

pytestmark = pytest.mark.timeout(300)
START = "Grüße aus Cymru: ŵ ŷ — 日本語 👩‍👩‍👧\nSecond line.\n"
CURSOR = {"anchor": {"type": None, "tname": "text", "item": {"client": 1, "clock": 0}, "assoc": 0},
          "head": {"type": None, "tname": "text", "item": {"client": 1, "clock": 0}, "assoc": 0}}


@pytest.fixture
def two(app, tmp_path):
    """Two gunicorn processes sharing the database and Redis."""
    redis_url = shared_services()
    db.session.remove()
    started = []
    try:
        for name in ("a", "b"):
            folder = tmp_path / name
            folder.mkdir()
            started.append(gunicorn(folder, redis_url))
        yield started
    finally:
        for server in started:
            server.stop()


def close_all(clients):
    threads = [threading.Thread(target=c.close) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)


def wait_for(predicate, seconds=10.0):
    done = threading.Event()
    for _ in range(int(seconds / 0.05)):
        if predicate():
            return True
        done.wait(0.05)
    return predicate()


def test_live_clients_on_both_processes_converge_byte_for_byte(two, make_member, make_group, make_assembly,
                                                                token_for):
    proposal_id, room, tokens = live_world(make_member, make_group, make_assembly, token_for, 10, START)
    db.session.remove()
    one, other = two
    clients = [LiveClient((one if i % 2 else other).url, token, room).connect()
               for i, token in enumerate(tokens)]
    try:
        edit_together(clients, ops=30)
        text = wait_converged(clients)
        assert text != START
        assert {c.text.encode() for c in clients} == {text.encode()}
        assert api_text(one.url, tokens[0], proposal_id) == text \
            == api_text(other.url, tokens[1], proposal_id)
        assert db_text(room) == text
    finally:
        close_all(clients)


def test_presence_is_seen_across_processes(two, make_member, make_group, make_assembly, token_for):
    _proposal_id, room, tokens = live_world(make_member, make_group, make_assembly, token_for, 2, START)
    db.session.remove()
    one, other = two
    here, there = (LiveClient(one.url, tokens[0], room).connect(),
                   LiveClient(other.url, tokens[1], room).connect())
    try:
        here.announce({"cursor": CURSOR, "user": {"name": "Not my name"}})
        assert here.wait_acked(10) and not here.errors
        assert wait_for(lambda: here.doc.client_id in there.presence)
        seen = there.presence[here.doc.client_id]
        assert seen["user"]["name"] == "Writer 0 Siân"  # the server's name for the member, not the client's
        assert seen["cursor"]["anchor"]["item"] == {"client": 1, "clock": 0}
        here.announce(None)
        assert wait_for(lambda: there.presence.get(here.doc.client_id, "still here") is None)
    finally:
        close_all([here, there])


def test_an_amendment_filed_through_one_process_is_merged_through_the_other(two, make_member, token_for):
    one, other = two
    admin, chair, sponsor = make_member(admin=True), make_member("Chair"), make_member("Sponsor")
    auth = {m: {"Authorization": f"Bearer {token_for(m)}"} for m in (admin, chair, sponsor)}
    chair_email = chair.email
    db.session.remove()
    base = "# Rules\n\n1.1 The assembly meets once a year.\n"
    made = requests.post(f"{one.url}/api/v1/assemblies", headers=auth[admin], timeout=30, json={
        "title": "Two processes", "base_text": base, "chairs": [chair_email], "support_threshold": 0}).json()
    assert requests.post(f"{other.url}/api/v1/assemblies/{made['id']}/phase", headers=auth[chair], timeout=30,
                         json={"phase": "amendments"}).status_code == 200
    filed = requests.post(f"{one.url}/api/v1/assemblies/{made['id']}/amendments", headers=auth[sponsor],
                          timeout=30, json={"base_version_id": made["current_version_id"], "title": "Twice",
                                            "text": base.replace("once", "twice"),
                                            "rationale": "More often."})
    assert filed.status_code == 201, filed.text
    merged = requests.post(f"{other.url}/api/v1/assemblies/{made['id']}/merge", headers=auth[chair],
                           timeout=30, json={"amendment_ids": [filed.json()["id"]]})
    assert merged.status_code == 200, merged.text
    assert merged.json()["merged"] == [filed.json()["id"]]
    version = requests.get(f"{one.url}/api/v1/versions/{merged.json()['version_id']}", headers=auth[sponsor],
                           timeout=30).json()
    assert version["text"] == base.replace("once", "twice")
    amendment = requests.get(f"{one.url}/api/v1/amendments/{filed.json()['id']}", headers=auth[sponsor],
                             timeout=30).json()
    assert amendment["status"] == "merged"


def test_votes_cast_through_both_processes_are_counted_once_each(two, make_member, token_for):
    one, other = two
    officer = make_member(admin=True)
    ballot_id, voters = open_yes_no_ballot(officer, 120)
    officer_auth = {"Authorization": f"Bearer {token_for(officer)}"}
    db.session.remove()

    def vote(server, token):
        return requests.post(f"{server.url}/api/v1/ballots/{ballot_id}/votes", json={"answers": ["yes"]},
                             headers={"Authorization": f"Bearer {token}"}, timeout=30)

    first, again = {}, {}

    def cast(part, here, there):
        for member_id, token in part:
            first[member_id] = vote(here, token)
            again[member_id] = vote(there, token)  # the same voter through the other process

    halves = [threading.Thread(target=cast, args=(voters[i::2], two[i], two[1 - i])) for i in (0, 1)]
    for t in halves:
        t.start()
    for t in halves:
        t.join(240)
    assert {r.status_code for r in first.values()} == {201}
    assert {r.status_code for r in again.values()} == {409}
    trackers = {r.json()["tracker"] for r in first.values()}
    assert len(trackers) == len(voters)
    closed = requests.post(f"{other.url}/api/v1/ballots/{ballot_id}/close", headers=officer_auth, timeout=60)
    assert closed.status_code == 200, closed.text
    board = requests.get(f"{one.url}/api/v1/ballots/{ballot_id}/trackers", headers=officer_auth,
                         timeout=60).json()
    assert set(board["trackers"]) == trackers
    assert board["checks"] == {"trackers": 120, "participation": 120, "ballots": 120, "consistent": True}
