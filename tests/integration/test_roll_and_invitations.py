"""The membership roll: CSV import with a report of rejected rows, re-import, the frozen electorate,
and invitations to set a password, sent through a local SMTP server."""
import logging
import random
import re
from contextlib import contextmanager

import pytest
from pages import csrf
from sqlalchemy import event

from deliberation.models import Member, Membership
from deliberation.people.models import Invitation
from deliberation.people.roll.importer import import_roll
from extensions import db

HEADER = "email,name,group,member_number,eligible\n"


@pytest.fixture
def invites(app):
    from deliberation.people.invite_routes import bp
    if "invites" not in app.blueprints:
        app.register_blueprint(bp)
    return app


def test_import_reports_every_rejected_row_and_reimport_updates(api, make_member, make_group):
    admin = make_member(admin=True)
    make_group("Leeds"), make_group("Cardiff")
    roll = HEADER + (
        "ann@example.org,Ann,Leeds,M1,yes\n"
        "not-an-email,Bob,Leeds,M2,yes\n"
        "cat@example.org,Cat,Atlantis,M3,yes\n"
        "ANN@example.org,Ann Again,Leeds,M4,yes\n"
        "dan@example.org,Dan,,M1,yes\n"
        "eve@example.org,Eve,cardiff,M5,maybe\n"
        "fay@example.org,Fay,Cardiff,M6,no\n")
    reply = api(admin).post("/members/import", data=roll, content_type="text/csv")
    assert reply.status_code == 200, reply.json
    assert reply.json["created"] == 2 and reply.json["updated"] == 0
    reasons = {r["line"]: r["reason"] for r in reply.json["rejected"]}
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "bad email" in reasons[3] and "unknown group" in reasons[4]
    assert "duplicate email" in reasons[5] and "duplicate member number" in reasons[6]
    assert "eligible" in reasons[7]
    again = HEADER + "ann@example.org,Ann Smith,Cardiff,M1,no\ngus@example.org,Gus,,M7,yes\n"
    reply = api(admin).post("/members/import", data=again, content_type="text/csv")
    assert (reply.json["created"], reply.json["updated"], reply.json["unchanged"], reply.json["rejected"]) \
        == (1, 1, 0, [])
    ann = db.session.scalar(db.select(Member).where(Member.email == "ann@example.org"))
    db.session.refresh(ann)
    assert (ann.name, ann.eligible, ann.member_number) == ("Ann Smith", False, "M1")
    assert len(ann.group_ids()) == 2
    assert db.session.scalar(db.select(db.func.count(Member.id))) == 4  # admin, Ann, Fay, Gus: no duplicates


def test_cli_import_with_progress(runner, tmp_path, make_group):
    make_group("Leeds")
    path = tmp_path / "roll.csv"
    path.write_text(HEADER + "".join(f"m{i}@example.org,M {i},Leeds,N{i},yes\n" for i in range(250))
                    + "bad,X,,,yes\n", encoding="utf-8")
    result = runner.invoke(args=["members", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Created 250, updated 0, unchanged 0, rejected 1." in result.output \
        and "line 252: bad email" in result.output
    assert "250 invitation(s) queued" in result.output  # more than 100 new members: queued, not sent
    assert db.session.scalar(db.select(db.func.count(Membership.id))) == 250


@contextmanager
def sql_statements():
    """The SQL statements sent to the database inside the block (an executemany is one)."""
    seen = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_large_import_goes_to_the_database_in_batches_not_a_query_per_row(app, make_group):
    """Speed is bench/roll.py's; this checks what it rests on: a few statements per 2,000 rows."""
    make_group("Leeds")
    rows = 20_000
    text = HEADER + "".join(f"p{i}@example.org,Person {i},Leeds,P{i},yes\n" for i in range(rows))
    seen = []
    with sql_statements() as first:
        report = import_roll(text, progress=seen.append)
    assert report.created == rows and seen == [2000] * 10
    changed = text.replace(",yes\n", ",no\n")
    with sql_statements() as second:
        report = import_roll(changed)
    assert (report.created, report.updated, report.unchanged) == (0, rows, 0)
    with sql_statements() as third:
        report = import_roll(changed)  # the same file again: nothing to write
    assert (report.created, report.updated, report.unchanged) == (0, 0, rows)
    assert all(0 < len(sent) < rows / 50 for sent in (first, second, third)), \
        (len(first), len(second), len(third))
    assert not [s for s in third if s.lstrip().upper().startswith(("UPDATE", "INSERT INTO MEMBER"))
                and "AUDIT_HEAD" not in s.upper()]  # the import's audit entries move the chain's head
    assert db.session.scalar(db.select(db.func.count(Member.id)).where(Member.eligible.is_(True))) == 0


def test_electorate_is_frozen_when_the_ballot_opens(api, make_member):
    admin, early = make_member(admin=True), make_member()
    as_admin = api(admin)
    assembly = as_admin.post("/assemblies", {"title": "A", "base_text": "Text.\n"}).json["id"]
    ballot = as_admin.post(f"/assemblies/{assembly}/ballots", {
        "title": "B", "questions": [{"text": "Q?", "kind": "yes_no_abstain"}]}).json["id"]
    as_admin.post(f"/ballots/{ballot}/open")
    roll = HEADER + f"{early.email},Early,,,no\nlate@example.org,Late,,,yes\n"
    assert as_admin.post("/members/import", data=roll, content_type="text/csv").json["created"] == 1
    late = db.session.scalar(db.select(Member).where(Member.email == "late@example.org"))
    assert api(late).post(f"/ballots/{ballot}/votes", {"answers": ["yes"]}).status_code == 403
    assert api(early).post(f"/ballots/{ballot}/votes", {"answers": ["no"]}).status_code == 201
    assert as_admin.get(f"/ballots/{ballot}").json["electorate"] == 2




def test_small_import_mails_invitations_at_once_and_the_link_sets_a_password(
        invites, client, api, make_member, inbox):
    admin = make_member(admin=True)
    roll = HEADER + "new@example.org,Nia New,,N1,yes\nother@example.org,Owen,,N2,yes\n"
    assert api(admin).post("/members/import", data=roll, content_type="text/csv").json["created"] == 2
    assert sorted(m["To"] for m in inbox.messages) == ["new@example.org", "other@example.org"]
    mail = next(m for m in inbox.messages if m["To"] == "new@example.org")
    assert mail["From"] == "ro@example.org"
    link = re.search(r"http://\S+/invite/(\S+)", mail.get_content()).group(0)
    path = link[link.index("/invite/"):]
    token = path.rsplit("/", 1)[1]
    assert db.session.scalar(db.select(Invitation.token_hash).where(Invitation.sent_at.is_not(None))
                             .limit(1)) != token  # only a hash is stored
    page = client.get(path)
    assert page.status_code == 200 and "Set your password" in page.text
    short = client.post(path, data={"csrf_token": csrf(page.text), "password": "short", "confirm": "short"})
    assert short.status_code == 400
    done = client.post(path, data={"csrf_token": csrf(page.text), "password": "a long new password",
                                   "confirm": "a long new password"})
    assert done.status_code == 302
    client.post("/logout", data={"csrf_token": csrf(client.get("/login").text)})
    assert client.get(path).status_code == 404  # used once
    login = client.get("/login")
    signed_in = client.post("/login", data={"csrf_token": csrf(login.text), "email": "new@example.org",
                                            "password": "a long new password"})
    assert signed_in.status_code == 302


def test_big_import_queues_invitations_for_the_cli(app, runner, make_member, inbox, invites):
    app.config["INVITE_SEND_NOW_MAX"] = 2
    report = import_roll(HEADER + "".join(f"q{i}@example.org,Q {i},,,yes\n" for i in range(3)))
    assert report.created == 3 and inbox.messages == []
    assert "3 invitation(s) queued" in runner.invoke(args=["members", "invite"]).output
    result = runner.invoke(args=["members", "invite", "--send"])
    assert result.exit_code == 0 and "Sent 3, failed 0, still queued 0." in result.output
    assert len(inbox.messages) == 3
    assert "Sent 0" in runner.invoke(args=["members", "invite", "--send"]).output  # never twice


def test_without_smtp_the_invitation_link_is_logged(app, caplog):
    caplog.set_level(logging.INFO, logger="deliberation.mail")
    app.config["SMTP_HOST"] = None
    import_roll(HEADER + "solo@example.org,Solo,,,yes\n")
    assert "solo@example.org" in caplog.text and "/invite/" in caplog.text


def test_returning_officers_import_through_the_api_as_on_the_roll_page_and_members_may_not(api, make_member):
    officer, member = make_member(returning_officer=True), make_member()
    roll = HEADER + "hal@example.org,Hal,,M9,yes\n"
    refused = api(member).post("/members/import", data=roll, content_type="text/csv")
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    assert db.session.scalar(db.select(db.func.count(Member.id))
                             .where(Member.email == "hal@example.org")) == 0
    reply = api(officer).post("/members/import", data=roll, content_type="text/csv")
    assert reply.status_code == 200 and reply.json["created"] == 1


def _roll_state() -> tuple:
    members = db.session.execute(db.select(Member.email, Member.name, Member.member_number, Member.eligible)
                                 .order_by(Member.email)).all()
    joined = db.session.execute(db.select(Member.email, Membership.group_id).join(
        Membership, Membership.member_id == Member.id).order_by(Member.email, Membership.group_id)).all()
    invited = db.session.scalars(db.select(Member.email).join(Invitation, Invitation.member_id == Member.id)
                                 .order_by(Member.email)).all()
    return [tuple(m) for m in members], [tuple(j) for j in joined], invited


def _undo_import(kept_ids: set[int], kept: list[tuple], kept_memberships: set[int]) -> None:
    """Back to the roll as it was before an import: its members and memberships gone, details restored."""
    db.session.execute(db.delete(Invitation))
    db.session.execute(db.delete(Membership).where(Membership.id.not_in(kept_memberships)))
    db.session.execute(db.delete(Member).where(Member.id.not_in(kept_ids)))
    for mid, name, number, eligible in kept:
        db.session.execute(db.update(Member).where(Member.id == mid).values(
            name=name, member_number=number, eligible=eligible))
    db.session.commit()


def test_batch_size_never_changes_what_an_import_does(app, make_group, make_member):
    """Rows are looked up batch by batch; a file whose duplicates, number clashes and returning members
    straddle batches must end exactly as it does read in one batch."""
    leeds, cardiff = make_group("Leeds"), make_group("Cardiff")
    existing = [make_member(name="Ann", email=f"old{i}@example.org") for i in range(4)]
    existing[0].member_number, existing[1].member_number = "N1", "N2"
    db.session.commit()
    kept = [(m.id, m.name, m.member_number, m.eligible) for m in existing]
    kept_ids = {m.id for m in existing} | {m.id for m in db.session.scalars(db.select(Member))}
    kept_memberships = set(db.session.scalars(db.select(Membership.id)))
    rng, seen = random.Random(11), []
    emails = [f"old{i}@example.org" for i in range(4)] + [f"new{i}@example.org" for i in range(6)] + ["bad"]
    for attempt in range(12):
        lines = [HEADER.strip()]
        for _ in range(rng.randint(5, 25)):
            lines.append(",".join([rng.choice(emails), rng.choice(["Ann", "Bo", "Cy"]),
                                   rng.choice(["", "Leeds", "cardiff"]),
                                   rng.choice(["", "N1", "N2", "N3", "N4"]), rng.choice(["yes", "no"])]))
        text = "\n".join(lines) + "\n"
        outcomes = []
        for batch in (10_000, 1, 2, 3, 7):
            report = import_roll(text, batch=batch)
            outcomes.append((report.to_dict(), _roll_state()))
            _undo_import(kept_ids, kept, kept_memberships)
        assert all(outcome == outcomes[0] for outcome in outcomes), (attempt, text)
        seen.append(outcomes[0])
    reports = [report for report, _state in seen]
    # the files did all three
    assert all(sum(r[k] for r in reports) for k in ("created", "updated", "unchanged"))
    assert any(r["rejected"] for r in reports)
    assert {leeds.id, cardiff.id} <= {group for _report, (_m, joined, _i) in seen for _email, group in joined}


def test_rules_hold_across_batches(app, make_group, make_member):
    make_group("Leeds")
    holder = make_member(email="holder@example.org")
    holder.member_number = "N9"
    db.session.commit()
    text = HEADER + ("a@example.org,A,Leeds,N1,yes\n"         # batch 1: new
                     "b@example.org,B,,N1,yes\n"              # batch 1: same number in the file
                     "c@example.org,C,,N9,yes\n"              # batch 2: number held by another member
                     "holder@example.org,Holder,Leeds,,no\n"  # batch 2: keeps N9, joins Leeds
                     "A@example.org,A again,,,yes\n"          # batch 3: same email, other case
                     "d@example.org,D,,N1,yes\n")             # batch 3: number given to a earlier in the file
    report = import_roll(text, batch=2)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert [(r["line"], r["reason"].split(" '")[0]) for r in report.rejected] == [
        (3, "duplicate member number"), (4, "member number"), (6, "duplicate email"),
        (7, "duplicate member number")]
    db.session.refresh(holder)
    assert (holder.member_number, holder.eligible, len(holder.group_ids())) == ("N9", False, 1)
