"""kill -9 the server in the middle of a burst of votes: every vote that got a 201 is counted, none twice.

SQLite runs in WAL mode with synchronous=NORMAL: a committed transaction is in the WAL
file (the operating system's page cache) before the 201 goes out, so it survives the
process being killed; only a power cut or kernel crash can lose the last commits.
"""
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
from ballot_server import free_port, open_yes_no_ballot, wait_until_up

from deliberation.ballot.models import CastBallot, Participation
from extensions import db

ROOT = Path(__file__).resolve().parents[2]
VOTERS, CLIENTS, KILL_AFTER = 400, 16, 120


def start_server(tmp_path: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "REFOUND_INSTANCE": str(tmp_path),
           "SECRET_KEY": "crash-test-secret-not-for-production"}
    with open(tmp_path / "server.log", "ab") as log:
        return subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)


def burst(base: str, ballot_id: int, voters, kill=None) -> dict[int, tuple[int | None, str | None]]:
    """Vote for every member from CLIENTS threads; kill(n_ok) is called after each 201. Member ->
    (status, tracker)."""
    todo: queue.Queue = queue.Queue()
    for voter in voters:
        todo.put(voter)
    outcome: dict[int, tuple[int | None, str | None]] = {}
    lock = threading.Lock()

    def client() -> None:
        with requests.Session() as http:
            while True:
                try:
                    member_id, token = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    reply = http.post(f"{base}/api/v1/ballots/{ballot_id}/votes", json={"answers": ["yes"]},
                                      headers={"Authorization": f"Bearer {token}"}, timeout=20)
                    result = (reply.status_code, reply.json().get("tracker"))
                except (requests.RequestException, ValueError):
                    result = (None, None)  # the server died: this vote may or may not have been written
                with lock:
                    outcome[member_id] = result
                    ok = sum(1 for status, _ in outcome.values() if status == 201)
                if kill and result[0] == 201:
                    kill(ok)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcome


@pytest.mark.timeout(240)
def test_votes_that_got_201_survive_kill_9(app, make_member, token_for, tmp_path):
    officer = make_member(admin=True)
    ballot_id, voters = open_yes_no_ballot(officer, VOTERS)
    officer_token = token_for(officer)
    db.session.remove()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(tmp_path, port)
    killed = threading.Event()

    def kill(ok: int) -> None:
        if ok >= KILL_AFTER and not killed.is_set():
            killed.set()
            server.send_signal(signal.SIGKILL)

    try:
        wait_until_up(base)
        first = burst(base, ballot_id, voters, kill)
        server.wait(timeout=30)
        assert killed.is_set() and server.returncode == -signal.SIGKILL
        lost = [m for m, (status, _) in first.items() if status is None]
        assert lost, "the kill should have cut some votes off"
        server = start_server(tmp_path, port)
        wait_until_up(base)
        second = burst(base, ballot_id, voters)  # everyone again: those already counted get 409
        auth = {"Authorization": f"Bearer {officer_token}"}
        assert requests.post(f"{base}/api/v1/ballots/{ballot_id}/close", headers=auth,
                             timeout=60).status_code == 200
        board = requests.get(f"{base}/api/v1/ballots/{ballot_id}/trackers", headers=auth, timeout=60).json()
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=30)

    trackers = set(board["trackers"])
    acknowledged = [t for status, t in first.values() if status == 201] + [
        t for status, t in second.values() if status == 201]
    assert set(acknowledged) <= trackers  # every 201 is counted
    for member_id, _token in voters:
        before, after = first.get(member_id, (None, None))[0], second[member_id][0]
        assert after in (201, 409)
        if before == 201:
            assert after == 409  # counted once, never twice
    assert len(trackers) == len(board["trackers"]) == VOTERS  # everyone voted exactly once in the end
    assert board["checks"] == {"trackers": VOTERS, "participation": VOTERS, "ballots": VOTERS,
                               "consistent": True}
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Participation)) == VOTERS
    assert db.session.scalar(db.select(db.func.count()).select_from(CastBallot)) == VOTERS
