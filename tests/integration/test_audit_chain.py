"""The commit hook that chains audit entries: positions in commit order with no gaps, nothing
from a rollback or a rolled-back savepoint, a head seeded when missing, no fork under concurrent
writers (threads with their own connections, on SQLite and on PostgreSQL), and nothing at all
from the ballot box."""
import threading

import pytest
from sqlalchemy import delete, func, select, text

from deliberation.audit.verify import verify
from deliberation.hash_chain import GENESIS, entry_hash
from deliberation.models import AuditEvent
from deliberation.models.audit import AuditHead, current_head, record
from deliberation.unit_of_work import UnitOfWork
from extensions import db


def chain() -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def assert_intact(expected: int) -> list[AuditEvent]:
    rows = chain()
    assert [r.id for r in rows] == list(range(1, expected + 1))
    for before, row in zip([None, *rows], rows, strict=False):
        assert row.prev_hash == (before.hash if before else GENESIS)
        assert row.hash == entry_hash(row.at, row.actor_id, row.action, row.subject, row.detail,
                                      row.prev_hash)
    assert current_head().position == expected
    report = verify()
    assert report.clean, report.findings
    return rows


def test_entries_are_chained_in_the_order_recorded_when_their_transaction_commits(app, make_member):
    actor = make_member()
    with UnitOfWork() as uow:
        record("test.one", "thing:1", actor.id, n=1)
        uow.record_many([("test.many", f"thing:{i}", None, {"n": i, "tuple": (1, 2)}) for i in range(2, 6)])
        uow.record("test.last", "thing:6", actor.id, n=6)
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0  # waiting for the commit
    rows = assert_intact(6)
    assert [r.detail["n"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[1].detail["tuple"] == [1, 2]  # hashed as JSON gives it back
    assert db.session.get(AuditHead, 1).hash == rows[-1].hash


def test_a_rollback_leaves_no_entry_and_no_gap(app):
    with UnitOfWork():
        record("test.kept", "thing:1")
    with pytest.raises(RuntimeError):
        with UnitOfWork():
            record("test.lost", "thing:2")
            raise RuntimeError("refused")
    record("test.lost_too", "thing:3")
    db.session.rollback()
    record("test.kept", "thing:4")
    db.session.close()  # a session closed without committing drops its entries as well
    with UnitOfWork():
        record("test.kept", "thing:5")
    rows = assert_intact(2)
    assert [r.subject for r in rows] == ["thing:1", "thing:5"]


def test_a_rolled_back_savepoint_takes_only_its_own_entries(app):
    with UnitOfWork():
        record("test.outer", "thing:1")
        with pytest.raises(RuntimeError):
            with db.session.begin_nested():
                record("test.inner", "thing:2")
                with db.session.begin_nested():
                    record("test.innermost", "thing:3")
                raise RuntimeError("undo the savepoint")
        with db.session.begin_nested():
            record("test.inner_kept", "thing:4")
        record("test.outer", "thing:5")
    assert [r.subject for r in assert_intact(3)] == ["thing:1", "thing:4", "thing:5"]


def test_a_missing_head_row_is_seeded_from_the_last_entry(app):
    with UnitOfWork():
        record("test.a", "thing:1")
        record("test.b", "thing:2")
    db.session.execute(delete(AuditHead))
    db.session.commit()
    assert current_head().position == 2  # read from the last entry meanwhile
    with UnitOfWork():
        record("test.c", "thing:3")
    assert_intact(3)


def test_requests_chain_their_entries_and_refused_ones_chain_none(api, make_member):
    admin = make_member(admin=True)
    as_admin = api(admin)
    assembly = as_admin.post("/assemblies", {"title": "A", "base_text": "Text.\n"}).json["id"]
    assert as_admin.post(f"/assemblies/{assembly}/phase", {"phase": "amendments"}).status_code == 200
    assert as_admin.post(f"/assemblies/{assembly}/phase", {"phase": "nonsense"}).status_code == 400
    assert as_admin.post("/groups", {"name": "Leeds", "region": "North"}).status_code == 201
    assert as_admin.post("/groups", {"name": "Leeds", "region": "North"}).status_code == 409
    rows = assert_intact(3)
    assert [r.action for r in rows] == ["assembly.create", "assembly.phase", "group.create"]
    assert rows[0].detail["version_sha256"] and rows[1].detail == {"before": "proposals",
                                                                   "after": "amendments"}


def _writer(app, errors: list, barrier: threading.Barrier, thread: int, rounds: int) -> None:
    try:
        with app.app_context():
            for n in range(rounds):
                with UnitOfWork() as uow:
                    size = 1 if (thread + n) % 3 else 40  # now and then a bulk insert, as a merge makes
                    uow.record_many([("test.concurrent", f"thread:{thread}", None,
                                      {"round": n, "i": i, "of": size})
                                     for i in range(size)])
                    barrier.wait(timeout=60)  # every writer commits at the same moment
            db.session.remove()
    except Exception as err:  # reported by the test, not lost in the thread
        errors.append(err)
        barrier.abort()


def test_concurrent_writers_never_fork_the_chain(app):
    """Writers in several threads, each with its own connection, commit at once round after round:
    every entry gets a position, a transaction's entries stay together, and the chain verifies."""
    threads, rounds = 6, 8
    barrier, errors = threading.Barrier(threads), []
    workers = [threading.Thread(target=_writer, args=(app, errors, barrier, t, rounds))
               for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert not errors, errors
    expected = sum(1 if (t + n) % 3 else 40 for t in range(threads) for n in range(rounds))
    rows = assert_intact(expected)
    by_commit: dict[tuple, list[int]] = {}
    for row in rows:
        by_commit.setdefault((row.subject, row.detail["round"]), []).append(row.id)
    assert len(by_commit) == threads * rounds
    for (_subject, _round), positions in by_commit.items():
        assert positions == list(range(positions[0], positions[0] + len(positions)))  # never interleaved


def test_the_ballot_box_writes_nothing_to_the_audit_log(api, make_member):
    """Ballot secrecy: a vote adds no entry, and so does not even move the head (whose position and
    time would otherwise say when someone voted)."""
    officer = make_member(returning_officer=True)
    admin = make_member(admin=True)
    voters = [make_member() for _ in range(5)]
    assembly = api(admin).post("/assemblies", {"title": "A", "base_text": "Text.\n"}).json["id"]
    as_officer = api(officer)
    ballot = as_officer.post(f"/assemblies/{assembly}/ballots", {
        "title": "B", "questions": [{"text": "Q?", "kind": "yes_no_abstain"}]}).json["id"]
    assert as_officer.post(f"/ballots/{ballot}/open").status_code == 200
    before = current_head()
    trackers = [api(v).post(f"/ballots/{ballot}/votes", {"answers": [answer]}).json["tracker"]
                for v, answer in zip(voters, ["yes", "no", "yes", "abstain", "yes"], strict=True)]
    assert current_head() == before
    assert as_officer.post(f"/ballots/{ballot}/close").status_code == 200
    rows = assert_intact(before.position + 1)
    logged = db.session.execute(text("SELECT detail FROM audit_events")).scalars().all()
    assert not any(t in str(detail) for t in trackers for detail in logged)
    assert rows[-1].action == "ballot.close" and set(rows[-1].detail) == {"turnout", "results_sha256"}
