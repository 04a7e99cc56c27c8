"""The server's replica of one live room's Yjs document (pure: no Flask, no DB).

Seeding rule. A room's first stored update is ``seed_update(initial_text)``,
written once, in the same database transaction that creates the proposal (or
merge draft). Processes never seed lazily from text; they rebuild rooms with
``LiveDocument.from_updates(stored_updates)``. The seed is a pure function of
the text (one insert by the reserved client id 0), so even if two processes
or a browser that started offline (``data-initial-text``) build it
independently, the copies are the same Yjs items and merge into one. Only ever
seed a room with its immutable initial text: the same ids with different
content would make replicas diverge.

Validation. pycrdt can integrate part of an update and then fail (e.g. a parent
that is not a shared type), so a failed apply rebuilds the document from a
base state plus the updates accepted since; the base is refreshed every few
hundred updates so rollback stays cheap while the common path stays a plain
apply (a scratch copy per keystroke costs milliseconds on a 200 KB text).

Out-of-order updates (items or deletions that build on ones not yet seen,
e.g. across app processes) are kept and re-applied as their dependencies
arrive, and are included in snapshots and step-2 replies: pycrdt alone would
leave them out of ``get_update()`` and sometimes never integrate them.

Note: pycrdt's ``Text`` indexes count UTF-8 bytes, not characters.
"""

from __future__ import annotations

import threading
from typing import Iterable

from pycrdt import Doc, Text, get_state, get_update, merge_updates

from .protocol import ProtocolError, decode_delete_set, decode_state_vector, sync_step1, sync_step2

TEXT_NAME = "text"
#: Client id reserved for the deterministic seed; Yjs picks random 32-bit ids.
SEED_CLIENT_ID = 0
#: Same ceiling as an API request body (a whole constitution is ~200 KB).
MAX_UPDATE_BYTES = 2 * 1024 * 1024
#: An update carrying nothing (what a peer sends when it has nothing new).
EMPTY_UPDATE = b"\x00\x00"
_REBASE_EVERY = 500


class InvalidUpdate(ValueError):
    """A client's bytes are not an acceptable Yjs update; nothing was changed."""


def seed_update(text: str) -> bytes:
    """The deterministic Yjs update that puts ``text`` into an empty room."""
    doc = Doc(client_id=SEED_CLIENT_ID)
    ytext = doc.get(TEXT_NAME, type=Text)
    if text:
        ytext.insert(0, text)
    return doc.get_update()


def _waits_for_unseen(update: bytes, state: bytes) -> bool:
    """True if part of ``update`` is held back because it builds on or deletes
    items this document has not seen (``state`` is the document's state
    vector): stripping what the state covers must leave no structs, and every
    deleted range must lie within the state."""
    rest = get_update(update, state)
    if rest == EMPTY_UPDATE:  # the common case, a typed insert: no decoding in Python
        return False
    if rest[:1] != b"\x00":
        return True
    clocks = decode_state_vector(state)
    return any(clock + length > clocks.get(client, 0)
               for client, clock, length in decode_delete_set(rest[1:]))


def _reraise_unless_bad_input(exc: BaseException) -> None:
    """Let interrupts through; treat errors and Rust panics (pyo3's
    PanicException derives from BaseException) as a bad update."""
    if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
        raise exc


class LiveDocument:
    """One room's document: a pycrdt Doc holding a Text named ``text``.

    Methods lock, because Socket.IO handlers for one room run concurrently.
    """

    def __init__(self, *, max_update_bytes: int = MAX_UPDATE_BYTES) -> None:
        self.max_update_bytes = max_update_bytes
        self._lock = threading.RLock()
        self._base = EMPTY_UPDATE
        self._since: list[bytes] = []
        # Updates whose items wait for ones we have not seen (pycrdt keeps them
        # aside and leaves them out of get_update(), so snapshots add them back).
        self._pending: list[bytes] = []
        self._load([])

    @classmethod
    def from_updates(cls, updates: Iterable[bytes], *,
                     max_update_bytes: int = MAX_UPDATE_BYTES) -> "LiveDocument":
        """Rebuild a room from its stored updates (seed, snapshots, edits) in order."""
        live = cls(max_update_bytes=max_update_bytes)
        for update in updates:
            live._apply_checked(bytes(update), limit=None)
        return live

    def _load(self, updates: list[bytes]) -> None:
        self._doc = Doc()
        self._text = self._doc.get(TEXT_NAME, type=Text)
        for update in updates:
            self._doc.apply_update(update)

    # -- changing -----------------------------------------------------------

    def apply_update(self, update: bytes) -> None:
        """Apply a client's update, or raise InvalidUpdate and change nothing."""
        self._apply_checked(update, limit=self.max_update_bytes)

    def apply_stored(self, update: bytes) -> None:
        """Apply an update that is already durable (a stored row, another
        process's broadcast): no size limit, since it was checked on the way in."""
        self._apply_checked(update, limit=None)

    def _apply_checked(self, update: bytes, *, limit: int | None) -> None:
        if not isinstance(update, (bytes, bytearray, memoryview)):
            raise InvalidUpdate("update must be bytes")
        update = bytes(update)
        if limit is not None and len(update) > limit:
            raise InvalidUpdate(f"update is larger than {limit} bytes")
        try:
            get_state(update)  # decodes the whole update without touching the doc
        except BaseException as exc:
            _reraise_unless_bad_input(exc)
            raise InvalidUpdate("not a Yjs update") from exc
        with self._lock:
            waiting = [*self._pending, update]
            try:
                self._doc.apply_update(update)
                self._retry(waiting)
            except BaseException as exc:  # pycrdt may have integrated part of it
                _reraise_unless_bad_input(exc)
                self._load([self._base, *self._since])
                raise InvalidUpdate(str(exc)) from exc
            self._since.append(update)
            state = self._doc.get_state()
            self._pending = [u for u in waiting if _waits_for_unseen(u, state)]
            if len(self._since) >= _REBASE_EVERY:
                self._base, self._since = self.snapshot(), []

    def _retry(self, waiting: list[bytes]) -> None:
        """Re-apply parked updates until nothing more integrates: pycrdt does
        not always integrate parked items once what they wait for arrives."""
        if len(waiting) < 2:
            return
        state = None
        while state != (state := self._doc.get_state()):
            for update in waiting:
                self._doc.apply_update(update)

    def set_text_initial(self, text: str) -> bytes | None:
        """Seed an empty room with its initial text and return the seed update
        (for the caller to store); do nothing and return None if the room
        already has content, so seeding happens exactly once."""
        with self._lock:
            if not self.is_empty:
                return None
            seed = seed_update(text)
            self._apply_checked(seed, limit=None)
            return seed

    # -- reading ------------------------------------------------------------

    @property
    def text(self) -> str:
        with self._lock:
            return str(self._text)

    @property
    def state_vector(self) -> bytes:
        with self._lock:
            return self._doc.get_state()

    @property
    def is_empty(self) -> bool:
        """True before any item arrived (not even a pending one)."""
        with self._lock:
            return self._doc.get_state() == b"\x00" and not self._pending

    @property
    def has_pending(self) -> bool:
        """True while some received items wait for ones not yet seen."""
        with self._lock:
            return bool(self._pending)

    def encode_state_as_update(self, state_vector: bytes | None = None) -> bytes:
        """What a peer with ``state_vector`` lacks (everything if None),
        including items still waiting here, so the peer may complete them."""
        with self._lock:
            try:
                diff = self._doc.get_update(state_vector)
            except ValueError as exc:
                raise ProtocolError("malformed state vector") from exc
            return merge_updates(diff, *self._pending) if self._pending else diff

    def snapshot(self) -> bytes:
        """The whole state as one update, for compacting the stored updates;
        ``from_updates([snapshot])`` gives an equal document."""
        return self.encode_state_as_update(None)

    # -- sync protocol --------------------------------------------------------

    def sync_step1(self) -> bytes:
        """Framed step 1 to send a client on join, asking for what we lack."""
        return sync_step1(self.state_vector)

    def reply_to_step1(self, state_vector: bytes) -> bytes:
        """Framed step 2 answering a client's step 1 with what it lacks."""
        return sync_step2(self.encode_state_as_update(state_vector))
