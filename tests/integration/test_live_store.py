"""The live store turns whole texts into Yjs edits without mangling any character, and
compaction keeps the log in an order every replica can replay."""
import pytest
from pycrdt import Doc, Text

from deliberation.live import store


@pytest.mark.parametrize("old,new", [
    ("Hello world", "Hello brave world"),
    ("Straße und Größe", "Straße oder Größe!"),
    ("a👩‍👩‍👧b ŵ ŷ", "a👩‍👩‍👧 X b ŵ"),
    ("שלום עולם and مرحبا", "שלום and مرحبا بالعالم"),
    ("zero\u200bwidth  \nline two", "zero\u200bwidth  \nline 2\n"),
])
def test_replace_text_round_trips(app, old, new):
    room = "proposal:test"
    store.replace_text(room, old, None)
    assert store.live_text(room) == old
    assert store.replace_text(room, new, None)
    assert store.live_text(room) == new
    assert store.replace_text(room, new, None) is None


def test_a_row_committed_during_compaction_comes_after_the_snapshot_it_builds_on(app, monkeypatch):
    """Rows are loaded in id order; the snapshot must not land after edits made on top of it."""
    import threading

    from deliberation.live import compaction
    from deliberation.live.models import LiveUpdate
    from deliberation.live.rooms import LiveDocument
    from extensions import db
    room = "proposal:compact"
    store.seed(room, "Hello world", None)
    store.append_update(room, _edit(store.load_doc(room), 5, " brave"), None)
    db.session.commit()
    rebuild = compaction._rebuild

    def rebuild_while_someone_types(updates):
        built = rebuild(updates)

        def type_meanwhile():  # another connection commits an edit made on the current text
            with app.app_context():
                store.append_update(room, _edit(store.load_doc(room), 0, "Oh, "), None)
                db.session.commit()
                db.session.remove()
        writer = threading.Thread(target=type_meanwhile)
        writer.start()
        writer.join(10)
        return built
    monkeypatch.setattr(compaction, "_rebuild", rebuild_while_someone_types)
    assert compaction.compact(room) == 2
    db.session.remove()
    rows = db.session.scalars(db.select(LiveUpdate.data).where(LiveUpdate.room == room)
                              .order_by(LiveUpdate.id)).all()
    assert len(rows) == 2
    doc = LiveDocument()
    for data in rows:
        doc.apply_stored(data)
        assert not doc.has_pending  # each row applies on what came before it
    assert doc.text == "Oh, Hello brave world" == store.live_text(room)


def _edit(doc: Doc, at: int, words: str) -> bytes:
    text = doc["text"] if "text" in doc else doc.get("text", type=Text)
    before = doc.get_state()
    text.insert(at, words)
    return doc.get_update(before)
