"""The real charter history in ../shared/data, and how a member would re-express a change."""
import os
from pathlib import Path

from amendments.engine import Edit, apply_edits


def history_dir() -> Path:
    """../shared/data beside the checkout (as CI lays it out), else REFOUND_SHARED_DATA."""
    here = Path(__file__).resolve().parents[3] / "shared" / "data"
    if not here.is_dir():
        here = Path(os.environ.get("REFOUND_SHARED_DATA", "/work/shared/data"))
    return here / "constitution-history" / "versions"


def load_versions() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(history_dir().glob("v*.txt"))]


def express(edits, new: str, old: str, ctx: int = 20):
    """Re-express edits made on ``new`` on the older text ``old`` by an exact, unique context search.

    Independent of the engine: it is how a member working on the older version would have
    made the same change. Returns None if the words are not (uniquely) there.
    """
    out = []
    for e in edits:
        pre, words, post = new[max(0, e.start - ctx): e.start], new[e.start: e.end], new[e.end: e.end + ctx]
        at = old.find(pre + words + post)
        if at < 0 or old.find(pre + words + post, at + 1) >= 0:
            return None
        out.append(Edit(at + len(pre), at + len(pre) + len(words), e.text))
    out.sort(key=lambda x: (x.start, x.end))
    try:
        apply_edits(old, out)
    except ValueError:
        return None
    return tuple(out)
