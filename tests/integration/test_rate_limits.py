"""Rate limits per member on token use, filing, commenting and voting: a 429 with Retry-After and the
API's error body, or the form again with the message inline and the member's words kept; one count
for the API and the pages; in Redis when REDIS_URL is set, and open when the store is down."""
import os
import shutil
import uuid

import pytest
from ballot_server import open_yes_no_ballot
from pages import csrf, sign_in
from sqlalchemy import func, select

import config as settings
from amendments.models import Amendment
from deliberation.discussion.models import Comment
from extensions import db

REDIS = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _copy_schema(template, folder) -> None:
    """A second app's own SQLite file; on PostgreSQL every app shares the run's schema."""
    if not os.environ.get("DATABASE_URL"):
        shutil.copy(template / "refound.sqlite", folder / "refound.sqlite")


def _refused(reply, seconds: int) -> None:
    """A 429 that says when to come back, within the limit's window."""
    assert reply.status_code == 429
    assert 1 <= int(reply.headers["Retry-After"]) <= seconds


def _api_refused(reply, seconds: int) -> None:
    _refused(reply, seconds)
    error = reply.get_json()["error"]
    assert error["code"] == "rate_limited" and "try again in" in error["message"]


@pytest.fixture
def world(app, make_member, make_assembly):
    chair = make_member(name="Chair")
    ann = make_member(name="Ann Lee", password="ann passphrase")
    assembly = make_assembly(chairs=[chair])
    return {"ann": ann, "chair": chair, "assembly": assembly, "version": assembly.current_version_id}


def test_token_use_is_limited_per_member_not_per_token(app, world, api, make_member):
    app.config["RATE_LIMIT_TOKEN_USE"] = "3 per minute"
    first, second, other = api(world["ann"]), api(world["ann"]), api(make_member())
    for _ in range(3):
        assert first.get(f"/assemblies/{world['assembly'].id}").status_code == 200
    _api_refused(first.get(f"/assemblies/{world['assembly'].id}"), 60)
    _api_refused(second.get(f"/versions/{world['version']}"), 60)  # a new token buys nothing
    _api_refused(first.post("/comments", {"target": "version", "target_id": world["version"],
                                          "body": "x"}), 60)
    assert other.get(f"/assemblies/{world['assembly'].id}").status_code == 200  # others go on
    assert api(None).get(f"/assemblies/{world['assembly'].id}").status_code == 401  # no token: no count
    assert app.test_client().get("/api/v1/openapi.json").status_code == 200


def test_filing_is_limited_across_the_api_and_the_amend_page(app, world, api, constitution):
    app.config["RATE_LIMIT_FILING"] = "2 per hour; 100 per day"
    ann = api(world["ann"])
    path = f"/assemblies/{world['assembly'].id}/amendments"
    for word in ("first", "second"):
        body = {"base_version_id": world["version"], "title": word,
                "text": constitution.replace("Example", word)}
        assert ann.post(path, body).status_code == 201
    body = {"base_version_id": world["version"], "title": "third",
            "text": constitution.replace("Example", "x")}
    _api_refused(ann.post(path, body), 3600)
    page = app.test_client()
    assert sign_in(page, world["ann"].email, "ann passphrase").status_code == 302
    form = page.get(f"/versions/{world['version']}/amend")
    reply = page.post(f"/versions/{world['version']}/amend", data={
        "csrf_token": csrf(form.text), "text": constitution.replace("Example", "Kept words"),
        "title": "Fourth", "rationale": "", "group_id": "", "action": "file"})
    _refused(reply, 3600)
    # inline, words kept
    assert "Too many requests: try again in" in reply.text and "Kept words" in reply.text
    assert db.session.scalar(select(func.count(Amendment.id))) == 2


def test_commenting_is_limited_across_the_api_and_the_discussion_form(app, world, api):
    app.config["RATE_LIMIT_COMMENTING"] = "2 per minute"
    ann = api(world["ann"])
    body = {"target": "version", "target_id": world["version"], "body": "One"}
    ident = ann.post("/comments", body).get_json()["id"]
    edited = app.test_client().patch(f"/api/v1/comments/{ident}", json={"body": "One, changed"},
                                     headers=ann.headers)
    assert edited.status_code == 200  # a change counts too
    _api_refused(ann.post("/comments", body | {"body": "Three"}), 60)
    page = app.test_client()
    assert sign_in(page, world["ann"].email, "ann passphrase").status_code == 302
    token = csrf(page.get(f"/versions/{world['version']}").text)
    reply = page.post("/discussion/comments", data={
        "csrf_token": token, "target": "version", "target_id": world["version"], "body": "Keep these words"})
    _refused(reply, 60)
    assert "Too many requests: try again in" in reply.text and "Keep these words" in reply.text
    assert db.session.scalar(select(func.count(Comment.id))) == 1


def test_voting_is_limited_per_token_on_the_api_and_per_member_on_the_form(app, make_member, api):
    app.config["RATE_LIMIT_VOTING"] = "1 per minute"
    officer = make_member(admin=True)
    ballot_id, voters = open_yes_no_ballot(officer, 2)
    (_first, token), _second = voters
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post(f"/api/v1/ballots/{ballot_id}/votes", json={"answers": ["yes"]},
                       headers=headers).status_code == 201
    _api_refused(client.post(f"/api/v1/ballots/{ballot_id}/votes", json={"answers": ["no"]},
                             headers=headers), 60)
    outsider = make_member(password="outsider passphrase")  # joined after the electorate froze
    page = app.test_client()
    assert sign_in(page, outsider.email, "outsider passphrase").status_code == 302
    token = csrf(page.get(f"/ballots/{ballot_id}").text)
    refused = page.post(f"/ballots/{ballot_id}/cast", data={"csrf_token": token, "a0": "yes"})
    assert refused.status_code == 403  # not on the electorate: refused, and counted
    again = page.post(f"/ballots/{ballot_id}/cast", data={"csrf_token": token, "a0": "no"})
    _refused(again, 60)
    assert 'class="error-summary" role="alert"' in again.text  # on the vote form
    assert "Too many requests: try again in" in again.text


def test_a_store_that_cannot_be_reached_limits_nothing(tmp_path, _template, make_member):
    """Fail open, as sign-in does: the API's limits and spend() log and let the request through."""
    from app import create_app
    _copy_schema(_template, tmp_path)
    config = settings.TestConfig(tmp_path)
    config.RATELIMIT_STORAGE_URI = "redis://127.0.0.1:1/0"
    config.RATE_LIMIT_TOKEN_USE = config.RATE_LIMIT_COMMENTING = "1 per minute"
    down = create_app(config)
    with down.app_context():
        from deliberation.models import ApiToken, Member
        from deliberation.unit_of_work import UnitOfWork
        with UnitOfWork():
            member = Member(name="Gus", email="gus@example.org")
            db.session.add(member)
            db.session.flush()
            _row, plain = ApiToken.issue(member, "t")
        client = down.test_client()
        headers = {"Authorization": f"Bearer {plain}"}
        for _ in range(3):
            assert client.get("/api/v1/notifications", headers=headers).status_code == 200
        from deliberation.api.rate_limits import spend
        with down.test_request_context():
            for _ in range(3):
                spend("commenting", "member:1")  # raises nothing
        db.session.remove()
        db.engine.dispose()


def test_the_store_is_redis_when_redis_url_is_set(monkeypatch, tmp_path):
    monkeypatch.setenv("REDIS_URL", REDIS)
    assert settings.Config(tmp_path).RATELIMIT_STORAGE_URI == REDIS
    monkeypatch.delenv("REDIS_URL")
    assert settings.Config(tmp_path).RATELIMIT_STORAGE_URI == "refound-memory://"


def test_two_processes_share_one_count_in_redis(tmp_path, _template):
    """Two apps on one Redis (as two processes would be) spend from one count per member."""
    import redis

    from app import create_app
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at " + REDIS)
    prefix = f"refound-test-{uuid.uuid4().hex}"
    apps = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        _copy_schema(_template, folder)
        config = settings.TestConfig(folder)
        config.RATELIMIT_STORAGE_URI, config.RATELIMIT_KEY_PREFIX = REDIS, prefix
        config.RATE_LIMIT_COMMENTING = "3 per minute"
        apps.append(create_app(config))
    outcomes = []
    for turn in range(4):
        app = apps[turn % 2]
        with app.test_request_context():
            from deliberation.api.rate_limits import RateLimited, spend
            try:
                spend("commenting", "member:7")
                outcomes.append("ok")
            except RateLimited as refused:
                outcomes.append(refused.retry_after)
    assert outcomes[:3] == ["ok", "ok", "ok"] and 1 <= outcomes[3] <= 60
