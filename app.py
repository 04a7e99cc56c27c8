"""Refound: the app factory. It only wires; every behaviour lives in a package."""
if __name__ == "__main__":  # serving: gevent must patch the standard library before anything imports it
    from gevent import monkey
    monkey.patch_all()

import gc
import os
from pathlib import Path

from flask import Flask, has_request_context, request
from sqlalchemy import event
from werkzeug.routing import IntegerConverter

import amendments.models  # noqa: F401  (these five: every table, for db.create_all and Alembic)
import deliberation.ballot.models  # noqa: F401
import deliberation.discussion.models  # noqa: F401
import deliberation.live.models  # noqa: F401
import deliberation.models  # noqa: F401
import deliberation.notifications.models  # noqa: F401
import deliberation.search.models  # noqa: F401
from amendments.blueprint import register as register_amendments
from config import Config
from deliberation.api import rate_limits
from deliberation.api.blueprint import register as register_api
from deliberation.assemblies.blueprint import register as register_assemblies
from deliberation.audit.blueprint import register as register_audit
from deliberation.auth.blueprint import register as register_auth
from deliberation.ballot.blueprint import register as register_ballot
from deliberation.cli import register_cli
from deliberation.discussion.blueprint import register as register_discussion
from deliberation.exports.blueprint import register as register_exports
from deliberation.live import (
    events,  # noqa: F401  (the /live namespace registers itself on import)
    fanout,
    origins,
    patches,
)
from deliberation.live.blueprint import register as register_live
from deliberation.live.transport import WithoutWebSocketCompression
from deliberation.notifications.blueprint import register as register_notifications
from deliberation.people.blueprint import register as register_people
from deliberation.proposals.blueprint import register as register_proposals
from deliberation.search.blueprint import register as register_search
from deliberation.web.blueprint import register as register_web
from extensions import babel, csrf, db, login_manager, migrate, socketio


class BoundedInt(IntegerConverter):
    """Ids beyond a 63-bit integer cannot exist, so they are a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**62)
        super().__init__(map, *args, **kwargs)


def _locale() -> str | None:
    """The reader's language; outside a request (CLI, background jobs) None, i.e. the default."""
    if not has_request_context():
        return None
    return request.accept_languages.best_match(["en", "cy"]) or "en"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL so readers never block the writer; a busy timeout instead of 'database is locked'."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _async_mode() -> str:
    """gevent when the server patched the standard library for it (`python app.py`, gunicorn's
    gevent worker), else threading (the test client, the command line). docs/live.md says why."""
    try:
        from gevent import monkey  # here, so the app still builds (threaded) where gevent is missing
    except ImportError:
        return "threading"
    return "gevent" if monkey.is_module_patched("socket") else "threading"


def create_app(config: Config | dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    settings = config if config is not None else Config()
    app.config.update(settings.as_dict() if isinstance(settings, Config) else settings)
    if app.config.get("INSTANCE"):  # the SQLite database lives there
        Path(app.config["INSTANCE"]).mkdir(parents=True, exist_ok=True)
    app.url_map.converters["int"] = BoundedInt

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_locale)
    # Under gevent each event gets a greenlet (async_handlers) so an update's ack can wait for its
    # commit without holding up the connection's next message; live/turns.py keeps each
    # connection's updates applied and stored in arrival order. Threading mode handles a
    # connection's events one at a time in its reader thread, as a thread per event could not.
    patches.install()  # refuses other releases than the pinned ones: live/patches.py says why
    redis_url = app.config.get("REDIS_URL")
    manager = (fanout.FramedRedisManager(redis_url, channel="flask-socketio") if redis_url
               else fanout.FramedManager())
    # Only the site's own pages may connect (cross-site WebSocket hijacking): live/origins.py.
    mode = _async_mode()
    socketio.init_app(app, client_manager=manager, async_mode=mode, async_handlers=mode == "gevent",
                      cors_allowed_origins=origins.allowed,
                      max_http_buffer_size=app.config["MAX_CONTENT_LENGTH"])
    app.wsgi_app = WithoutWebSocketCompression(app.wsgi_app)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)

    register_web(app)
    register_auth(app)
    register_assemblies(app)
    register_proposals(app)
    register_live(app)
    register_amendments(app)
    register_ballot(app)
    register_people(app)
    register_exports(app)
    register_notifications(app)
    register_discussion(app)
    register_search(app)
    register_audit(app)
    register_api(app)
    rate_limits.init_app(app)  # after the blueprints: its check runs once the request's transaction began
    register_cli(app)
    return app


if __name__ == "__main__":
    application = create_app()
    port = int(os.environ.get("PORT", "5000"))
    host = os.environ.get("HOST", "127.0.0.1")
    # Everything loaded so far lives as long as the process: keep it out of the collector's full
    # scans, which otherwise stopped the server for ~100-200 ms (docs/live.md).
    gc.collect()
    gc.freeze()
    from deliberation.web.serving import Handler  # serving only: gevent's handler with the app's 431 page
    socketio.run(application, host=host, port=port, allow_unsafe_werkzeug=True, handler_class=Handler)
