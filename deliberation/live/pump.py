"""Group commit and broadcast: one thread per process stores every queued update
in one transaction per tick, acknowledges them, then sends each room one merged
update (and one merged awareness message) instead of one per keystroke.

Why: with 100 editors typing, a per-update commit and per-update fan-out to
every viewer is ~250,000 socket sends a second; merged per tick it is a few
thousand. An update is acknowledged only after its row is committed.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from pycrdt import merge_updates
from sqlalchemy import insert

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


class Pump:
    def __init__(self, app, server, tick: float, on_stored, on_failed, relay=None) -> None:
        self.app = app
        self.server = server
        self.tick = tick
        self.relay = relay
        self._on_stored = on_stored  # (room, rows written) after each commit
        self._on_failed = on_failed  # (room) when a commit failed: the replica is not the truth
        self._cond = threading.Condition()
        self._tickets: list[Ticket] = []
        self._aware: dict[str, tuple[dict[int, AwarenessEntry], set[str]]] = {}
        self._thread: threading.Thread | None = None

    # -- producers (handler threads) ----------------------------------------

    def store(self, room: str, update: bytes, author_id: int | None, sid: str | None, timeout: float) -> bool:
        """Queue an update and wait until it is committed (True) or failed/timed out (False)."""
        ticket = Ticket(room, update, author_id, sid)
        with self._cond:
            self._tickets.append(ticket)
            self._wake()
        return ticket.done.wait(timeout) and ticket.ok

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

    def _wake(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="live-pump", daemon=True)
            self._thread.start()
        self._cond.notify()

    # -- the pump thread ----------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._tickets and not self._aware:
                    self._cond.wait(_IDLE_SECONDS)
                    if not self._tickets and not self._aware:
                        self._thread = None
                        return
                tickets, self._tickets = self._tickets, []
                aware, self._aware = self._aware, {}
            started = time.monotonic()
            try:
                self._commit(tickets)
            finally:
                for ticket in tickets:
                    ticket.done.set()
            try:
                self._broadcast(tickets, aware)
            except Exception:  # a dead connection must not stop the pump
                log.exception("live: broadcast failed")
            time.sleep(max(0.0, self.tick - (time.monotonic() - started)))

    def _commit(self, tickets: list[Ticket]) -> None:
        if not tickets:
            return
        with self.app.app_context():
            try:
                db.session.execute(insert(LiveUpdate), [
                    {"room": t.room, "data": t.update, "author_id": t.author_id} for t in tickets])
                db.session.commit()
            except Exception:
                log.exception("live: could not store %d updates", len(tickets))
                db.session.rollback()
                for room in {t.room for t in tickets}:
                    self._on_failed(room)
                return
            finally:
                db.session.remove()
        for ticket in tickets:
            ticket.ok = True
        counts: dict[str, int] = {}
        for ticket in tickets:
            counts[ticket.room] = counts.get(ticket.room, 0) + 1
        for room, count in counts.items():
            self._on_stored(room, count)

    def _broadcast(self, tickets: list[Ticket], aware) -> None:
        by_room: dict[str, list[Ticket]] = {}
        for ticket in tickets:
            if ticket.ok:
                by_room.setdefault(ticket.room, []).append(ticket)
        for room, group in by_room.items():
            updates = [t.update for t in group]
            merged = updates[0] if len(updates) == 1 else merge_updates(*updates)
            self._emit(room, update_message(merged), {t.sid for t in group})
            if self.relay is not None:
                self.relay.publish(room, merged)
        for room, (latest, senders) in aware.items():
            self._emit(room, awareness_message(encode_awareness(list(latest.values()))), senders)

    def _emit(self, room: str, data: bytes, senders: set[str | None]) -> None:
        """To the whole room, less the sender when only one client contributed
        (with several, each gets its own edits back: harmless, Yjs ignores them)."""
        skip = next(iter(senders)) if len(senders) == 1 else None
        self.server.emit("yjs", {"room": room, "data": data}, to=room, namespace=NAMESPACE, skip_sid=skip)
