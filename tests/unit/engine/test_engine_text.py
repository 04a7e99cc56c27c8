"""normalise/text_sha256: only line endings and NFC change; everything else survives."""

import hashlib

from amendments.engine import normalise, text_sha256


def test_line_endings_unified():
    assert normalise("a\r\nb\rc\n") == "a\nb\nc\n"
    assert normalise("\r\r\n") == "\n\n"


def test_nfc_composes_accents():
    assert normalise("Stra\u00dfe u\u0308ber cafe\u0301") == "Straße über café"
    assert normalise("w\u0302") == "ŵ"  # Welsh circumflex composes


def test_everything_else_is_kept():
    text = "Trailing spaces  \nzero\u200bwidth\u200d join\n\n  indent\tTab \u05e9\u05dc\u05d5\u05dd 👩‍👩‍👧"
    assert normalise(text) == text
    assert normalise("no final newline") == "no final newline"
    assert normalise("") == ""


def test_idempotent():
    text = "a\r\nb\u0301\r"
    assert normalise(normalise(text)) == normalise(text)


def test_sha256_of_utf8():
    assert text_sha256("ŵ") == hashlib.sha256("ŵ".encode()).hexdigest()
    assert text_sha256("") == hashlib.sha256(b"").hexdigest()
    assert len(text_sha256("x")) == 64
