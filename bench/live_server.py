"""Servers and data for bench/live.py: Refound as `python app.py` on a fresh
SQLite instance, the reference Node server, and /proc readings of a process."""
from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_world(instance: Path, editors: int, viewers: int) -> tuple[str, list[str], int]:
    """E group members and V other members with API tokens, and one proposal."""
    [(room, proposal_id)], tokens = make_rooms(instance, editors, viewers, 1)
    return room, tokens, proposal_id


def make_rooms(instance: Path, editors: int, viewers: int,
               rooms: int) -> tuple[list[tuple[str, int]], list[str]]:
    """E group members and V other members with API tokens, and ``rooms`` proposals of the
    group: ([(room, proposal id)], tokens). The database is DATABASE_URL's, else SQLite."""
    os.environ.setdefault("SECRET_KEY", "bench-secret-not-for-production")
    from app import create_app
    from config import Config
    from extensions import db
    app = create_app(Config(instance))
    with app.app_context():
        db.create_all()
        from deliberation.assemblies.services import create_assembly
        from deliberation.models import ApiToken, Group, Member, Membership
        from deliberation.proposals.services import create_proposal
        people = [Member(name=f"Bench {i}", email=f"bench{i}@example.org", password_hash="!", is_admin=i == 0)
                  for i in range(editors + viewers)]
        db.session.add_all(people)
        db.session.flush()
        group = Group(name="Bench group", region="North")
        db.session.add(group)
        db.session.flush()
        db.session.add_all(Membership(group_id=group.id, member_id=m.id,
                                      role="organiser" if i == 0 else "member")
                           for i, m in enumerate(people[:editors]))
        db.session.commit()
        assembly = create_assembly(people[0], "Bench", "# Constitution\n\nThe text.\n")
        made = [create_proposal(people[0], assembly, group.id,
                                "Bench proposal" if rooms == 1 else f"Bench proposal {r}", "Start.\n")
                for r in range(rooms)]
        tokens = [ApiToken.issue(m, "bench")[1] for m in people]
        db.session.commit()
        out = [(p.room, p.id) for p in made]
        db.session.remove()
        db.engine.dispose()
    return out, tokens


def proc_stats(pid: int) -> dict:
    """CPU seconds (user + system, all threads), resident MB and thread count of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return {"at": time.monotonic(), "cpu": (int(fields[11]) + int(fields[12])) / TICKS,
            "rss_mb": round(int(status["VmRSS"].split()[0]) / 1024), "threads": int(status["Threads"])}


class RefoundServer:
    def __init__(self, instance: Path) -> None:
        from live_servers import Server
        self._server = Server(instance)
        self.url, self.pid = self._server.url, self._server.proc.pid

    def text(self, room: str, token: str, proposal_id: int) -> str:
        response = requests.get(f"{self.url}/api/v1/proposals/{proposal_id}",
                                headers={"Authorization": f"Bearer {token}"}, timeout=30)
        return response.json()["text"]

    def stop(self) -> None:
        self._server.stop()


class NodeServer:
    def __init__(self, instance: Path) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(instance / "yws.log", "ab")
        self.proc = subprocess.Popen(["node", str(ROOT / "bench" / "yws_server.mjs")], cwd=ROOT,
                                     env={**os.environ, "PORT": str(port), "HOST": "127.0.0.1"},
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.proc.pid
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                requests.get(self.url, timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.05)
        raise TimeoutError("the Node Yjs server did not start")

    def text(self, room: str, token: str, proposal_id: int) -> str:
        """No API and no database there: ask a freshly synced peer."""
        from bench.live_loadgen import synced_text
        return synced_text("yjs-node", self.url, room, token)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.log.close()
