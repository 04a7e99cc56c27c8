"""Word-level diffs and edits: the shared currency of amendments, merges and redlines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from diff_match_patch import diff_match_patch

from .tokens import tokenise

try:  # optional C++ build of the same algorithm; ~25x faster on big documents
    import fast_diff_match_patch as _fast
except ImportError:  # pragma: no cover - the pure-Python library is always there
    _fast = None

__all__ = ["Edit", "word_diff", "edits_between", "apply_edits", "ops_to_edits", "set_backend", "backend"]

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
_OP_NAMES = {0: EQUAL, 1: INSERT, -1: DELETE}
_CODE_BASE = 0xF0000  # supplementary private use planes: never real text
_CODE_ROOM = 0x10FFFE - _CODE_BASE
_FAST_OPS = {"=": 0, "-": -1, "+": 1}
# Above this many tokens, diff line by line first and word by word only inside changed
# lines (diff-match-patch's line mode, with words for characters): 10x faster on whole
# documents, at the cost that runs of identical lines may align as whole-line changes.
LINE_MODE_TOKENS = 6000
_backend = "fast" if _fast is not None else "python"


def backend() -> str:
    """Which diff implementation is in use: "fast" (C++) or "python"."""
    return _backend


def set_backend(name: str) -> None:
    """Choose the diff implementation (benchmarks compare them); "fast" needs fast-diff-match-patch."""
    global _backend
    if name not in ("fast", "python") or (name == "fast" and _fast is None):
        raise ValueError(f"diff backend {name!r} is not available")
    _backend = name
    _word_diff_cached.cache_clear()


def _raw_diff(dmp: diff_match_patch, a: str, b: str) -> list[tuple[int, str]]:
    """Myers diff of two encoded strings, before any cleanup."""
    if _backend == "fast":
        found = _fast.diff(a, b, timelimit=dmp.Diff_Timeout, checklines=False, cleanup="No",
                           counts_only=False)
        return [(_FAST_OPS[op], text) for op, text in found]
    return dmp.diff_main(a, b, False)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``base[start:end]`` with ``text``, in the base text's coordinates."""

    start: int
    end: int
    text: str


def _dmp() -> diff_match_patch:
    dmp = diff_match_patch()
    # A positive timeout enables diff-match-patch's half-match speed-up, which
    # splits long documents at shared passages; texts this size never hit it.
    dmp.Diff_Timeout = 5.0
    return dmp


def _code(i: int) -> str:
    return chr(_CODE_BASE + i) if i < _CODE_ROOM else chr(0x10000 + i - _CODE_ROOM)


def _encode(ta: Sequence[str], tb: Sequence[str]) -> tuple[str, str]:
    """Map each distinct token to one character, like diff-match-patch's linesToChars."""
    table: dict[str, str] = {}
    get = table.get

    def enc(tokens: Sequence[str]) -> str:
        out = []
        for tok in tokens:
            ch = get(tok)
            if ch is None:
                ch = table[tok] = _code(len(table))
            out.append(ch)
        return "".join(out)

    return enc(ta), enc(tb)


def _line_chunks(encoded: str, newline: str | None) -> list[str]:
    """Split an encoded token string after each newline token."""
    if newline is None:
        return [encoded] if encoded else []
    parts = encoded.split(newline)
    out = [p + newline for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _token_diff(ea: str, eb: str, newline: str | None) -> list[tuple[int, str]]:
    """Diff encoded token strings line by line first, then token by token inside changed blocks."""
    dmp = _dmp()
    if len(ea) + len(eb) < LINE_MODE_TOKENS:
        return _raw_diff(dmp, ea, eb)
    la, lb = _line_chunks(ea, newline), _line_chunks(eb, newline)
    if len(la) < 3 and len(lb) < 3:
        return _raw_diff(dmp, ea, eb)
    lines: dict[str, str] = {}
    codes_a = "".join(lines.setdefault(x, _code(len(lines))) for x in la)
    codes_b = "".join(lines.setdefault(x, _code(len(lines))) for x in lb)
    back = list(lines)
    coarse = _raw_diff(dmp, codes_a, codes_b)
    diffs: list[tuple[int, str]] = []
    dels: list[str] = []
    ins: list[str] = []
    for op, codes in coarse + [(0, "")]:
        text = "".join(back[_decode_index(c)] for c in codes)
        if op == -1:
            dels.append(text)
        elif op == 1:
            ins.append(text)
        else:
            if dels and ins:
                diffs.extend(_raw_diff(dmp, "".join(dels), "".join(ins)))
            elif dels:
                diffs.append((-1, "".join(dels)))
            elif ins:
                diffs.append((1, "".join(ins)))
            dels, ins = [], []
            if text:
                diffs.append((0, text))
    dmp.diff_cleanupMerge(diffs)
    return diffs


def _decode_index(ch: str) -> int:
    cp = ord(ch)
    return cp - _CODE_BASE if cp >= _CODE_BASE else cp - 0x10000 + _CODE_ROOM


@lru_cache(maxsize=128)
def _word_diff_cached(a: str, b: str) -> tuple[tuple[str, str], ...]:
    if a == b:
        return ((EQUAL, a),) if a else ()
    ta, tb = tokenise(a), tokenise(b)
    ea, eb = _encode(ta, tb)
    newline = None
    if "\n" in a or "\n" in b:
        newline = ea[ta.index("\n")] if "\n" in ta else eb[tb.index("\n")]
    diffs = _token_diff(ea, eb, newline)
    _dmp().diff_cleanupSemantic(diffs)
    ops: list[tuple[str, str]] = []
    ia = ib = 0
    for op, chars in diffs:
        n = len(chars)
        if not n:
            continue
        if op == 1:
            text = "".join(tb[ib : ib + n])
            ib += n
        else:
            text = "".join(ta[ia : ia + n])
            ia += n
            if op == 0:
                ib += n
        name = _OP_NAMES[op]
        if ops and ops[-1][0] == name:
            ops[-1] = (name, ops[-1][1] + text)
        else:
            ops.append((name, text))
    return tuple(ops)


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """Diff two texts word by word, so a one-word change never replaces a whole line."""
    return list(_word_diff_cached(a, b))


def ops_to_edits(ops: Sequence[tuple[str, str]]) -> tuple[Edit, ...]:
    """Turn diff ops into edits on the old text, fusing each delete+insert run."""
    edits: list[Edit] = []
    pos = 0
    start = -1
    ins: list[str] = []
    for op, text in ops:
        if op == EQUAL:
            if start >= 0:
                edits.append(Edit(start, pos, "".join(ins)))
                start, ins = -1, []
            pos += len(text)
            continue
        if start < 0:
            start = pos
        if op == DELETE:
            pos += len(text)
        else:
            ins.append(text)
    if start >= 0:
        edits.append(Edit(start, pos, "".join(ins)))
    return tuple(edits)


def edits_between(base: str, edited: str) -> tuple[Edit, ...]:
    """The minimal word-level edits that turn ``base`` into ``edited``."""
    return ops_to_edits(_word_diff_cached(base, edited))


def check_edits(text_len: int, edits: Sequence[Edit]) -> None:
    """Raise ValueError unless edits are in range, sorted and non-overlapping."""
    prev: Edit | None = None
    for e in edits:
        if not 0 <= e.start <= e.end <= text_len:
            raise ValueError(f"edit out of range: {e!r}")
        if prev is not None:
            if e.start < prev.end or (e.start, e.end) < (prev.start, prev.end):
                raise ValueError(f"edits overlap or are unsorted: {prev!r}, {e!r}")
            if e.start == e.end == prev.start == prev.end:
                raise ValueError(f"two insertions at the same point: {prev!r}, {e!r}")
        prev = e


def splice(text: str, edits: Sequence[Edit]) -> str:
    """Apply edits already known to be in order (insertions at one point keep their order)."""
    out: list[str] = []
    pos = 0
    for e in edits:
        out.append(text[pos : e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits in one pass."""
    check_edits(len(text), edits)
    return splice(text, edits)
