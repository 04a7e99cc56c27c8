"""The discussion's URLs: the "discussion" blueprint (forms, thread fragments, the moderators'
queue), its API routes on the api blueprint, its /discussion socket namespace, and the template
globals through which other areas' pages show a target's discussion."""

from flask import Blueprint, Flask

bp = Blueprint("discussion", __name__)

from deliberation.discussion import api, events, routes  # noqa: E402,F401  (handlers on bp, api bp, socketio)
from deliberation.discussion.markdown import render  # noqa: E402
from deliberation.discussion.present import stamp  # noqa: E402
from deliberation.discussion.views import discussion_view  # noqa: E402
from deliberation.models.timeutil import iso  # noqa: E402
from deliberation.web.ui import static_exists  # noqa: E402


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        discussion=discussion_view,
        comment_html=render,
        iso=iso,
        stamp=stamp,
        static_file_exists=static_exists,
    )
