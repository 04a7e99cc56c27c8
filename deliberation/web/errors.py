"""Errors: JSON under /api/, friendly pages elsewhere; a 500 is logged, never leaked."""
from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

from deliberation.api.errors import error_response, http_error, service_error, wants_json
from deliberation.errors import ServiceError
from deliberation.web import outage
from extensions import db


def _page(status: int, message: str):
    return render_template("error.html", status=status, message=message), status


def _discard() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 -- a dead connection may refuse even the rollback; the pool drops it
        db.session.invalidate()


def _unavailable(why: str):
    """503 with Retry-After: the database, not the request, failed; nothing of it was stored."""
    _discard()
    messages = {
        "read_only": _("The database is read-only at the moment, so nothing can be saved. Nothing you sent "
                       "was stored; try again later."),
        "full": _("The database is out of space, so nothing can be saved. Nothing you sent was stored; "
                  "try again later."),
        "unavailable": _("The database cannot be reached just now. Nothing you sent was stored; try again "
                         "in a few seconds."),
    }
    headers = {"Retry-After": str(outage.RETRY_AFTER[why])}
    if wants_json():
        reply, status = error_response(503, f"database_{why}", messages[why])
        return reply, status, headers
    try:
        return render_template("error.html", status=503, message=messages[why]), 503, headers
    except DBAPIError:  # the page's header reads the database too (the signed-in member, the badge)
        _discard()
        return messages[why], 503, {**headers, "Content-Type": "text/plain; charset=utf-8"}


def install_error_handlers(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def on_service_error(err: ServiceError):
        reply = service_error(err) if wants_json() else _page(err.status, err.message)
        retry_after = getattr(err, "retry_after", None)
        return (*reply, {"Retry-After": str(retry_after)}) if retry_after is not None else reply

    @app.errorhandler(CSRFError)
    def on_csrf(err):
        return _page(400,
                     _("This form has expired or was sent from another site. Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def on_http(err: HTTPException):
        if wants_json():
            return http_error(err)
        messages = {
            403: _("You may not see or do this."),
            404: _("There is nothing at this address."),
            405: _("This address does not accept that method."),
            413: _("What you sent is larger than the 2 MB limit."),
            431: _("Your browser sent headers too large to read (often too many or too large cookies). "
                   "Clear this site's cookies and try again."),
        }
        return _page(err.code or 500, messages.get(err.code, err.description))

    @app.errorhandler(DBAPIError)
    def on_database_error(err: DBAPIError):
        why = outage.reason(err)
        if why is not None:
            app.logger.warning("Database unavailable (%s) on %s %s: %s", why, request.method, request.path,
                               err.orig)
            return _unavailable(why)
        raise err  # a programming error: the 500 handler logs it

    @app.errorhandler(DataError)
    def on_data_error(err):
        # e.g. a number too large for the database column: the client's input, so a 400. The
        # failed statement left the session unusable, so it is rolled back before the page renders.
        db.session.rollback()
        if wants_json():
            return error_response(400, "invalid", "A value is out of range.")
        return _page(400, _("A value you sent is out of range."))

    @app.errorhandler(InternalServerError)
    def on_500(err):
        # The request's commit runs after its view (web/transaction.py): a database that fails
        # there reaches this handler, not the one above.
        why = outage.reason(getattr(err, "original_exception", None))
        if why is not None:
            app.logger.warning("Database unavailable (%s) on %s %s", why, request.method, request.path)
            return _unavailable(why)
        db.session.rollback()  # as for DataError: the page below must not meet a failed transaction
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return error_response(500, "server_error",
                                  "Something went wrong on our side; it has been logged.")
        return _page(500, _("Something went wrong on our side; it has been logged."))
