"""Bench peers: the same typing workload through Refound's Socket.IO protocol
(deliberation.live.client) or a plain y-websocket connection to the reference
Node server. Both record when each remote keystroke first arrives."""
from __future__ import annotations

import threading
import time

import websocket
from pycrdt import Doc, Text

from deliberation.live import protocol
from deliberation.live.client import LiveClient


class Probe:
    """Arrival log of one observing peer: (writer client id, new clock, time)."""

    def __init__(self) -> None:
        self.events: list[tuple[int, int, float]] = []
        self.messages = 0
        self.own: int | None = None  # the observer's own edits are not arrivals

    def __call__(self, before: bytes, after: bytes, now: float) -> None:
        self.messages += 1
        old = protocol.decode_state_vector(before)
        for client, clock in protocol.decode_state_vector(after).items():
            if clock > old.get(client, 0) and client != self.own:
                self.events.append((client, clock, now))


class SocketIOPeer(LiveClient):
    kind = "refound"

    def __init__(self, url: str, token: str, room: str, probe: Probe | None) -> None:
        super().__init__(url, token, room, on_remote=self._remote, timeout=60)
        self.received = 0
        self.probe = probe
        if probe:
            probe.own = self.doc.client_id

    def _remote(self, before, after, now) -> None:
        self.received += 1
        if self.probe:
            self.probe(before, after, now)


class WebSocketPeer:
    """A y-websocket peer (no acks: the reference server has no durability)."""

    kind = "yjs-node"

    def __init__(self, url: str, token: str, room: str, probe: Probe | None) -> None:
        self.url = url.replace("http://", "ws://") + "/" + room
        self.doc = Doc()
        self.ytext = self.doc.get("text", type=Text)
        self.lock = threading.RLock()
        self.synced = threading.Event()
        self.on_remote = probe
        if probe:
            probe.own = self.doc.client_id
        self.sent = self.acked = self.received = 0
        self.errors: list = []
        self.ws = websocket.WebSocket()

    def connect(self) -> "WebSocketPeer":
        self.ws.connect(self.url, timeout=60)
        self.ws.send_binary(protocol.sync_step1(self.doc.get_state()))
        threading.Thread(target=self._read, daemon=True).start()
        if not self.synced.wait(60):
            raise TimeoutError("no sync step 2")
        return self

    def _read(self) -> None:
        while True:
            try:
                data = self.ws.recv()
            except Exception:
                return
            if not isinstance(data, bytes) or not data:
                continue
            message = protocol.parse_message(data)
            if message.kind == "sync_step1":
                with self.lock:
                    reply = protocol.sync_step2(self.doc.get_update(message.payload))
                self._send(reply)
            elif message.kind in ("sync_step2", "update"):
                with self.lock:
                    before = self.doc.get_state()
                    self.doc.apply_update(message.payload)
                    after = self.doc.get_state()
                self.received += 1
                if self.on_remote:
                    self.on_remote(before, after, time.monotonic())
                if message.kind == "sync_step2":
                    self.synced.set()

    def _send(self, data: bytes) -> None:
        with self.lock:
            self.ws.send_binary(data)

    @property
    def text(self) -> str:
        with self.lock:
            return str(self.ytext)

    def insert(self, index: int, chunk: str) -> None:
        with self.lock:
            text = str(self.ytext)
            before = self.doc.get_state()
            self.ytext.insert(len(text[:index].encode()), chunk)
            self._send(protocol.update_message(self.doc.get_update(before)))
        self.sent += 1

    def delete(self, index: int, length: int) -> None:
        with self.lock:
            text = str(self.ytext)
            start = len(text[:index].encode())
            before = self.doc.get_state()
            del self.ytext[start:start + len(text[index:index + length].encode())]
            self._send(protocol.update_message(self.doc.get_update(before)))
        self.sent += 1

    def wait_acked(self, timeout: float = 0) -> bool:
        return True

    def close(self) -> None:
        try:
            self.ws.close(timeout=0.1)
        except Exception:
            pass
