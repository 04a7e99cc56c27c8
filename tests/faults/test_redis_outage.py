"""Redis stopped in the middle of a live session (a throwaway redis-server of the test's own).

One process alone keeps working: its clients' edits are stored, acknowledged and delivered.
With two processes, each closes its live connections and refuses new ones with 503 until
Redis is back (the editor shows "Reconnecting…"); then clients reconnect, what they typed
meanwhile syncs, and no acknowledged update is lost."""
import threading

import pytest
import requests
from drills import Editor, ThrowawayRedis, markers, reconnect_until_open, wait_ready
from live_servers import Server, db_text, live_world, wait_converged
from several import gunicorn, shared_services

from deliberation.live.client import LiveClient
from extensions import db

pytestmark = pytest.mark.timeout(300)


def wait_for(predicate, seconds=30.0) -> bool:
    pause = threading.Event()
    for _ in range(int(seconds / 0.1)):
        if predicate():
            return True
        pause.wait(0.1)
    return predicate()


def readiness(server) -> dict:
    reply = requests.get(f"{server.url}/readyz", timeout=5)
    return {**reply.json(), "code": reply.status_code}


def close_all(editors) -> None:
    threads = [threading.Thread(target=e.client.close) for e in editors]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)


def test_a_process_alone_keeps_working_while_redis_is_down(app, make_member, make_group, make_assembly,
                                                          token_for, tmp_path):
    private = ThrowawayRedis(tmp_path)
    _proposal_id, room, tokens = live_world(make_member, make_group, make_assembly, token_for, 4, "")
    db.session.remove()
    server = Server(tmp_path, redis_url=private.url, extra_env={"LIVE_REDIS_CHECK_SECONDS": "0.2"})
    editors = [Editor(LiveClient(server.url, token, room).connect(), n) for n, token in enumerate(tokens)]
    try:
        for e in editors:
            e.type_all(3)
        private.stop()
        assert wait_for(lambda: readiness(server)["code"] == 503)
        assert readiness(server)["checks"]["redis"].startswith("failed")
        threads = [threading.Thread(target=e.type_all, args=(8,)) for e in editors]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert all(e.client.sio.connected for e in editors)  # nobody was sent away
        for e in editors:
            assert e.wait_acked(30) and not e.refused
        text = wait_converged([e.client for e in editors], 30)  # broadcasts still reach everyone
        assert db_text(room) == text
        acknowledged = set().union(*(e.acked for e in editors))
        assert len(acknowledged) == 4 * 11 and set(markers(text)) == acknowledged
    finally:
        close_all(editors)
        server.stop()
        private.stop()


def test_with_two_processes_clients_reconnect_after_redis_returns_and_lose_nothing(
        app, make_member, make_group, make_assembly, token_for, tmp_path):
    shared_services()  # PostgreSQL (the shared Redis is not used: the processes get a private one)
    private = ThrowawayRedis(tmp_path)
    _proposal_id, room, tokens = live_world(make_member, make_group, make_assembly, token_for, 8, "")
    db.session.remove()
    servers = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        servers.append(gunicorn(tmp_path / name, private.url, extra_env={"LIVE_REDIS_CHECK_SECONDS": "0.2"}))
    editors = [Editor(LiveClient(servers[n % 2].url, token, room).connect(), n)
               for n, token in enumerate(tokens)]
    try:
        threads = [threading.Thread(target=e.type_all, args=(10,)) for e in editors]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        for e in editors:
            assert e.wait_acked(30) and not e.refused
        private.stop()
        assert wait_for(lambda: not any(e.client.sio.connected for e in editors))  # sent to "reconnecting"
        for server in servers:
            handshake = requests.get(f"{server.url}/socket.io/", params={"EIO": "4", "transport": "polling"},
                                     timeout=5)
            assert handshake.status_code == 503 and int(handshake.headers["Retry-After"]) > 0
            assert readiness(server)["checks"]["redis"].startswith("failed")
        offline = {e.type_offline() for e in editors}  # typed while reconnecting: kept until it syncs
        private.start()
        for server in servers:
            wait_ready(server)
        for e in editors:
            reconnect_until_open(e.client)
        text = wait_converged([e.client for e in editors], 60)
        assert db_text(room) == text
        counts = markers(text)
        assert all(n == 1 for n in counts.values())
        acknowledged = set().union(*(e.acked for e in editors))
        assert len(acknowledged) == 8 * 10 and acknowledged <= set(counts)
        assert offline <= set(counts)
    finally:
        close_all(editors)
        for server in servers:
            server.stop()
        private.stop()
