"""The search area's wiring: its pages, its API route, its commands, the indexer each app
keeps, and the listeners that queue changes for it."""
from flask import Blueprint, Flask, current_app

bp = Blueprint("search", __name__)

from deliberation.search import api, capture, cli, drafts, patches, routes  # noqa: E402,F401  (handlers on bp and the api blueprint; capture's listeners)
from deliberation.search.indexer import Indexer  # noqa: E402


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.extensions["search"] = Indexer(app)
    app.cli.add_command(cli.search)
    drafts.install()
    patches.install()
    app.before_request(_catch_up)


def _catch_up() -> None:
    """The first request of a server process indexes what earlier processes left queued."""
    current_app.extensions["search"].catch_up()
