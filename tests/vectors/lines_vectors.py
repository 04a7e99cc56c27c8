"""Shared test vectors for the official line numbering: what lines.py says, for static/src/lines.js to match.

``python -m tests.vectors.lines_vectors`` rewrites tests/vectors/lines.json from amendments/engine/lines.py.
Offsets are in code points (Python's unit); the JavaScript check converts them from UTF-16.

A case's ``lines`` are the display lines' lengths: a line follows a newline, or is negated when it follows
a wrap break (a wrapped line is never empty), so ``spans()`` gives back every ``(start, end)``.
"""
import hashlib
import json
import random
from pathlib import Path

from amendments.engine import LineIndex
from tests.support.history import history_dir

PATH = Path(__file__).with_name("lines.json")
WIDTH = 80  # the booklet width, for every version
NARROW = 30  # and every fifth version this narrow, so the charter's pre-wrapped lines break too

# Python's whitespace (str.isspace, re's \s), and characters JavaScript or Unicode might treat differently.
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
         "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_SPACES = "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u034f"

ADVERSARIAL = {
    "empty": ("", 80),
    "newline only": ("\n", 80),
    "final newline": ("a\n", 80),
    "blank last line": ("a\n\n", 80),
    "blank lines": ("\n\n\n", 80),
    "leading spaces": ("      Indented clause text that goes on for long enough to wrap a few "
                       "times over. " * 3, 40),
    "spaces only": (" " * 100 + "\n" + "\t" * 90, 80),
    "spaces before a long word": ("    " + "x" * 100 + " tail", 80),
    "tabs": ("\tword\tanother\t\tword " * 12, 30),
    "nbsp": ("Article\u00a03 the\u00a0members\u00a0of\u00a0the\u00a0branch " * 8, 40),
    "every space": ("".join(f"x{c}x" for c in SPACES.replace("\n", "")), 1),
    "no spaces": ("".join(f"x{c}x " for c in NOT_SPACES) * 4, 5),
    "emoji at the width": ("🎉" * 80 + " a " + "🎉" * 79 + "é b", 80),
    "emoji words": ("Aelodau'r gangen 👩‍👩‍👧 🎉 𝔄𝔯𝔱 " * 12, 40),
    "astral long word": ("start " + "𝔄" * 120 + " end", 80),
    "welsh": ("Mae'r gŵyl yn ŷd a'r ŵyr yn dŵad i'r cyfarfod blynyddol bob blwyddyn heb ffŵl. " * 5, 80),
    "combining marks": ("e\u0301" * 45 + " cafe\u0301 " * 20, 40),
    "crlf": ("The first clause of the rules, with a carriage return.\r\n" * 6 + "Last line\r\n", 30),
    "lone carriage returns": ("one\rtwo\rthree " * 15, 20),
    "long word between": ("short " + "x" * 120 + " tail and more words after it", 80),
    "exact width": ("x" * 80 + " " + "y" * 80 + "  " + "z" * 81, 80),
    "trailing spaces": ("Markdown break  \nnext line   \n" + "word " * 40, 80),
    "rtl": ("\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd " * 20, 30),
    "width one": ("a bb ccc dddd  e", 1),
    "cjk": ("全体会议每年召开一次。\u3000代表大会决定组织的政策。" * 6, 20),
}


def _random_cases(count: int = 150) -> dict[str, tuple[str, int]]:
    """Random strings over the awkward characters, at small widths, so every branch of the wrap is hit."""
    rng = random.Random(20240601)
    alphabet = (list("ab ŵŷ\n\t") + list(SPACES) + list(NOT_SPACES)
                + ["🎉", "👩‍👧", "𝔄", "e\u0301", "\r\n", "  "])
    return {f"random {i}": ("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120))),
                            rng.randint(1, 12))
            for i in range(count)}


def _cites(text: str, index: LineIndex, n: int, seed: str) -> list[list[int]]:
    """A few ``(start, end) -> (from, to)`` citations, with the ends of lines among them."""
    rng = random.Random(seed)
    points = sorted({0, len(text)}
                    | {x for ln in index.lines[:3] + index.lines[-3:] for x in (ln.start, ln.end)})
    points += [rng.randint(0, len(text)) for _ in range(n)]
    out = []
    for _ in range(n):
        a, b = sorted((rng.choice(points), rng.choice(points)))
        out.append([a, b, *index.cite(a, b)])
    return out


def _case(name: str, text: str, width: int, store_text: bool) -> dict:
    index = LineIndex(text, width)
    case = {"name": name, "width": width}
    if store_text:
        case["text"] = text
    else:
        case["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    case["lines"] = lengths(index)
    case["cites"] = _cites(text, index, 8, name + str(width))
    return case


def lengths(index: LineIndex) -> list[int]:
    """The compact form of the spans (see the module docstring)."""
    out, end = [], None
    for ln in index.lines:
        wrapped = end is not None and ln.start == end
        out.append(-(ln.end - ln.start) if wrapped else ln.end - ln.start)
        end = ln.end
    return out


def spans(lines: list[int]) -> list[tuple[int, int]]:
    """``(start, end)`` of each display line from its ``lengths``."""
    out, end = [], -1
    for n in lines:
        start = end if n < 0 else end + 1
        end = start + abs(n)
        out.append((start, end))
    return out


def history_texts() -> dict[str, str]:
    return {f"constitution-history/{p.name}": p.read_text(encoding="utf-8")
            for p in sorted(history_dir().glob("v*.txt"))}


def build() -> dict:
    """Every version of the shared charter history at each width, then the adversarial strings."""
    texts = history_texts()
    cases = [_case(name, text, WIDTH, False) for name, text in texts.items()]
    cases += [_case(name, text, NARROW, False) for name, text in list(texts.items())[::5]]
    cases += [_case(name, text, w, True) for name, (text, w) in (ADVERSARIAL | _random_cases()).items()]
    return {"about": " ".join(__doc__.split()), "cases": cases}


def dumps(vectors: dict) -> str:
    """One case per line, so a change shows up as a readable diff."""
    rows = [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in vectors["cases"]]
    return '{"about":' + json.dumps(vectors["about"]) + ',\n"cases":[\n' + ",\n".join(rows) + "\n]}\n"


if __name__ == "__main__":
    PATH.write_text(dumps(build()), encoding="utf-8")
    print(f"wrote {PATH}")
