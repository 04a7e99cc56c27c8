"""Helpers for ballot tests that talk to a real HTTP server on 127.0.0.1."""
import socket
import time

import requests

from deliberation.ballot.services import create_ballot, open_ballot
from deliberation.demo.bulk import seed_voters


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/api/v1/openapi.json", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"no server at {base} after {seconds} s")


def open_yes_no_ballot(officer, voters: int) -> tuple[int, list[tuple[int, str]]]:
    """A one-question open ballot with `voters` fresh electors: (ballot id, [(member id, token)])."""
    ballot = create_ballot(officer, None, "Concurrency", [{"text": "Adopt?", "kind": "yes_no_abstain"}])
    seeded = seed_voters(voters)
    open_ballot(officer, ballot)
    return ballot.id, seeded
