"""Cross-process replicas: every committed batch is published on a Redis channel
so other processes holding the room apply it to their own pycrdt replica.

Flask-SocketIO's message queue only relays emits to *clients*; without this, a
replica on process B would miss edits made through process A and answer its
clients' sync step 1 with stale state. Lost messages (Redis restart) are
repaired on the next join, which re-reads the room's rows from the database.

Two gaps have no join to repair them, so they ask every process to re-read the rooms it
holds and send its clients what they lacked (``on_resync``): a process that was killed
between committing updates and publishing them (its replacement says "hello" when it
starts, and the others resync), and messages lost while this process was cut off from
Redis (it resyncs itself once it is subscribed again).
"""
from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
#: A process's first message (with an empty room name): the others re-read their rooms.
HELLO = b"hello"


def channel_for(database_url: str) -> str:
    """One channel per database, so apps on different databases sharing a Redis never mix rooms."""
    return "refound-live:" + hashlib.sha1(database_url.encode()).hexdigest()[:16]


class Relay:
    def __init__(self, redis_url: str, database_url: str, on_update, on_resync=None, on_lost=None,
                 on_back=None, check_seconds: float = 1.0) -> None:
        self.origin = uuid.uuid4().bytes
        self.channel = channel_for(database_url)
        # Fail fast, without redis-py's retries and their back-off: publish runs in the pump.
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=2,
                                           retry=Retry(NoBackoff(), 0))
        self._on_update = on_update  # (room, update) from another process
        self._on_resync = on_resync or (lambda: None)  # re-read the rooms held here
        self._on_lost = on_lost or (lambda peers: None)  # Redis went away; how many others there were
        self._on_back = on_back or (lambda: None)
        self.check_seconds = check_seconds
        #: Whether Redis answered the last check, and how many other processes listened then.
        self.up, self.peers = True, 0
        self._pubsub = self._subscribe()
        #: Subscribed, and (after a loss) the rooms re-read: updates from now on arrive here.
        self.listening = True
        threading.Thread(target=self._listen, name="live-relay", daemon=True).start()
        threading.Thread(target=self._watch, name="live-relay-watch", daemon=True).start()
        self._hello()

    def _watch(self) -> None:
        """Check Redis every ``check_seconds``: count the other processes on the channel while
        it answers, and say when it stops and starts answering."""
        while True:
            time.sleep(self.check_seconds)
            try:
                counts = self._redis.pubsub_numsub(self.channel)
                peers, up = max(0, int(counts[0][1]) - 1) if counts else 0, True
            except Exception:
                peers, up = self.peers, False
            if up == self.up:
                self.peers = peers
                continue
            self.up = up
            try:
                if up:
                    log.warning("live: Redis answers again")
                    self._on_back()
                else:
                    log.warning("live: Redis does not answer (%d other processes were listening)", self.peers)
                    self._on_lost(self.peers)
            except Exception:
                log.exception("live: could not handle Redis going %s", "up" if up else "down")
            self.peers = peers

    def _hello(self) -> None:
        """Tell the other processes this one started: a process it replaces may have died
        between a commit and its publication."""
        try:
            self._redis.publish(self.channel, self.origin + bytes([0]) + HELLO)
        except Exception:
            log.warning("live: could not say hello on %s", self.channel, exc_info=True)

    def _subscribe(self):
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(self.channel)  # before any room loads, so no commit falls in a gap
        return pubsub

    def publish(self, room: str, update: bytes) -> None:
        if not self.up:
            return  # lost while Redis is away: every process resyncs once it is back
        name = room.encode()
        try:
            self._redis.publish(self.channel, self.origin + bytes([len(name)]) + name + update)
        except Exception:
            log.exception("live: could not publish an update for %s", room)

    def _listen(self) -> None:
        while True:
            try:
                for message in self._pubsub.listen():
                    self._receive(message.get("data"))
            except Exception as exc:
                if self.listening:
                    log.warning("live: relay lost Redis (%s); resubscribing", exc)
                self.listening = False
                time.sleep(1)
                try:
                    self._pubsub = self._subscribe()
                except Exception:
                    continue
                log.warning("live: relay subscribed again; re-reading the rooms held here")
                self._resync()
                self.listening = True

    def _resync(self) -> None:
        try:
            self._on_resync()
        except Exception:
            log.exception("live: could not re-read the rooms")

    def _receive(self, data) -> None:
        if not isinstance(data, bytes) or len(data) < 17 or data[:16] == self.origin:
            return
        size = data[16]
        if size == 0 and data[17:] == HELLO:
            self._resync()
            return
        room = data[17:17 + size].decode("utf-8", "replace")
        self._on_update(room, data[17 + size:])
