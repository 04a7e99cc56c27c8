"""The load balancer's checks: /healthz while the process runs, /readyz only while the database
and (when configured) Redis answer; neither needs a sign-in."""
from deliberation.web.health import _REDIS_KEY
from tests.support.servers import free_port


def test_healthz_answers_without_a_sign_in(client):
    reply = client.get("/healthz")
    assert reply.status_code == 200 and reply.json == {"status": "ok"}


def test_readyz_checks_the_database(client, app):
    app.config["REDIS_URL"] = None
    reply = client.get("/readyz")
    assert reply.status_code == 200
    assert reply.json == {"status": "ready", "checks": {"database": "ok"}}
    assert reply.headers["Cache-Control"] == "no-store"


def test_readyz_fails_while_redis_does_not_answer(client, app):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    app.extensions.pop(_REDIS_KEY, None)
    reply = client.get("/readyz")
    assert reply.status_code == 503
    assert reply.json["status"] == "unavailable"
    assert reply.json["checks"]["database"] == "ok"
    assert reply.json["checks"]["redis"].startswith("failed: ")
