"""Where threads on lines sit in a version: their own lines, or lines carried from an earlier
version of the draft they were written on, or nowhere when their words are gone.

A thread follows the text down the version chain (each version's parent pointer): written on
version V, it is shown on V and on every version made from V, at the lines its words have
there. Versions are immutable, so each step's diff is kept (by the two texts' SHA-256, so
that no two databases can share a wrong entry).
"""

from __future__ import annotations

from flask import current_app

from amendments.engine import Edit, LineIndex, edits_between
from amendments.engine.anchors import carry
from amendments.engine.shift import Shifter
from amendments.models import Version
from deliberation.discussion.models import Comment
from deliberation.discussion.present import Thread, threads_of
from extensions import db

#: Versions followed back at most (a draft has one per merge; this is far beyond any assembly).
MAX_CHAIN = 10_000
#: Steps' diffs kept, most recent last.
KEEP_STEPS = 256
_steps: dict[tuple[str, str], tuple[tuple[Edit, ...], Shifter]] = {}


def ancestry(version_id: int, assembly_id: int) -> list[tuple[int, str]]:
    """(id, sha256) of the version and its ancestors, nearest first (texts are not read)."""
    rows = {
        vid: (parent, sha)
        for vid, parent, sha in db.session.execute(
            db.select(Version.id, Version.parent_id, Version.sha256).where(Version.assembly_id == assembly_id)
        )
    }
    chain, node = [], version_id
    while node is not None and node in rows and len(chain) < MAX_CHAIN:
        chain.append((node, rows[node][1]))
        node = rows[node][0]
    return chain


def _step(
    prev: tuple[int, str], nxt: tuple[int, str], texts: dict[int, str]
) -> tuple[tuple[Edit, ...], Shifter]:
    key = (prev[1], nxt[1])
    found = _steps.get(key)
    if found is None:
        edits = () if prev[1] == nxt[1] else edits_between(_text(prev[0], texts), _text(nxt[0], texts))
        found = _steps[key] = (edits, Shifter(edits))
        while len(_steps) > KEEP_STEPS:
            _steps.pop(next(iter(_steps)), None)
    return found


def _text(version_id: int, texts: dict[int, str]) -> str:
    if version_id not in texts:
        texts[version_id] = db.session.scalar(db.select(Version.text).where(Version.id == version_id))
    return texts[version_id]


def threads_on_version(version: Version) -> list[Thread]:
    """The version's own threads and those carried to it, with their lines in this version."""
    chain = ancestry(version.id, version.assembly_id)  # nearest first
    comments = db.session.scalars(
        db.select(Comment)
        .where(Comment.target == "version", Comment.target_id.in_([vid for vid, _sha in chain]))
        .order_by(Comment.id)
    ).all()
    threads = threads_of(comments)
    earlier = [t for t in threads if t.root.target_id != version.id and t.root.char_start is not None]
    if not earlier:
        return [t for t in threads if t.root.target_id == version.id]
    forward = list(reversed(chain))  # oldest first
    position = {vid: i for i, (vid, _sha) in enumerate(forward)}
    texts: dict[int, str] = {version.id: version.text}
    index = LineIndex(version.text, current_app.config["LINE_WIDTH"])
    shown = []
    for thread in threads:
        root = thread.root
        if root.target_id == version.id:
            shown.append(thread)
            continue
        if root.char_start is None:
            continue  # a comment on an earlier version as a whole stays with that version
        here: tuple[int, int] | None = (root.char_start, root.char_end)
        for i in range(position[root.target_id], len(forward) - 1):
            edits, shift = _step(forward[i], forward[i + 1], texts)
            if not edits:
                continue
            here = carry(_text(forward[i][0], texts), here[0], here[1], edits, shift)
            if here is None:
                break
        thread.carried = True
        if here is None:
            thread.gone, thread.line_from, thread.line_to = True, None, None
        else:
            thread.line_from, thread.line_to = index.cite(*here)
        shown.append(thread)
    return shown
