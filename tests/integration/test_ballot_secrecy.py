"""Secrecy by schema, nothing logged, and every returning-officer step in the audit log."""
import logging

from sqlalchemy import inspect

from deliberation.models import AuditEvent
from extensions import db


def test_cast_ballots_cannot_be_joined_back_to_voters(app):
    columns = {c["name"]: c for c in inspect(db.engine).get_columns("cast_ballots")}
    assert set(columns) == {"id", "ballot_id", "tracker", "answers"}  # no member, no time, no sequence
    assert "CHAR" in str(columns["id"]["type"]).upper()  # a random key, not an autoincrementing integer
    assert not any(c.get("autoincrement") is True or c.get("identity") for c in columns.values())
    foreign = inspect(db.engine).get_foreign_keys("cast_ballots")
    assert [fk["referred_table"] for fk in foreign] == ["ballots"]
    participation = {c["name"] for c in inspect(db.engine).get_columns("ballot_participation")}
    assert participation == {"ballot_id", "member_id", "hour"}  # who voted, and only the hour
    assert set(columns) & participation == {"ballot_id"}
    if db.engine.dialect.name == "sqlite":
        sql = db.session.execute(db.text("SELECT sql FROM sqlite_master WHERE name = 'cast_ballots'")) \
            .scalar()
        assert "WITHOUT ROWID" in sql.upper()  # no hidden rowid giving away insertion order
    else:
        default = db.session.execute(db.text(
            "SELECT column_default FROM information_schema.columns "
            "WHERE table_name = 'cast_ballots' AND column_name = 'id'")).scalar()
        assert default is None


def test_voting_logs_no_choice_and_results_stay_hidden_until_close(api, make_member, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.WARNING, logger="sqlalchemy")  # SQL echo logs parameters: never on in production
    officer, voter = make_member(admin=True), make_member()
    as_officer = api(officer)
    assembly = as_officer.post("/assemblies", {"title": "A", "base_text": "Text.\n"}).json["id"]
    ballot = as_officer.post(f"/assemblies/{assembly}/ballots", {"title": "Secret", "questions": [
        {"text": "Adopt?", "kind": "yes_no_abstain"},
        {"text": "Which?", "kind": "ranked", "options": ["Zebracorn", "Quokkaplan"]}]}).json["id"]
    assert as_officer.post(f"/ballots/{ballot}/open").status_code == 200
    cast = api(voter).post(f"/ballots/{ballot}/votes", {"answers": ["abstain", ["Quokkaplan", "Zebracorn"]]})
    assert cast.status_code == 201
    tracker = cast.json["tracker"]
    assert as_officer.get(f"/ballots/{ballot}").json["turnout"] == 1  # live turnout for the officer
    assert "turnout" not in api(voter).get(f"/ballots/{ballot}").json
    assert as_officer.get(f"/ballots/{ballot}/results").status_code == 409
    assert as_officer.get(f"/ballots/{ballot}/trackers").status_code == 409
    assert as_officer.post(f"/ballots/{ballot}/close").status_code == 200
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Quokkaplan" not in logged and "abstain" not in logged and tracker not in logged
    board = api(voter).get(f"/ballots/{ballot}/trackers").json
    assert board["trackers"] == [tracker]  # the voter finds their tracker; the board shows no choices
    assert board["checks"]["consistent"] is True


def test_returning_officer_steps_are_audited(api, make_member):
    officer = make_member(returning_officer=True)
    admin = make_member(admin=True)
    assembly = api(admin).post("/assemblies", {"title": "A", "base_text": "Text.\n"}).json["id"]
    as_officer = api(officer)
    ballot = as_officer.post(f"/assemblies/{assembly}/ballots", {
        "title": "B", "questions": [{"text": "Q?", "kind": "yes_no_abstain"}]}).json["id"]
    for step in ("open", "close", "certify"):
        assert as_officer.post(f"/ballots/{ballot}/{step}").status_code == 200, step
    rows = db.session.scalars(db.select(AuditEvent).where(AuditEvent.subject == f"ballot:{ballot}")
                              .order_by(AuditEvent.id)).all()
    assert [r.action for r in rows] == ["ballot.create", "ballot.open", "ballot.close", "ballot.certify"]
    assert all(r.actor_id == officer.id for r in rows)
    assert rows[1].detail["electorate"] == 2 and rows[2].detail["turnout"] == 0
