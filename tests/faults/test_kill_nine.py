"""kill -9 of one of two production processes (a gunicorn worker; its master starts another, as
in production) in the middle of a 50-editor live session and of a voting burst: after the
restart every acknowledged edit and vote is there, none twice, and the documents converge."""
import os
import queue
import random
import signal
import threading
import time
from collections import Counter

import pytest
import requests
from ballot_server import open_yes_no_ballot
from live_servers import db_text, live_world, wait_converged
from several import gunicorn, shared_services, worker_of

from deliberation.live import protocol
from deliberation.live.client import NAMESPACE, LiveClient, _byte_offset
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


def kill_worker(server) -> int:
    pid = worker_of(server)
    os.kill(pid, signal.SIGKILL)
    return pid


def wait_ready(server, replaced: int, seconds: float = 60) -> None:
    """Until gunicorn has started a new worker and it reaches the database and Redis."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if worker_of(server) != replaced and requests.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                return
        except (LookupError, requests.RequestException):
            pass
        time.sleep(0.1)
    raise TimeoutError("the killed worker was not replaced")


class Editor:
    """A live peer that types unique markers (‹c3.7›) at marker boundaries only, so no marker is
    ever split, and remembers which of them the server acknowledged."""

    def __init__(self, client: LiveClient, n: int) -> None:
        self.client, self.n, self.rng = client, n, random.Random(n)
        self.acked: set[str] = set()
        self.lock = threading.Lock()

    def type_marker(self, k: int) -> None:
        marker, c = f"‹c{self.n}.{k}›", self.client
        with c.lock:
            text = str(c.ytext)
            bounds = [0] + [i + 1 for i, ch in enumerate(text) if ch == "›"]
            before = c.doc.get_state()
            c.ytext.insert(_byte_offset(text, self.rng.choice(bounds)), marker)
            update = c.doc.get_update(before)

        def on_ack(ack=None) -> None:
            if isinstance(ack, dict) and ack.get("ok"):
                with self.lock:
                    self.acked.add(marker)
        c.sio.emit("yjs", {"room": c.room, "data": protocol.update_message(update)}, namespace=NAMESPACE,
                   callback=on_ack)

    def type_all(self, on_acked) -> None:
        for k in range(OPS):
            if not self.client.sio.connected:
                return  # its server died: it reconnects later and sends what is unacknowledged
            try:
                self.type_marker(k)
            except Exception:  # noqa: BLE001 -- the connection dropped mid-send
                return
            on_acked()
            time.sleep(self.rng.random() * 0.05)


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

    threads = [threading.Thread(target=e.type_all, args=(maybe_kill,)) for e in editors]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
        print("killed mid-session:", "pid" in killed)
        if "pid" not in killed:
            killed["pid"] = kill_worker(victim)  # a fast machine acknowledged too few mid-session: kill now
        wait_ready(victim, killed["pid"])
        for e in editors:
            if e.client.url == victim.url:
                e.client.reconnect()  # as a browser would: the sync resends the unacknowledged
        for e in editors:
            assert e.client.wait_acked(30)
        text = wait_converged([e.client for e in editors], 60)
        stored = db_text(room)
    finally:
        for e in editors:
            threading.Thread(target=e.client.close).start()
    assert stored == text  # the documents converge, on every client and in the database
    counts = Counter(m for m in text.replace("›", "›\n").split("\n") if m)
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
                        reply = http.post(f"{server.url}/api/v1/ballots/{ballot_id}/votes", json={"answers": ["yes"]},
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
    closed = requests.post(f"{survivor.url}/api/v1/ballots/{ballot_id}/close", headers=officer_auth, timeout=60)
    assert closed.status_code == 200, closed.text
    board = requests.get(f"{victim.url}/api/v1/ballots/{ballot_id}/trackers", headers=officer_auth, timeout=60).json()
    trackers = set(board["trackers"])
    acknowledged = [t for status, t in first.values() if status == 201] + [
        t for status, t in second.values() if status == 201]
    assert set(acknowledged) <= trackers  # every 201 is counted
    assert len(acknowledged) == len(set(acknowledged))
    assert len(trackers) == VOTERS  # everyone voted exactly once in the end
    for member_id, _token in voters:
        if first[member_id][0] == 201:
            assert second[member_id][0] == 409  # counted once, never twice
    assert board["checks"] == {"trackers": VOTERS, "participation": VOTERS, "ballots": VOTERS, "consistent": True}
