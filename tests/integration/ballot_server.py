"""Helpers for ballot tests that talk to a real HTTP server on 127.0.0.1."""
from deliberation.ballot.services import create_ballot, open_ballot
from deliberation.demo.bulk import seed_voters
from deliberation.unit_of_work import UnitOfWork
from tests.support.servers import free_port, wait_until_up  # noqa: F401  (the ballot tests import them from here)


def open_yes_no_ballot(officer, voters: int) -> tuple[int, list[tuple[int, str]]]:
    """A one-question open ballot with `voters` fresh electors: (ballot id, [(member id, token)])."""
    ballot = create_ballot(officer, None, "Concurrency", [{"text": "Adopt?", "kind": "yes_no_abstain"}])
    seeded = seed_voters(voters)
    with UnitOfWork():  # the server's threads read it from sessions of their own
        open_ballot(officer, ballot)
    return ballot.id, seeded
