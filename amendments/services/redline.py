"""The engine's redline with the app's line width and translated words."""
from flask import current_app
from flask_babel import gettext as _

from amendments.engine import redline_html


def render_redline(old: str, new: str, provenance=(), labels=None, layout: str = "inline",
                   first_line: int = 1) -> str:
    words = {"inserted": _("inserted"), "deleted": _("deleted"), "amendment": _("Amendment {}"),
             "proposal": _("Proposal {}"), "line": _("Line"), "current": _("Current text"),
             "amended": _("Amended text")}
    return redline_html(old, new, provenance, labels or {}, width=current_app.config["LINE_WIDTH"],
                        layout=layout, words=words, first_line=first_line)
