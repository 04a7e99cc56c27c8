"""Many clients at once over real HTTP: the (ballot, member) key lets exactly one vote per member in."""
import threading
from collections import defaultdict

import pytest
import requests
from ballot_server import open_yes_no_ballot
from werkzeug.serving import make_server

from deliberation.ballot.models import CastBallot, Participation
from extensions import db

THREADS, MEMBERS, ATTEMPTS = 200, 100, 2


@pytest.mark.timeout(180)
def test_200_threads_voting_twice_for_100_members_make_exactly_100_ballots(app, make_member):
    ballot_id, voters = open_yes_no_ballot(make_member(admin=True), MEMBERS)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    url = f"http://127.0.0.1:{server.server_port}/api/v1/ballots/{ballot_id}/votes"
    statuses: dict[int, list[int]] = defaultdict(list)
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def vote(k: int) -> None:
        member_id, token = voters[k % MEMBERS]
        with requests.Session() as http:
            start.wait(timeout=60)
            for attempt in range(ATTEMPTS):
                reply = http.post(url, json={"answers": [("yes", "no")[attempt]]},
                                  headers={"Authorization": f"Bearer {token}"}, timeout=60)
                with lock:
                    statuses[member_id].append(reply.status_code)

    threads = [threading.Thread(target=vote, args=(k,)) for k in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=150)
    finally:
        server.shutdown()
        serving.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)
    tries = THREADS // MEMBERS * ATTEMPTS
    assert len(statuses) == MEMBERS
    for member_id, got in statuses.items():
        assert sorted(got) == [201] + [409] * (tries - 1), (member_id, got)
    db.session.expire_all()
    cast = db.session.scalar(db.select(db.func.count()).select_from(CastBallot)
                             .where(CastBallot.ballot_id == ballot_id))
    voted = db.session.scalar(db.select(db.func.count()).select_from(Participation).where(
        Participation.ballot_id == ballot_id))
    assert cast == voted == MEMBERS
