"""Errors: JSON under /api/, friendly pages elsewhere; a 500 is logged, never leaked."""
from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException, InternalServerError

from deliberation.api.errors import error_response, http_error, service_error, wants_json
from deliberation.errors import ServiceError
from extensions import db


def _page(status: int, message: str):
    return render_template("error.html", status=status, message=message), status


def install_error_handlers(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def on_service_error(err: ServiceError):
        if wants_json():
            return service_error(err)
        return _page(err.status, err.message)

    @app.errorhandler(CSRFError)
    def on_csrf(err):
        return _page(400, _("This form has expired or was sent from another site. Reload the page and try again."))

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
        db.session.rollback()  # as for DataError: the page below must not meet a failed transaction
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return error_response(500, "server_error", "Something went wrong on our side; it has been logged.")
        return _page(500, _("Something went wrong on our side; it has been logged."))
