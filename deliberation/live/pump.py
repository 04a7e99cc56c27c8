"""Group commit and broadcast. One thread per process:

- stores queued updates as soon as there are any, all of them in one transaction,
  and releases the waiting handlers, whose return value is the ``{"ok": true}``
  ack: an update is acknowledged only once its row is committed, and a handler
  waits one commit, not a tick (under gevent without holding up its connection's
  next message, see turns.py);
- at most once per tick (LIVE_TICK_SECONDS, 50 ms; longer for rooms of over 500,
  see ``_tick_for``) sends each room one merged
  update of what was committed since, instead of one per keystroke, and at most
  once per LIVE_PRESENCE_SECONDS (100 ms) one merged awareness message (cursors
  moving ten times a second look smooth, and presence was half the frames sent);
  the first after a quiet spell goes at once.

Why: with 100 editors and 400 viewers, per-keystroke fan-out is 250,000 socket
sends a second, and the sends, not the CRDT, are what cost. Merged per tick
and room it is a few thousand.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from pycrdt import merge_updates
from sqlalchemy import insert

from deliberation.live.access import closed_rooms
from deliberation.live.models import LiveUpdate
from deliberation.live.protocol import AwarenessEntry, awareness_message, encode_awareness, update_message
from extensions import db

log = logging.getLogger(__name__)
NAMESPACE = "/live"
#: How long an idle pump thread lingers before exiting (it restarts on demand).
_IDLE_SECONDS = 20.0


@dataclass
class Ticket:
    """One client update waiting for its row to be committed."""

    room: str
    update: bytes
    author_id: int | None
    sid: str | None
    done: threading.Event = field(default_factory=threading.Event)
    ok: bool = False
    #: Why it was not stored: "read_only" (the room closed) or None (a failed commit, a timeout).
    refusal: str | None = None


class Pump:
    def __init__(self, app, server, tick: float, presence_tick: float, on_stored, on_failed, on_closed,
                 relay=None, fanout_per_second: float = 10000.0, max_tick: float = 0.2) -> None:
        self.app = app
        self.server = server
        self.tick = tick
        self.fanout_per_second, self.max_tick = fanout_per_second, max_tick
        self.presence_tick = presence_tick
        self.relay = relay
        self._on_stored = on_stored  # (room, rows written) after each commit
        self._on_failed = on_failed  # (room) when a commit failed: the replica is not the truth
        self._on_closed = on_closed  # (room) when the room turned out to take no more edits
        self._cond = threading.Condition()
        self._tickets: list[Ticket] = []
        #: Committed, not yet broadcast: room -> (updates, sids that sent them).
        self._outbox: dict[str, tuple[list[bytes], set[str | None]]] = {}
        self._aware: dict[str, tuple[dict[int, AwarenessEntry], set[str]]] = {}
        self._next_tick = self._next_presence = 0.0
        self._thread: threading.Thread | None = None

    # -- producers (handler threads) ----------------------------------------

    def queue(self, room: str, update: bytes, author_id: int | None, sid: str | None) -> Ticket:
        """Queue an update; its ticket's ``done`` is set once it is committed (``ok``), refused or failed."""
        ticket = Ticket(room, update, author_id, sid)
        with self._cond:
            self._tickets.append(ticket)
            self._wake()
        return ticket

    def awareness(self, room: str, entries: list[AwarenessEntry], sid: str | None) -> None:
        """Queue presence for the next tick; a later state for a client replaces an earlier one."""
        with self._cond:
            latest, senders = self._aware.setdefault(room, ({}, set()))
            for entry in entries:
                seen = latest.get(entry.client_id)
                if seen is None or entry.clock >= seen.clock:
                    latest[entry.client_id] = entry
            if sid:
                senders.add(sid)
            self._wake()

    def broadcast_stored(self, room: str, update: bytes) -> None:
        """Send an update that was stored elsewhere (a form save) with the next tick's broadcast."""
        with self._cond:
            updates, _senders = self._outbox.setdefault(room, ([], set()))
            updates.append(update)
            self._wake()

    def _wake(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="live-pump", daemon=True)
            self._thread.start()
        self._cond.notify()

    # -- the pump thread ----------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                tickets = self._wait()
                if tickets is None:
                    self._thread = None
                    return
                self._tickets = []
            if tickets:
                try:
                    self._commit(tickets)
                finally:
                    for ticket in tickets:
                        ticket.done.set()
            with self._cond:
                for ticket in tickets:
                    if ticket.ok:
                        updates, senders = self._outbox.setdefault(ticket.room, ([], set()))
                        updates.append(ticket.update)
                        senders.add(ticket.sid)
                now = time.monotonic()
                outbox, aware = {}, {}
                if self._outbox and now >= self._next_tick:
                    outbox, self._outbox = self._outbox, {}
                    self._next_tick = now + self._tick_for(outbox, self.tick, self.fanout_per_second)
                if self._aware and now >= self._next_presence:
                    aware, self._aware = self._aware, {}
                    self._next_presence = now + self._tick_for(aware, self.presence_tick,
                                                               self.fanout_per_second / 2)
            if outbox or aware:
                try:
                    self._broadcast(outbox, aware)
                except Exception:  # a dead connection must not stop the pump
                    log.exception("live: broadcast failed")

    def _tick_for(self, rooms, tick: float, per_second: float) -> float:
        """The wait before the next broadcast: ``tick``, stretched (up to ``max_tick``) so
        the sends stay within ``per_second`` (updates get ``fanout_per_second``, presence
        half of it). Each recipient costs the same whatever the message, so at the
        default 10,000 a 500-person room keeps the 50 ms tick and 100 ms cursors, and
        a 1,000-person room gets updates every 100 ms: 25 ms more on average for an
        edit, where a server that cannot keep up would queue for far longer."""
        members = self.server.manager.rooms.get(NAMESPACE, {})
        recipients = sum(len(members.get(room, ())) for room in rooms)
        return min(max(self.max_tick, tick), max(tick, recipients / per_second))

    def _wait(self) -> list[Ticket] | None:
        """Under the lock: wait for updates to store or a broadcast falling due; None after a
        long idle spell, when the thread exits (it restarts on demand)."""
        idle_since = time.monotonic()
        while True:
            now = time.monotonic()
            due = [at for at, waiting in ((self._next_tick, self._outbox), (self._next_presence, self._aware))
                   if waiting]
            if self._tickets or (due and now >= min(due)):
                return self._tickets
            if not due and now - idle_since >= _IDLE_SECONDS:
                return None
            self._cond.wait(min(due) - now if due else _IDLE_SECONDS)

    def _commit(self, tickets: list[Ticket]) -> None:
        if not tickets:
            return
        with self.app.app_context():
            try:
                closed = self._insert(tickets)
                if closed:  # rare: a proposal was submitted since these were checked
                    db.session.rollback()
                    for ticket in tickets:
                        if ticket.room in closed:
                            ticket.refusal = "read_only"
                    tickets = [t for t in tickets if t.room not in closed]
                    if tickets and self._insert(tickets):
                        raise RuntimeError("rooms closed twice in one tick")
                db.session.commit()
            except Exception:
                log.exception("live: could not store %d updates", len(tickets))
                db.session.rollback()
                for room in {t.room for t in tickets}:
                    self._on_failed(room)
                return
            finally:
                db.session.remove()
        for room in closed:
            self._on_closed(room)  # its replica applied refused updates: reloaded from the log
        for ticket in tickets:
            ticket.ok = True
        counts: dict[str, int] = {}
        for ticket in tickets:
            counts[ticket.room] = counts.get(ticket.room, 0) + 1
        for room, count in counts.items():
            self._on_stored(room, count)

    @staticmethod
    def _insert(tickets: list[Ticket]) -> set[str]:
        """Insert the rows, then (under the write lock) name the rooms that no longer take edits."""
        db.session.execute(insert(LiveUpdate), [
            {"room": t.room, "data": t.update, "author_id": t.author_id} for t in tickets])
        return closed_rooms({t.room for t in tickets})

    def _broadcast(self, outbox, aware) -> None:
        for room, (updates, senders) in outbox.items():
            merged = updates[0] if len(updates) == 1 else merge_updates(*updates)
            self._emit(room, update_message(merged), senders)
            if self.relay is not None:
                self.relay.publish(room, merged)
        for room, (latest, senders) in aware.items():
            self._emit(room, awareness_message(encode_awareness(list(latest.values()))), senders)

    def _emit(self, room: str, data: bytes, senders: set[str | None]) -> None:
        """To the whole room, less the sender when only one client contributed
        (with several, each gets its own edits back: harmless, Yjs ignores them)."""
        skip = next(iter(senders)) if len(senders) == 1 else None
        self.server.emit("yjs", {"room": room, "data": data}, to=room, namespace=NAMESPACE, skip_sid=skip)
