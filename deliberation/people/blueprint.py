"""The people area's URLs: groups and members in the API, the invitation page ("invites"
blueprint), the forgotten-password page (on the "auth" blueprint) and the roll import."""
from flask import Blueprint, Flask

invites = Blueprint("invites", __name__)

# The handlers take their blueprints from here, so they are imported once those exist.
from deliberation.people import (  # noqa: E402,F401  (handlers on the api and invites blueprints)
    api,
    invite_routes,
    reset_routes,  # noqa: E402,F401  (its handler is on auth's blueprint)
)
from deliberation.people.roll import blueprint as roll  # noqa: E402


def register(app: Flask) -> None:
    app.register_blueprint(invites)
    roll.register(app)
