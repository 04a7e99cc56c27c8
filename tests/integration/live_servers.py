"""Real `python app.py` processes and a group of Python peers, for the live tests."""
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from tests.support.servers import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
#: Mixed scripts, combining marks and astral emoji: byte offsets differ from characters.
ALPHABET = "abcdefgh ĳŵŷ Größe ש ع 日本 👩‍👩‍👧🎉 e\u0301\n"


class Server:
    """One app process on 127.0.0.1 (`python app.py`, or ``command``: gunicorn, as in production);
    logs go to a file beside its instance."""

    def __init__(self, instance: Path, port: int | None = None, redis_url: str | None = None,
                 command: list[str] | None = None, extra_env: dict[str, str] | None = None) -> None:
        self.instance, self.port = instance, port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env.update(PORT=str(self.port), REFOUND_INSTANCE=str(instance),
                   SECRET_KEY="test-secret-not-for-production", PYTHONUNBUFFERED="1")
        if os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["DATABASE_URL"]
        if redis_url:
            env["REDIS_URL"] = redis_url
        env.update(extra_env or {})
        self.log = open(instance / f"server-{self.port}.log", "ab")
        self.proc = subprocess.Popen(command or [sys.executable, "app.py"], cwd=ROOT, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_up()

    def wait_up(self, seconds: float = 30.0) -> None:
        try:
            wait_until_up(self.url, seconds, self.proc)
        except RuntimeError:
            raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log.name}") from None

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.log.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()


def live_world(make_member, make_group, make_assembly, token_for, writers: int, text: str):
    """A group of `writers` members with tokens and a proposal seeded with `text`."""
    from deliberation.proposals.services import create_proposal
    members = [make_member(name=f"Writer {i} Siân") for i in range(writers)]
    group = make_group(organisers=members[:1], members=members[1:])
    proposal = create_proposal(members[0], make_assembly(), group.id, "Live proposal", text)
    return proposal.id, proposal.room, [token_for(m) for m in members]


def random_edits(client, ops: int, seed: int, pause: float = 0.01) -> None:
    """Concurrent-looking typing: inserts and deletes at random places, with small pauses."""
    rng = random.Random(seed)
    for _ in range(ops):
        text = client.text
        if text and rng.random() < 0.3:
            at = rng.randrange(len(text))
            client.delete(at, rng.randint(1, min(4, len(text) - at)))
        else:
            chunk = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 3)))
            client.insert(rng.randint(0, len(text)), chunk)
        time.sleep(rng.random() * pause)


def edit_together(clients, ops: int, pause: float = 0.01) -> None:
    threads = [threading.Thread(target=random_edits, args=(c, ops, i, pause)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for c in clients:
        assert c.wait_acked(30), f"unacknowledged updates: {c.sent - c.acked}"
        assert not c.errors, c.errors


def wait_converged(clients, seconds: float = 20.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        texts = {c.text for c in clients}
        if len(texts) == 1:
            return texts.pop()
        time.sleep(0.1)
    raise AssertionError(f"clients did not converge: {len({c.text for c in clients})} distinct texts")


def api_text(server_url: str, token: str, proposal_id: int) -> str:
    response = requests.get(f"{server_url}/api/v1/proposals/{proposal_id}",
                            headers={"Authorization": f"Bearer {token}"}, timeout=10)
    response.raise_for_status()
    return response.json()["text"]


def db_text(room: str) -> str:
    from deliberation.live import store
    from extensions import db
    db.session.remove()  # a fresh transaction sees the server's commits
    return store.live_text(room)
