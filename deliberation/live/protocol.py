"""The y-websocket message framing that travels inside Socket.IO ``yjs`` events.

A message is ``varUint type`` then, for type 0 (sync), ``varUint subtype`` and a
length-prefixed payload; for type 1 (awareness), a length-prefixed payload. We
parse strictly (pycrdt's ``Decoder`` is lenient about truncation and trailing
bytes) because these bytes come from untrusted clients; the builders reuse
pycrdt's so both ends agree on one encoding.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Literal

from pycrdt import (
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_update_message,
    write_message,
    write_var_uint,
)

Kind = Literal["sync_step1", "sync_step2", "update", "awareness"]

_SYNC_KINDS: dict[int, Kind] = {
    YSyncMessageType.SYNC_STEP1: "sync_step1",
    YSyncMessageType.SYNC_STEP2: "sync_step2",
    YSyncMessageType.SYNC_UPDATE: "update",
}
#: lib0 varUints carry at most 53 bits (JavaScript's safe integers).
_MAX_VARUINT_BITS = 53
#: Nesting an awareness state may have (a cursor is four levels deep).
MAX_STATE_DEPTH = 16


class ProtocolError(ValueError):
    """The bytes are not one well-formed y-protocols message."""


class StateTooLarge(ProtocolError):
    """An awareness state is larger than the caller allows."""


@dataclass(frozen=True)
class Message:
    """One parsed message: for sync kinds the payload is a state vector
    (``sync_step1``) or a Yjs update; for ``awareness`` an awareness update."""

    kind: Kind
    payload: bytes


@dataclass(frozen=True)
class AwarenessEntry:
    """One client's entry in an awareness update; ``state`` None means it left."""

    client_id: int
    clock: int
    state: dict | None


class _Reader:
    """A strict cursor over bytes: every read either succeeds or raises."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def var_uint(self) -> int:
        value = shift = 0
        while True:
            if self.pos >= len(self.data):
                raise ProtocolError("truncated varUint")
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value
            if shift >= _MAX_VARUINT_BITS:
                raise ProtocolError("varUint too long")

    def var_bytes(self) -> bytes:
        length = self.var_uint()
        end = self.pos + length
        if end > len(self.data):
            raise ProtocolError("truncated payload")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def finish(self) -> None:
        if self.pos != len(self.data):
            raise ProtocolError("trailing bytes after message")


def parse_message(data: bytes) -> Message:
    """Parse one framed message; raise ProtocolError if it is malformed."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ProtocolError("message must be bytes")
    reader = _Reader(bytes(data))
    msg_type = reader.var_uint()
    if msg_type == YMessageType.SYNC:
        sub = reader.var_uint()
        kind = _SYNC_KINDS.get(sub)
        if kind is None:
            raise ProtocolError(f"unknown sync message type {sub}")
    elif msg_type == YMessageType.AWARENESS:
        kind = "awareness"
    else:
        raise ProtocolError(f"unknown message type {msg_type}")
    payload = reader.var_bytes()
    reader.finish()
    return Message(kind, payload)


def sync_step1(state_vector: bytes) -> bytes:
    """Frame a state vector as sync step 1 ("send me what I lack")."""
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP1]) + write_message(state_vector)


def sync_step2(update: bytes) -> bytes:
    """Frame the reply to step 1: the update the peer lacks."""
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP2]) + write_message(update)


def update_message(update: bytes) -> bytes:
    """Frame an incremental document update."""
    return create_update_message(update)


def awareness_message(awareness_update: bytes) -> bytes:
    """Frame an awareness update (cursors, names, presence)."""
    return create_awareness_message(awareness_update)


def decode_awareness(payload: bytes, max_state_bytes: int | None = None) -> list[AwarenessEntry]:
    """Decode an awareness update so the server can validate it and learn which
    client ids a connection speaks for (to announce their departure later).

    Each state must be strict JSON that a browser's ``JSON.parse`` reads back
    the same: UTF-8, no NaN or infinities, no lone surrogates, an object or
    null, at most MAX_STATE_DEPTH deep and (given ``max_state_bytes``) at most
    that long. Anything else raises ProtocolError (StateTooLarge for length)."""
    reader = _Reader(payload)
    entries = []
    for _ in range(reader.var_uint()):
        client_id = reader.var_uint()
        clock = reader.var_uint()
        raw = reader.var_bytes()
        if max_state_bytes is not None and len(raw) > max_state_bytes:
            raise StateTooLarge(f"awareness state is larger than {max_state_bytes} bytes")
        try:
            state = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except RecursionError as exc:
            raise ProtocolError("awareness state is nested too deeply") from exc
        except (UnicodeDecodeError, ValueError) as exc:
            raise ProtocolError("awareness state is not JSON") from exc
        if state is not None and not isinstance(state, dict):
            raise ProtocolError("awareness state must be an object or null")
        _check_json(state, MAX_STATE_DEPTH)
        entries.append(AwarenessEntry(client_id, clock, state))
    reader.finish()
    return entries


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _check_json(value, depth: int) -> None:
    """Raise ProtocolError for what JSON.parse would not give back: infinities
    (``1e400``), lone surrogates; and for nesting deeper than ``depth``."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ProtocolError("awareness state holds a lone surrogate") from exc
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ProtocolError("awareness state holds a number out of range")
    elif isinstance(value, (dict, list)):
        if depth <= 0:
            raise ProtocolError("awareness state is nested too deeply")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            _check_json(key, depth - 1)
            _check_json(item, depth - 1)


def encode_awareness(entries: list[AwarenessEntry]) -> bytes:
    """Encode awareness entries (the inverse of decode_awareness)."""
    out = [write_var_uint(len(entries))]
    for entry in entries:
        state = json.dumps(entry.state, separators=(",", ":")).encode("utf-8")
        out += [write_var_uint(entry.client_id), write_var_uint(entry.clock), write_message(state)]
    return b"".join(out)


def awareness_departure(last_seen: dict[int, int]) -> bytes:
    """A framed awareness message saying these clients left (state null, clock
    bumped past the last one seen), for when a connection drops without saying so."""
    entries = [AwarenessEntry(cid, clock + 1, None) for cid, clock in last_seen.items()]
    return awareness_message(encode_awareness(entries))


def decode_state_vector(state_vector: bytes) -> dict[int, int]:
    """A Yjs state vector as {client id: next clock}."""
    reader = _Reader(state_vector)
    clocks = {}
    for _ in range(reader.var_uint()):
        client_id = reader.var_uint()
        clocks[client_id] = reader.var_uint()
    reader.finish()
    return clocks


def decode_delete_set(data: bytes) -> list[tuple[int, int, int]]:
    """A Yjs v1 delete set as (client id, clock, length) ranges; ``data`` is
    what follows the structs of an update (all of it when there are none)."""
    reader = _Reader(data)
    ranges = []
    for _ in range(reader.var_uint()):
        client_id = reader.var_uint()
        for _ in range(reader.var_uint()):
            clock = reader.var_uint()
            ranges.append((client_id, clock, reader.var_uint()))
    reader.finish()
    return ranges
