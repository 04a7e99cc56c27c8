"""Recognise headings and numbered clauses, so line citations can name the clause."""

from __future__ import annotations

import re

__all__ = ["classify", "is_underline"]

_MD_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_FRAMED_HEADING = re.compile(r"^\s*([=\-~#*+^])\1{2,}\s+\S.*?\s+\1{3,}\s*$")  # === Title ===
_UNDERLINE = re.compile(r"^\s*([=\-~^*+#\"'`:.])\1{2,}\s*$")
_CLAUSE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:"
    r"(?P<multi>\d+(?:\.\d+)+)\.?(?=\s|$)"  # 4.2 or 4.2.
    r"|(?P<single>\d+)\.(?=\s|$)"  # 1.
    r"|\((?P<paren>[a-z]{1,2}|[ivxlcdm]{1,6}|\d{1,3})\)(?=\s|$)"  # (a) (iv) (3)
    r"|(?P<named>(?:Article|Section|Clause|Rule|Part|Schedule|Chapter|Standing Order)"
    r"\s+(?:\d+(?:\.\d+)*[A-Za-z]?|[IVXLC]+))\b"  # Article 3
    r")"
)


def is_underline(line: str) -> bool:
    """True for an rst-style over/underline such as ``=====`` or ``-----``."""
    return bool(_UNDERLINE.match(line))


def clause_label(line: str) -> str | None:
    """The clause number a line starts with ("4.2", "(a)", "Article 3"), if any."""
    body = re.sub(r"^ {0,3}#{1,6}\s+", "", line)
    m = _CLAUSE.match(body)
    if not m:
        return None
    if m.group("paren"):
        return f"({m.group('paren')})"
    return m.group("multi") or m.group("single") or m.group("named")


def classify(lines: list[str]) -> list[tuple[str, str | None]]:
    """Kind and clause label for each source line (one per newline-separated line)."""
    out: list[tuple[str, str | None]] = []
    n = len(lines)
    for i, line in enumerate(lines):
        if not line.strip():
            out.append(("blank", None))
            continue
        label = clause_label(line)
        if _MD_HEADING.match(line) or _FRAMED_HEADING.match(line):
            out.append(("heading", label))
            continue
        if is_underline(line):
            # An underline/overline next to a title line is part of that heading.
            near_title = (i > 0 and lines[i - 1].strip() and not is_underline(lines[i - 1])) or (
                i + 1 < n and lines[i + 1].strip() and not is_underline(lines[i + 1])
            )
            out.append(("heading" if near_title else "text", None))
            continue
        nxt = lines[i + 1] if i + 1 < n else ""
        if is_underline(nxt) and len(nxt.strip()) >= min(3, len(line.strip())):
            out.append(("heading", label))
            continue
        out.append(("clause", label) if label else ("text", None))
    return out
