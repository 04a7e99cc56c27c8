"""The error a voter sees when an answer cannot be counted."""
from __future__ import annotations


class AnswerError(ValueError):
    """Raised for an answer the ballot cannot count, so the view can reply 400 with a clear reason."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def at(self, field: str) -> AnswerError:
        """Return the same complaint pinned to a request field, e.g. ``answers[2]``."""
        return AnswerError(self.message, field)

    def to_dict(self) -> dict[str, str | None]:
        """Give the JSON body of a 400 reply."""
        return {"field": self.field, "message": self.message}
