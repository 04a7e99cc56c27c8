"""Errors that services raise with a status, a slug and a sentence for people.

Both edges use them: the API turns one into `{"error": {...}}`, the web pages into
an inline message. Services never see a request, so they raise instead of abort.
"""


class ServiceError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, code: str | None = None, field: str | None = None,
                 status: int | None = None, **extra):
        message = str(message)  # lazy gettext strings become text when raised
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.field = field
        self.status = status or self.status
        self.extra = extra

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return {"error": body}


class Invalid(ServiceError):
    status = 400
    code = "invalid"


class Unauthorized(ServiceError):
    status = 401
    code = "unauthorized"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class Unavailable(ServiceError):
    """The server cannot do this just now (every render process busy): try again after
    ``retry_after`` seconds, which the answer's Retry-After header carries."""

    status = 503
    code = "unavailable"

    def __init__(self, message: str, retry_after: int, code: str | None = None, **extra):
        super().__init__(message, code=code, **extra)
        self.retry_after = retry_after
