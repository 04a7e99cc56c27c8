"""kill -9 of one of two production processes (a gunicorn worker; its master starts another, as
in production) in the middle of a 50-editor live session and of a voting burst: after the
restart every acknowledged edit and vote is there, none twice, and the documents converge."""
import queue
import threading

import pytest
import requests
from ballot_server import open_yes_no_ballot
from drills import Editor, kill_worker, markers, wait_ready
from live_servers import db_text, live_world, wait_converged
from several import gunicorn, shared_services

from deliberation.live.client import LiveClient
from extensions import db

pytestmark = pytest.mark.timeout(600)
EDITORS, OPS, KILL_AFTER_EDITS = 50, 16, 250
VOTERS, KILL_AFTER_VOTES = 300, 80


@pytest.fixture
def two(app, tmp_path):
    redis_url = shared_services()
    db.session.remove()
    started = []
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            started.append(gunicorn(tmp_path / name, redis_url))
        yield started
    finally:
        for server in started:
            server.stop()


def test_kill_9_during_a_50_editor_session_loses_no_acknowledged_edit(two, make_member, make_group,
                                                                     make_assembly, token_for):
    victim, survivor = two
    _proposal_id, room, tokens = live_world(make_member, make_group, make_assembly, token_for, EDITORS, "")
    db.session.remove()
    editors = [Editor(LiveClient((victim if n % 2 else survivor).url, token, room).connect(), n)
               for n, token in enumerate(tokens)]
    killed: dict[str, int] = {}
    kill_lock = threading.Lock()

    def maybe_kill() -> None:
        with kill_lock:
            if "pid" not in killed and sum(len(e.acked) for e in editors) >= KILL_AFTER_EDITS:
                killed["pid"] = kill_worker(victim)

    threads = [threading.Thread(target=e.type_all, args=(OPS, maybe_kill)) for e in editors]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
        if "pid" not in killed:
            killed["pid"] = kill_worker(victim)  # a fast machine acknowledged too few mid-session: kill now
        wait_ready(victim, killed["pid"])
        for e in editors:
            if e.client.url == victim.url:
                e.client.reconnect()  # as a browser would: the sync resends the unacknowledged
        for e in editors:
            if e.client.url == survivor.url:  # the victim's editors lost the acks in flight with it
                assert e.wait_acked(30) and not e.refused
        text = wait_converged([e.client for e in editors], 60)
        stored = db_text(room)
    finally:
        for e in editors:
            threading.Thread(target=e.client.close).start()
    assert stored == text  # the documents converge, on every client and in the database
    counts = markers(text)
    assert all(n == 1 for n in counts.values())  # none doubled
    acknowledged = set().union(*(e.acked for e in editors))
    assert acknowledged <= set(counts)  # every acknowledged edit is there
    assert len(acknowledged) >= KILL_AFTER_EDITS


def test_kill_9_during_a_voting_burst_loses_and_doubles_no_vote(two, make_member, token_for):
    victim, survivor = two
    officer = make_member(admin=True)
    ballot_id, voters = open_yes_no_ballot(officer, VOTERS)
    officer_auth = {"Authorization": f"Bearer {token_for(officer)}"}
    db.session.remove()
    killed: dict[str, int] = {}
    lock = threading.Lock()

    def burst(route) -> dict[int, tuple[int | None, str | None]]:
        todo: queue.Queue = queue.Queue()
        for n, voter in enumerate(voters):
            todo.put((route(n), voter))
        outcome: dict[int, tuple[int | None, str | None]] = {}

        def client() -> None:
            with requests.Session() as http:
                while True:
                    try:
                        server, (member_id, token) = todo.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        reply = http.post(f"{server.url}/api/v1/ballots/{ballot_id}/votes",
                                          json={"answers": ["yes"]},
                                          headers={"Authorization": f"Bearer {token}"}, timeout=30)
                        result = (reply.status_code, reply.json().get("tracker"))
                    except (requests.RequestException, ValueError):
                        result = (None, None)  # its server died: this vote may or may not be stored
                    with lock:
                        outcome[member_id] = result
                        ok = sum(1 for status, _ in outcome.values() if status == 201)
                        if ok >= KILL_AFTER_VOTES and "pid" not in killed:
                            killed["pid"] = kill_worker(victim)

        threads = [threading.Thread(target=client) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(240)
        return outcome

    first = burst(lambda n: two[n % 2])
    assert "pid" in killed
    wait_ready(victim, killed["pid"])
    killed["pid"] = -1  # no second kill
    second = burst(lambda n: two[(n + 1) % 2])  # everyone again, through the other process
    closed = requests.post(f"{survivor.url}/api/v1/ballots/{ballot_id}/close", headers=officer_auth,
                           timeout=60)
    assert closed.status_code == 200, closed.text
    board = requests.get(f"{victim.url}/api/v1/ballots/{ballot_id}/trackers", headers=officer_auth,
                         timeout=60).json()
    trackers = set(board["trackers"])
    acknowledged = [t for status, t in first.values() if status == 201] + [
        t for status, t in second.values() if status == 201]
    assert set(acknowledged) <= trackers  # every 201 is counted
    assert len(acknowledged) == len(set(acknowledged))
    assert len(trackers) == VOTERS  # everyone voted exactly once in the end
    for member_id, _token in voters:
        if first[member_id][0] == 201:
            assert second[member_id][0] == 409  # counted once, never twice
    assert board["checks"] == {"trackers": VOTERS, "participation": VOTERS, "ballots": VOTERS,
                               "consistent": True}
