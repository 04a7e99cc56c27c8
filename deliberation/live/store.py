"""Read and write a room's Yjs document through its update log.

The log is the single source of truth for live text: the browser editor, Python
clients and the plain-form fallback all end up as Yjs updates in this table.
"""
import base64

from pycrdt import Doc, Text

from amendments.engine import word_diff
from deliberation.live.models import LiveUpdate
from deliberation.live.rooms import LiveDocument, seed_update
from extensions import db


def load_doc(room: str) -> Doc:
    """Rebuild a room's document from its stored updates.

    Rows are not always in causal order (one client's insert and delete can be
    handled by two threads and committed the other way round), so they go
    through LiveDocument, which keeps out-of-order updates until they apply.
    """
    live = LiveDocument.from_updates(data for (data,) in db.session.execute(
        db.select(LiveUpdate.data).where(LiveUpdate.room == room).order_by(LiveUpdate.id)))
    doc = Doc()
    doc["text"] = Text()
    doc.apply_update(live.snapshot())
    return doc


def live_text(room: str) -> str:
    return str(load_doc(room)["text"])


def append_update(room: str, update: bytes, author_id: int | None) -> LiveUpdate:
    """Add an update to the log in the caller's transaction."""
    row = LiveUpdate(room=room, data=update, author_id=author_id)
    db.session.add(row)
    return row


def seed(room: str, text: str, author_id: int | None) -> None:
    """Store a new room's first update: the seed text under the fixed seed client id,
    byte-identical wherever it is made, so no replica can ever duplicate it."""
    append_update(room, seed_update(text), author_id)


def replace_text(room: str, new_text: str, author_id: int | None) -> bytes | None:
    """Turn a whole new text into minimal Yjs edits (a form post, the seed text).

    Returns the stored update, or None when nothing changed. Word-level edits
    keep concurrent live editors' cursors and unrelated edits intact.
    """
    doc = load_doc(room)
    ytext = doc["text"]
    old = str(ytext)
    if old == new_text:
        return None
    before = doc.get_state()
    with doc.transaction():
        pos = 0  # pycrdt's Text counts UTF-8 bytes, not characters
        for op, chunk in word_diff(old, new_text):
            size = len(chunk.encode("utf-8"))
            if op == "equal":
                pos += size
            elif op == "delete":
                del ytext[pos:pos + size]
            else:
                ytext.insert(pos, chunk)
                pos += size
    update = doc.get_update(before)
    append_update(room, update, author_id)
    return update


def snapshot(room: str) -> tuple[str, str]:
    """The room's text and its whole state (base64) from one read, so offsets in the text hold
    for the state a page starts its editor from."""
    doc = load_doc(room)
    return str(doc["text"]), base64.b64encode(doc.get_update()).decode("ascii")


def encoded_state(room: str) -> str:
    """The room's whole state, base64, for a page's data-initial-update: the
    editor starts from real CRDT items, so it never duplicates text on sync."""
    return base64.b64encode(load_doc(room).get_update()).decode("ascii")
