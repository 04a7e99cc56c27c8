"""Helpers every server-rendered page shares: names of phases, numbered lines, form errors.

Kept apart from the routes so each view stays a few lines: parse, check, call, render.
"""
import os

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from amendments.engine import LineIndex
from deliberation.errors import ServiceError

PHASE_NAMES = {
    "proposals": _l("Proposals"),
    "amendments": _l("Amendments"),
    "compositing": _l("Compositing"),
    "review": _l("Review of the final draft"),
    "ballot": _l("Ballot"),
    "closed": _l("Closed"),
}

STATUS_NAMES = {
    "open": _l("gathering support"),
    "admitted": _l("admitted"),
    "merged": _l("merged"),
    "merged_modified": _l("merged with changes"),
    "obsolete": _l("obsolete"),
    "withdrawn": _l("withdrawn"),
    "rejected": _l("rejected"),
    "draft": _l("draft"),
    "submitted": _l("submitted"),
    "closed": _l("closed"),
    "certified": _l("certified"),
    "clean": _l("applies cleanly"),
    "review": _l("needs review"),
    "conflict": _l("conflict"),
}


BALLOT_STATUS_NAMES = {
    "draft": _l("not yet open"),
    "open": _l("open for voting"),
    "closed": _l("closed"),
    "certified": _l("closed and certified"),
}


def ballot_status_name(status: str) -> str:
    return str(BALLOT_STATUS_NAMES.get(status, status))


def phase_name(phase: str) -> str:
    return str(PHASE_NAMES.get(phase, phase))


def status_name(status: str) -> str:
    return str(STATUS_NAMES.get(status, status))


def numbered_lines(text: str):
    """The text as display lines of about LINE_WIDTH characters, numbered throughout."""
    return LineIndex(text, current_app.config["LINE_WIDTH"]).lines


def marked_lines(value: str | None) -> tuple[int, int] | None:
    """The ``?lines=12-14`` a link asks a numbered page to mark (a search hit); None if absent or bad."""
    value = value or ""
    first, _sep, last = value.partition("-")
    if not (value.isascii() and first.isdigit() and (last or first).isdigit()) or len(value) > 20:
        return None
    a, b = int(first), int(last or first)
    return (a, b) if 1 <= a <= b else None


def line_range(line_from: int, line_to: int) -> str:
    if line_from == line_to:
        return _("line %(n)s", n=line_from)
    return _("lines %(a)s–%(b)s", a=line_from, b=line_to)


def errors_by_field(err: ServiceError, default_field: str = "form") -> dict[str, list[str]]:
    """A service error as {field: [message]}, so the template shows it beside the field."""
    return {err.field or default_field: [err.message]}


def render_form(template: str, err: ServiceError | None = None, **context):
    """Render a form page; with an error, at the error's status (400/403/409)."""
    status = err.status if err is not None else 200
    errors = errors_by_field(err) if err is not None else {}
    return render_template(template, errors=errors, **context), status


def static_exists(filename: str) -> bool:
    """The live-editor bundle is built separately; pages only load it when it is there."""
    return os.path.exists(os.path.join(current_app.static_folder, filename))


def install(bp: Blueprint) -> None:
    """Jinja globals for every page, so imported macros see them too (registered from one blueprint)."""

    def add(state):
        state.app.jinja_env.globals.update(
            phase_name=phase_name, status_name=status_name, line_range=line_range,
            ballot_status_name=ballot_status_name, current_locale_code=lambda: str(get_locale() or "en"))

    bp.record_once(add)
