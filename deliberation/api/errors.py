"""Every API failure is JSON with a 4xx status; nothing a client sends makes a 500."""
from flask import jsonify, request
from werkzeug.exceptions import HTTPException

from deliberation.errors import ServiceError

MESSAGES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthorized", "Sign in first: send 'Authorization: Bearer <token>'."),
    403: ("forbidden", "You may not do that."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("too_large", "The request body is larger than the 2 MB limit."),
    415: ("unsupported_media_type", "Send JSON with 'Content-Type: application/json'."),
    429: ("rate_limited", "Too many requests: try again later."),
    431: ("headers_too_large", "The request's headers are too large or too many; send them shorter."),
}


def error_response(status: int, code: str, message: str, field: str | None = None):
    body = {"code": code, "message": message}
    if field:
        body["field"] = field
    return jsonify({"error": body}), status


def wants_json() -> bool:
    return request.path.startswith("/api/")


def service_error(err: ServiceError):
    return jsonify(err.to_dict()), err.status


def http_error(err: HTTPException):
    code, message = MESSAGES.get(err.code or 500, ("error", err.description or "Error."))
    if err.code == 400 and getattr(err, "description", None) and err.description != err.__class__.description:
        message = err.description
    return error_response(err.code or 500, code, message)

