"""The audit log's hash chain, as pure functions: the canonical encoding of an entry, sealing new
entries onto a head, and walking a stored chain to the first entry that was edited, deleted or
reordered. No Flask, no database: the app feeds it rows (models/audit.py, audit/verify.py), and
anyone can re-check a chain with the same few lines (README, "The audit log").

An entry's hash is the SHA-256 of the UTF-8 bytes of this JSON object, keys sorted, no spaces:

    {"action", "actor_id", "at" (ISO 8601 with microseconds, UTC, no zone), "detail", "prev",
     "subject", "v": 1}

where "prev" is the hash of the entry before it (64 zeros for the first). Each entry's position
is its place in the chain (1, 2, 3, ... with no gaps); it is not hashed, because the link to the
previous hash already fixes every entry's place.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

#: The "previous hash" of the first entry.
GENESIS = "0" * 64
#: The encoding's version, hashed into every entry so a later encoding cannot be confused with it.
VERSION = 1


@dataclass(frozen=True)
class Head:
    """The chain's last entry: its position (0 when empty) and hash."""

    position: int
    hash: str


EMPTY = Head(0, GENESIS)


@dataclass(frozen=True)
class Entry:
    """A stored entry as read back: its fields, the hash it was chained to and its own hash."""

    position: int
    at: datetime
    actor_id: int | None
    action: str
    subject: str
    detail: dict
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Break:
    """Where a chain stops being what was written: the first bad position and what is wrong.

    kind: "edited" (an entry's content no longer matches its hash), "deleted" (a gap, or entries
    missing from the end), "reordered" (an entry chained after another entry than the one before
    it, or one put in between), "replaced" (an entry given a new, self-consistent hash: the next
    entry, or the chain head, still holds the old one), "added" (entries after the chain head,
    put in without moving it), "rewritten" (a head held outside the database is no longer in the
    chain)."""

    kind: str
    position: int
    message: str


def canonical_json(value) -> bytes:
    """Sorted keys, no spaces, UTF-8: one byte string per JSON value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def digest(value) -> str:
    """The SHA-256 of a JSON value's canonical form (ballot results, an electorate)."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


def plain_json(value):
    """The value as JSON gives it back (tuples as lists, keys as strings), so what is hashed is
    what is stored and read back."""
    return json.loads(json.dumps(value, allow_nan=False))


def stamp(at: datetime) -> str:
    return at.isoformat(timespec="microseconds")


def entry_hash(at: datetime, actor_id: int | None, action: str, subject: str, detail: dict, prev: str) -> str:
    return hashlib.sha256(canonical_json({
        "action": action, "actor_id": actor_id, "at": stamp(at), "detail": detail, "prev": prev,
        "subject": subject, "v": VERSION})).hexdigest()


def seal(head: Head, rows: list[dict]) -> Head:
    """Give each new row (at, actor_id, action, subject, detail) its position (as "id"), the
    previous hash and its hash, in order after `head`; return the new head."""
    position, prev = head.position, head.hash
    for row in rows:
        position += 1
        row["id"], row["prev_hash"] = position, prev
        prev = row["hash"] = entry_hash(row["at"], row["actor_id"], row["action"], row["subject"],
                                        row["detail"], prev)
    return Head(position, prev)


class Walk:
    """Verify a chain fed one entry at a time in position order; stops at the first break.

    `locate(hash)` answers the position of the stored entry with that hash, or None: asked only
    when an entry's link is broken, to tell a reordering from a replacement."""

    def __init__(self, locate: Callable[[str], int | None] | None = None,
                 expect: Iterable[Head] = ()) -> None:
        self.last = EMPTY
        self.count = 0
        self.broken: Break | None = None
        self._locate = locate or (lambda _hash: None)
        self._expect = {h.position: h.hash for h in expect}

    def feed(self, entry: Entry) -> Break | None:
        if self.broken is None:
            self.broken = self._check(entry)
            if self.broken is None:
                self.last = Head(entry.position, entry.hash)
                self.count += 1
        return self.broken

    def _check(self, e: Entry) -> Break | None:
        expected = self.last.position + 1
        if e.position != expected:
            missing = (f"entry {expected} is" if e.position == expected + 1
                       else f"entries {expected} to {e.position - 1} are")
            return Break("deleted", expected, f"{missing} missing: a gap in the chain")
        if entry_hash(e.at, e.actor_id, e.action, e.subject, e.detail, e.prev_hash) != e.hash:
            return Break("edited", e.position,
                         f"entry {e.position} was edited: its content no longer matches its hash")
        if e.prev_hash != self.last.hash:
            found = self._locate(e.prev_hash)
            if found is not None:
                return Break("reordered", e.position,
                             f"entry {e.position} was chained after entry {found}, not after entry "
                             f"{self.last.position}: the entries were reordered, or one was put in between")
            if self.last.position == 0:
                return Break("deleted", 1,
                             "entry 1 was chained after an entry that is not in the log: entries "
                             "before it were deleted and the rest renumbered")
            return Break("replaced", self.last.position,
                         f"entry {e.position} was chained to a hash that is no longer in the log: entry "
                         f"{self.last.position} was replaced (edited and given a new hash), or entries after "
                         f"it were deleted and the rest renumbered")
        held = self._expect.get(e.position)
        if held is not None and held != e.hash:
            return Break("rewritten", e.position,
                         f"entry {e.position}'s hash is {e.hash}, not the {held} held for "
                         f"it: the log up to entry {e.position} was rewritten since that head was taken")
        return None

    def finish(self, head: Head | None) -> Break | None:
        """After the last entry: the chain must end where the stored head says, and reach every
        held head."""
        if self.broken is not None:
            return self.broken
        if head is not None:
            if head.position > self.last.position:
                self.broken = Break("deleted", self.last.position + 1,
                                    f"the chain ends at entry {self.last.position} but its head says "
                                    f"{head.position}: the last entries were deleted")
            elif head.position < self.last.position:
                self.broken = Break("added", head.position + 1,
                                    f"entries after {head.position} were added without moving the chain "
                                    f"head: put in outside the app")
            elif head.hash != self.last.hash:
                self.broken = Break("replaced", head.position,
                                    f"entry {head.position} was replaced: the chain head holds another hash "
                                    f"for it")
        if self.broken is None:
            beyond = sorted(p for p in self._expect if p > self.last.position)
            if beyond:
                self.broken = Break("deleted", self.last.position + 1,
                                    f"a head was held for entry {beyond[0]}, but the chain ends at entry "
                                    f"{self.last.position}: the entries after it were deleted")
        return self.broken
