"""A draft edited in the live editor is found by its group, and only by it, once the edits are
stored: they reach the index through the pump's live_text_stored signal, not the outbox."""
from search_world import hits, world  # noqa: F401  (fixture)
from test_live_socket import _no_message_queue, edit, yjs  # noqa: F401  (fixtures)


def test_a_live_edit_to_a_draft_is_found_by_its_group_only(app, api, world, token_for):
    """Keystrokes from the live editor arrive through the pump and the live_text_stored signal."""
    from test_live_socket import edit, yjs

    from deliberation.live import protocol, store
    from extensions import socketio
    app.extensions["search"].draft_seconds = 0
    socketio.server_options.pop("client_manager", None)
    room = world["draft"].room
    client = socketio.test_client(app, namespace="/live", auth={"token": token_for(world["writer"])})
    assert client.emit("join", {"room": room}, namespace="/live", callback=True)["ok"] is True
    text = store.live_text(room)
    assert yjs(client, room, protocol.update_message(edit(text, 0, "Zanzibar "))) == {"ok": True}
    assert ("proposal", world["draft"].id) in hits(api, world["writer"], "zanzibar")
    assert hits(api, world["outsider"], "zanzibar") == []
