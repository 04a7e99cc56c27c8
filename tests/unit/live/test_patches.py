"""patches.py: it patches only the pinned releases (the pins of requirements.txt), says so
clearly otherwise, and the private library code it leans on still has the shape it expects."""
import inspect
import re
from pathlib import Path

import pytest
from socketio import server

from deliberation.live import patches

REQUIREMENTS = Path(__file__).resolve().parents[3] / "requirements.txt"


def test_the_pins_are_those_of_requirements_txt():
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", REQUIREMENTS.read_text(), re.M))
    assert {name: pins.get(name) for name in patches.PINNED} == patches.PINNED


def test_another_release_is_refused_with_a_clear_error():
    patches.check_versions()  # the installed ones are the pinned ones
    newer = {**patches.PINNED, "python-engineio": "4.16.0"}
    with pytest.raises(patches.UnsupportedVersion, match=r"python-engineio 4\.16\.0 \(pinned 4\.15\.1\)"):
        patches.check_versions(newer.__getitem__)


def test_install_is_idempotent_and_patches_the_three_places():
    patches.install()
    patches.install()
    assert patches.SimpleWebSocketWSGI.send is patches._send
    assert patches.Socket._websocket_handler is patches._websocket_handler
    assert server.Server._send_packet is patches._send_packet


def test_the_library_code_the_patches_rely_on_has_not_changed_shape():
    # Engine.IO's WebSocket writer sends each queued packet's encode() through the wrapper's send...
    assert "ws.send(pkt.encode())" in inspect.getsource(patches._plain_websocket_handler)
    # ...the wrapper holds simple-websocket's connection, with its socket and state...
    assert "self.ws = simple_websocket.Server" in inspect.getsource(patches.SimpleWebSocketWSGI.__call__)
    simple_websocket = patches._plain_send.__globals__["simple_websocket"]
    assert "self.sock.send(" in inspect.getsource(simple_websocket.ws.Base.send)
    # ...Engine.IO queues what Socket.send is given, logging only its type and data...
    assert "self.queue.put(pkt)" in inspect.getsource(patches.Socket.send)
    # ...and python-socketio queues a packet's frames (header, attachments) in _send_packet.
    source = inspect.getsource(patches._plain_send_packet)
    assert list(inspect.signature(patches._plain_send_packet).parameters) == ["self", "eio_sid", "pkt"]
    assert "for ep in encoded_packet:" in source and "self.eio.send(eio_sid, ep)" in source
