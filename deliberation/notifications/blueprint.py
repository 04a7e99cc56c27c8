"""The notifications' URLs: the "notifications" blueprint (the list, opening one, marking all
read) and their API routes on the api blueprint; `register` also subscribes to the signals and
gives every page the header's unread count."""
from flask import Blueprint, Flask

bp = Blueprint("notifications", __name__)

from deliberation.notifications import api, routes, subscribers  # noqa: E402,F401  (handlers on bp and the api blueprint)
from deliberation.notifications.badge import unread_badge  # noqa: E402
from deliberation.notifications.services import BADGE_CAP  # noqa: E402


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.extensions[subscribers.EXTENSION] = True
    subscribers.connect()
    app.jinja_env.globals.update(unread_notifications=unread_badge, unread_notifications_cap=BADGE_CAP)
