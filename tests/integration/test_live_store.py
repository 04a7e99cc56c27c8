"""The live store turns whole texts into Yjs edits without mangling any character."""
import pytest

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
