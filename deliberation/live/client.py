"""A plain Python peer for the /live protocol (python-socketio + pycrdt): the
acceptance tests and the benchmark use it, and it shows that any Yjs client
can take part. Offsets given to ``insert``/``delete`` count characters; pycrdt
counts UTF-8 bytes, so they are converted here.
"""
from __future__ import annotations

import threading
import time

import socketio
from pycrdt import Doc, Text

from deliberation.live import protocol

NAMESPACE = "/live"


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


class LiveClient:
    def __init__(self, url: str, token: str, room: str, *, on_remote=None, timeout: float = 10.0) -> None:
        self.url, self.token, self.room, self.timeout = url, token, room, timeout
        self.doc = Doc()
        self.ytext = self.doc.get("text", type=Text)
        self.lock = threading.RLock()
        self.writable: bool | None = None
        self.synced = threading.Event()
        self.sent = 0
        self.acked = 0
        self.errors: list[dict] = []
        self._all_acked = threading.Condition()
        self.on_remote = on_remote  # (state before, state after, monotonic time) for latency probes
        #: The latest presence heard per Yjs client id (its state as the server relayed it).
        self.presence: dict[int, dict | None] = {}
        self._presence_clock = 0
        self.sio = self._socket()

    def _socket(self) -> socketio.Client:
        sio = socketio.Client(reconnection=False)
        sio.on("yjs", self._on_yjs, namespace=NAMESPACE)
        self._in_order(sio.eio)
        return sio

    @staticmethod
    def _in_order(eio) -> None:
        """python-engineio's client hands each message to a new thread, so a
        binary packet's header and attachment race (and updates arrive out of
        order): handle messages in the reading thread instead."""
        trigger = eio._trigger_event

        def in_reader_thread(event, *args, **kwargs):
            kwargs["run_async"] = False
            return trigger(event, *args, **kwargs)
        eio._trigger_event = in_reader_thread

    # -- connection ---------------------------------------------------------

    def connect(self) -> "LiveClient":
        self.sio.connect(self.url, namespaces=[NAMESPACE], transports=["websocket"],
                         auth={"token": self.token}, wait_timeout=self.timeout)
        ack = self.sio.call("join", {"room": self.room}, namespace=NAMESPACE, timeout=self.timeout)
        if not ack.get("ok"):
            raise RuntimeError(f"join refused: {ack}")
        self.writable = ack["writable"]
        with self.lock:
            step1 = protocol.sync_step1(self.doc.get_state())
        self.sio.emit("yjs", {"room": self.room, "data": step1}, namespace=NAMESPACE)
        if not self.synced.wait(self.timeout):
            raise TimeoutError("no sync step 2 from the server")
        return self

    def close(self) -> None:
        self.sio.disconnect()

    def reconnect(self, url: str | None = None) -> "LiveClient":
        """A new connection for the same document, as a browser reconnects after losing its
        server: the sync exchange carries whatever the server lacks, updates that were sent but
        never acknowledged included (those are counted as settled: the exchange resends them)."""
        try:
            self.sio.disconnect()
        except Exception:  # noqa: BLE001 -- the old connection is already gone
            pass
        old = getattr(self.sio.eio, "ws", None)
        if old is not None:  # a server that died leaves the socket open on this side
            old.close()
        with self._all_acked:
            self.sent = self.acked + len(self.errors)
        self.url = url or self.url
        self.synced.clear()
        self.sio = self._socket()
        return self.connect()

    # -- editing ------------------------------------------------------------

    @property
    def text(self) -> str:
        with self.lock:
            return str(self.ytext)

    def insert(self, index: int, chunk: str) -> None:
        self._edit(lambda text: self.ytext.insert(_byte_offset(text, index), chunk))

    def delete(self, index: int, length: int) -> None:
        def cut(text):
            start = _byte_offset(text, index)
            del self.ytext[start:start + len(text[index:index + length].encode("utf-8"))]
        self._edit(cut)

    def _edit(self, change) -> None:
        with self.lock:
            before = self.doc.get_state()
            change(str(self.ytext))
            update = self.doc.get_update(before)
        self._send_update(protocol.update_message(update))

    def _send_update(self, data: bytes) -> None:
        with self._all_acked:
            self.sent += 1
        self.sio.emit("yjs", {"room": self.room, "data": data}, namespace=NAMESPACE, callback=self._on_ack)

    def _on_ack(self, ack=None) -> None:
        with self._all_acked:
            if isinstance(ack, dict) and ack.get("ok"):
                self.acked += 1
            else:
                self.errors.append(ack)
            self._all_acked.notify_all()

    def wait_acked(self, timeout: float = 30.0) -> bool:
        """True once every update sent so far was acknowledged (stored) or refused."""
        deadline = time.monotonic() + timeout
        with self._all_acked:
            while self.acked + len(self.errors) < self.sent:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._all_acked.wait(left)
        return True

    def announce(self, state: dict | None) -> None:
        """Send this peer's presence (its cursor, say; None: it leaves); the server relays it
        to the room under the member's own name."""
        self._presence_clock += 1
        entry = protocol.AwarenessEntry(self.doc.client_id, self._presence_clock, state)
        data = protocol.awareness_message(protocol.encode_awareness([entry]))
        with self._all_acked:
            self.sent += 1
        self.sio.emit("yjs", {"room": self.room, "data": data}, namespace=NAMESPACE, callback=self._on_ack)

    # -- receiving ----------------------------------------------------------

    def _on_yjs(self, payload) -> None:
        if not isinstance(payload, dict) or payload.get("room") != self.room:
            return
        message = protocol.parse_message(bytes(payload["data"]))
        if message.kind == "awareness":
            with self.lock:
                for entry in protocol.decode_awareness(message.payload):
                    self.presence[entry.client_id] = entry.state
            return
        if message.kind == "sync_step1":
            with self.lock:
                reply = protocol.sync_step2(self.doc.get_update(message.payload))
            self._send_update(reply)
        elif message.kind in ("sync_step2", "update"):
            with self.lock:
                before = self.doc.get_state() if self.on_remote else None
                self.doc.apply_update(message.payload)
                after = self.doc.get_state() if self.on_remote else None
            if self.on_remote:
                self.on_remote(before, after, time.monotonic())
            if message.kind == "sync_step2":
                self.synced.set()
