"""The command line: creating members and tokens, and loading the demo organisation."""
from deliberation.models import ApiToken, Member
from extensions import db


def test_users_create_and_token(runner, client):
    made = runner.invoke(args=["users", "create", "Ann@Example.org", "--name", "Ann Lee", "--admin"])
    assert made.exit_code == 0, made.output
    member = db.session.scalar(db.select(Member).where(Member.email == "ann@example.org"))
    assert member.is_admin and member.name == "Ann Lee"
    runner.invoke(args=["users", "create", "bob@example.org", "--name", "Bob"])
    tokens = runner.invoke(args=["users", "token", "ann@example.org", "bob@example.org"])
    assert tokens.exit_code == 0, tokens.output
    lines = tokens.output.strip().splitlines()
    assert [line.split()[0] for line in lines] == ["ann@example.org", "bob@example.org"]
    token = lines[0].split()[1]
    reply = client.post("/api/v1/groups", json={"name": "Leeds", "region": "North"},
                        headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 201
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 2


def test_users_create_refuses_bad_and_duplicate_emails(runner):
    assert runner.invoke(args=["users", "create", "not-an-email", "--name", "X"]).exit_code != 0
    runner.invoke(args=["users", "create", "c@example.org", "--name", "C"])
    again = runner.invoke(args=["users", "create", "c@example.org", "--name", "C"])
    assert again.exit_code != 0 and "already exists" in again.output
    assert runner.invoke(args=["users", "token", "nobody@example.org"]).exit_code != 0


def test_demo_load_tells_the_story_and_is_idempotent(runner, client):
    first = runner.invoke(args=["demo", "load", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "admin@example.org" in first.output and "refound-demo" in first.output
    count = db.session.scalar(db.select(db.func.count(Member.id)))
    assert 55 <= count <= 70
    again = runner.invoke(args=["demo", "load", "--if-empty"])
    assert again.exit_code == 0 and "admin@example.org" in again.output
    assert db.session.scalar(db.select(db.func.count(Member.id))) == count
    from amendments.models import Amendment
    from deliberation.ballot.models import Ballot
    from deliberation.models import Assembly
    assembly = db.session.scalar(db.select(Assembly))
    assert assembly.phase == "amendments"
    assert db.session.scalar(db.select(db.func.count(Amendment.id))) >= 10
    assert db.session.scalar(db.select(Ballot.status)) == "closed"
    login = client.post("/login", data={"email": "admin@example.org", "password": "refound-demo"})
    assert login.status_code == 400  # no CSRF token: refused
