"""The people area's URLs: groups and members in the API, the invitation page ("invites"
blueprint) and the roll import."""
from flask import Flask

from deliberation.people import api  # noqa: F401  (its handlers are on the api blueprint)
from deliberation.people import invite_routes
from deliberation.people.roll import blueprint as roll


def register(app: Flask) -> None:
    app.register_blueprint(invite_routes.bp)
    roll.register(app)
