"""What the fault drills share: killing and awaiting a gunicorn worker, a throwaway Redis, and
editors whose every edit is a unique marker, so that a lost or doubled edit can be counted."""
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter

import psycopg
import pytest
import redis
import requests
from several import IN_CI, worker_of

from deliberation.live import protocol
from deliberation.live.client import NAMESPACE, LiveClient, _byte_offset
from tests.support.servers import free_port


def kill_worker(server) -> int:
    pid = worker_of(server)
    os.kill(pid, signal.SIGKILL)
    return pid


def wait_ready(server, replaced: int | None = None, seconds: float = 60) -> None:
    """Until the server (with a worker other than ``replaced``) reaches the database and Redis."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ((replaced is None or worker_of(server) != replaced)
                    and requests.get(f"{server.url}/readyz", timeout=2).status_code == 200):
                return
        except (LookupError, requests.RequestException):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{server.url} is not ready")


class Editor:
    """A live peer that types unique markers (‹c3.7›) at marker boundaries only, so no marker is
    ever split, and remembers which of them the server acknowledged."""

    def __init__(self, client: LiveClient, n: int) -> None:
        self.client, self.n, self.rng = client, n, random.Random(n)
        self.acked: set[str] = set()
        self.refused: list = []
        self.sent = self.typed = 0
        self.lock = threading.Condition()

    def type_marker(self) -> None:
        self.typed += 1
        marker, c = f"‹c{self.n}.{self.typed}›", self.client
        with c.lock:
            text = str(c.ytext)
            bounds = [0] + [i + 1 for i, ch in enumerate(text) if ch == "›"]
            before = c.doc.get_state()
            c.ytext.insert(_byte_offset(text, self.rng.choice(bounds)), marker)
            update = c.doc.get_update(before)

        def on_ack(ack=None) -> None:
            with self.lock:
                if isinstance(ack, dict) and ack.get("ok"):
                    self.acked.add(marker)
                else:
                    self.refused.append(ack)
                self.lock.notify_all()
        with self.lock:
            self.sent += 1
        c.sio.emit("yjs", {"room": c.room, "data": protocol.update_message(update)}, namespace=NAMESPACE,
                   callback=on_ack)

    def type_all(self, ops: int, on_acked=lambda: None) -> None:
        for _ in range(ops):
            if not self.client.sio.connected:
                return  # its server died: it reconnects later and sends what is unacknowledged
            try:
                self.type_marker()
            except Exception:  # noqa: BLE001 -- the connection dropped mid-send
                return
            on_acked()
            time.sleep(self.rng.random() * 0.05)

    def wait_acked(self, seconds: float = 30) -> bool:
        """True once every marker sent was acknowledged or refused."""
        with self.lock:
            return self.lock.wait_for(lambda: len(self.acked) + len(self.refused) >= self.sent, seconds)

    def type_offline(self) -> str:
        """An edit made while disconnected: it stays in the client's document until it syncs."""
        self.typed += 1
        marker, c = f"‹c{self.n}.{self.typed}›", self.client
        with c.lock:
            text = str(c.ytext)
            bounds = [0] + [i + 1 for i, ch in enumerate(text) if ch == "›"]
            c.ytext.insert(_byte_offset(text, self.rng.choice(bounds)), marker)
        return marker


def markers(text: str) -> Counter:
    return Counter(m for m in text.replace("›", "›\n").split("\n") if m)


def reconnect_until_open(client: LiveClient, seconds: float = 60) -> None:
    """Reconnect as a browser's Socket.IO client does, trying again while the server refuses."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            client.reconnect()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class ThrowawayRedis:
    """A redis-server of the test's own on a free loopback port (never the shared one), to stop
    and start again."""

    def __init__(self, folder) -> None:
        if not shutil.which("redis-server"):
            if IN_CI:
                pytest.fail("redis-server is not installed in CI")
            pytest.skip("redis-server is not installed")
        self.port, self.folder = free_port(), folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
             "no", "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_connect_timeout=0.5).ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise TimeoutError("the throwaway redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)  # as a crash or a cut cable: no goodbye
            self.proc.wait(10)


class ThrowawayPostgres:
    """A PostgreSQL cluster of the test's own (initdb into a temporary folder, a free loopback
    port), never the shared server: to restart, stop and make read-only without disturbing
    anyone else's run. The server runs as the postgres user when the test runs as root."""

    def __init__(self) -> None:
        for tool in ("initdb", "pg_ctl"):
            if not shutil.which(tool):
                if IN_CI:
                    pytest.fail(f"{tool} is not installed in CI")
                pytest.skip(f"{tool} (PostgreSQL's server) is not installed")
        self.folder = tempfile.mkdtemp(prefix="refound-pg-")
        self.data, self.port = os.path.join(self.folder, "data"), free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/refound"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(["initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync"])
        self.start()
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres",
                             autocommit=True) as conn:
            conn.execute("CREATE DATABASE refound")

    def _run(self, args: list[str]) -> None:
        if os.geteuid() == 0:
            args = ["runuser", "-u", "postgres", "--", *args]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
                   f"-c fsync=off")
        self._run(["pg_ctl", "-D", self.data, "-o", options, "-l", os.path.join(self.folder, "log"), "-w",
                   "start"])

    def stop(self, mode: str = "fast") -> None:
        """fast: connections are cut (an operator's restart); immediate: as a crash."""
        self._run(["pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"])

    def sql(self, statement: str) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(statement)

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)
