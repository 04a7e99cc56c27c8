"""`flask audit verify` and `flask audit head` on a real database: clean after a whole assembly
and ballot, and each kind of tampering named at the right entry, with a non-zero exit."""
import re

import pytest
from sqlalchemy import select, text

from amendments.engine import text_sha256
from amendments.models import Version
from deliberation.ballot.models import Ballot, Elector
from deliberation.hash_chain import EMPTY, seal
from deliberation.models import AuditEvent, Member
from deliberation.models.audit import AuditHead
from extensions import db


@pytest.fixture
def world(api, make_member, make_group):
    """An assembly with a merged amendment and an undo, a group role, and a certified ballot."""
    admin, chair, voter = make_member(admin=True), make_member(), make_member()
    make_group("Leeds", organisers=[voter])
    as_admin = api(admin)
    assembly = as_admin.post("/assemblies", {"title": "A", "base_text": "One two three.\n",
                                             "chairs": [chair.email]}).json
    as_admin.post(f"/assemblies/{assembly['id']}/phase", {"phase": "amendments"})
    amendment = api(voter).post(f"/assemblies/{assembly['id']}/amendments", {
        "base_version_id": assembly["current_version_id"], "text": "One two four.\n", "title": "Four"}).json
    as_chair = api(chair)
    as_chair.post(f"/amendments/{amendment['id']}/status", {"status": "admitted", "reason": "Fine."})
    merged = as_chair.post(f"/assemblies/{assembly['id']}/merge", {"amendment_ids": [amendment["id"]]}).json
    as_chair.post(f"/assemblies/{assembly['id']}/merge/undo", {})
    ballot = as_admin.post(f"/assemblies/{assembly['id']}/ballots", {
        "title": "B", "questions": [{"text": "Adopt?", "kind": "yes_no_abstain"}]}).json["id"]
    as_admin.post(f"/ballots/{ballot}/open")
    assert api(voter).post(f"/ballots/{ballot}/votes", {"answers": ["yes"]}).status_code == 201
    as_admin.post(f"/ballots/{ballot}/close")
    assert as_admin.post(f"/ballots/{ballot}/certify").status_code == 200
    return {"assembly": assembly["id"], "base": assembly["current_version_id"],
            "merge_version": merged["version_id"], "ballot": ballot, "voter": voter}


def run_verify(runner, *args):
    return runner.invoke(args=["audit", "verify", *args])


def position_of(action: str, subject: str | None = None) -> int:
    query = select(AuditEvent.id).where(AuditEvent.action == action)
    if subject:
        query = query.where(AuditEvent.subject == subject)
    return db.session.scalar(query.order_by(AuditEvent.id))


def test_a_clean_log_verifies_and_prints_the_head_the_api_publishes(world, runner, api):
    result = run_verify(runner)
    assert result.exit_code == 0, result.output
    head = runner.invoke(args=["audit", "head"]).output.split()
    published = api(world["voter"]).get("/audit/head").json
    assert [int(head[0]), head[1]] == [published["position"], published["hash"]]
    assert f"Head: {published['position']} {published['hash']}" in result.output
    assert re.search(r"intact: \d+ entries, 3 versions and 1 ballots checked", result.output)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    for expected in ("assembly.create", "assembly.phase", "amendment.file", "amendment.admitted",
                     "amendment.merged", "assembly.merge", "assembly.merge_undo", "ballot.open",
                     "ballot.close", "ballot.certify", "group.add_member"):
        assert expected in actions


def test_an_edited_entry_is_named(world, runner):
    target = position_of("assembly.phase")
    db.session.execute(text("UPDATE audit_events SET detail = :d WHERE id = :id"),
                       {"d": '{"before": "proposals", "after": "ballot"}', "id": target})
    db.session.commit()
    result = run_verify(runner)
    assert result.exit_code == 1
    assert f"edited at entry {target}: entry {target} was edited" in result.output


def test_a_deleted_entry_is_named(world, runner):
    target = position_of("amendment.admitted")
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": target})
    db.session.commit()
    result = run_verify(runner)
    assert result.exit_code == 1 and f"deleted at entry {target}: entry {target} is missing" in result.output


def test_deleting_the_last_entries_is_caught_by_the_head(world, runner):
    last = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()))
    db.session.execute(text("DELETE FROM audit_events WHERE id >= :id"), {"id": last - 1})
    db.session.commit()
    result = run_verify(runner)
    assert result.exit_code == 1 and f"deleted at entry {last - 1}" in result.output


def test_swapped_entries_are_named_as_reordered(world, runner):
    a, b = position_of("ballot.open"), position_of("ballot.close")
    for old, new in ((a, -1), (b, a), (-1, b)):
        db.session.execute(text("UPDATE audit_events SET id = :new WHERE id = :old"),
                           {"old": old, "new": new})
    db.session.commit()
    result = run_verify(runner)
    after = b if b - 1 == a else b - 1  # where the entry the close was chained to sits now
    assert result.exit_code == 1 \
        and f"reordered at entry {a}: entry {a} was chained after entry {after}" in result.output


def test_an_entry_added_outside_the_app_is_named(world, runner):
    last = db.session.get(AuditHead, 1)
    db.session.execute(text("INSERT INTO audit_events (id, at, action, subject, detail, prev_hash, hash) "
                            "VALUES (:id, '2026-01-01 00:00:00', 'member.role', 'member:1', '{}', "
                            ":prev, :prev)"),
                       {"id": last.position + 1, "prev": last.hash})
    db.session.commit()
    result = run_verify(runner)
    assert result.exit_code == 1 and f"added at entry {last.position + 1}" in result.output


def test_a_version_replaced_with_a_matching_sha256_is_caught_by_its_entry(world, runner):
    version = db.session.get(Version, world["merge_version"])
    version.text, version.sha256 = "Forged.\n", text_sha256("Forged.\n")  # consistent in itself
    db.session.commit()
    result = run_verify(runner)
    entry = position_of("assembly.merge")
    assert result.exit_code == 1
    assert (f"version at entry {entry}: version {world['merge_version']} is not the version entry {entry} "
            f"recorded") in result.output


def test_a_version_whose_text_no_longer_matches_its_sha256_is_named(world, runner):
    db.session.get(Version, world["base"]).text = "Edited.\n"
    db.session.commit()
    result = run_verify(runner)
    assert result.exit_code == 1 \
        and f"version {world['base']}'s text no longer matches its SHA-256" in result.output


def test_changed_results_and_a_changed_electorate_are_named(world, runner, make_member):
    ballot = db.session.get(Ballot, world["ballot"])
    ballot.results = {**ballot.results, "turnout": ballot.results["turnout"] + 1}
    db.session.add(Elector(ballot_id=ballot.id, member_id=make_member().id))
    db.session.commit()
    result = run_verify(runner)
    subject = f"ballot:{world['ballot']}"
    assert result.exit_code == 1
    assert f"results at entry {position_of('ballot.close', subject)}" in result.output
    assert f"results at entry {position_of('ballot.certify', subject)}" in result.output
    assert f"electorate at entry {position_of('ballot.open', subject)}" in result.output


def rewrite_from(position: int) -> None:
    """What someone who can write the database and knows the encoding could do: edit an entry and
    re-hash it and everything after it, head included, so the chain checks out by itself."""
    rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    entries = [{"at": r.at, "actor_id": r.actor_id, "action": r.action, "subject": r.subject,
                "detail": {**r.detail, "forged": True} if r.id == position else r.detail} for r in rows]
    head = seal(EMPTY, entries)
    for row, entry in zip(rows, entries, strict=True):
        row.detail, row.prev_hash, row.hash = entry["detail"], entry["prev_hash"], entry["hash"]
    db.session.get(AuditHead, 1).hash = head.hash
    db.session.commit()


def test_a_held_head_catches_a_rewrite_the_chain_alone_cannot(world, runner):
    held = runner.invoke(args=["audit", "head"]).output.split()
    assert run_verify(runner, "--expect", f"{held[0]}:{held[1]}").exit_code == 0
    rewrite_from(position_of("ballot.close"))
    assert run_verify(runner).exit_code == 0  # a consistent rewrite, head and all
    result = run_verify(runner, "--expect", f"{held[0]}:{held[1]}")
    assert result.exit_code == 1 and f"rewritten at entry {held[0]}" in result.output


def test_a_held_head_beyond_the_end_and_a_malformed_one(world, runner):
    held = runner.invoke(args=["audit", "head"]).output.split()
    future = run_verify(runner, "--expect", f"{int(held[0]) + 5}:{held[1]}")
    assert future.exit_code == 1 and f"deleted at entry {int(held[0]) + 1}" in future.output
    bad = run_verify(runner, "--expect", "12:not-a-hash")
    assert bad.exit_code == 2 and "POSITION:HASH" in bad.output


def test_role_changes_are_recorded_with_what_they_were(runner, make_member):
    member = make_member()
    result = runner.invoke(args=["users", "role", member.email, "--returning-officer"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["users", "role", member.email, "--returning-officer"]) \
        .output.endswith("(unchanged).\n")
    runner.invoke(args=["users", "role", member.email, "--no-returning-officer", "--admin"])
    db.session.expire_all()
    assert db.session.get(Member, member.id).is_admin
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "member.role")
                              .order_by(AuditEvent.id)).all()
    assert [(r.detail["before"], r.detail["after"]) for r in rows] == [
        ({"admin": False, "returning_officer": False}, {"admin": False, "returning_officer": True}),
        ({"admin": False, "returning_officer": True}, {"admin": True, "returning_officer": False})]
    assert runner.invoke(args=["users", "role", member.email]).exit_code == 2
    assert run_verify(runner).exit_code == 0
