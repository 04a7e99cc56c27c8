"""Canonical text form, so the same words always hash and diff the same way."""

from __future__ import annotations

import hashlib
import unicodedata

__all__ = ["normalise", "text_sha256"]


def normalise(text: str) -> str:
    """Unify line endings and Unicode composition; every other character is kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def text_sha256(text: str) -> str:
    """Fingerprint a version's text so stale copies are detected cheaply."""
    # never raises, even on a bad stored row
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
