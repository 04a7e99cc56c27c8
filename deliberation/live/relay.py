"""Cross-process replicas: every committed batch is published on a Redis channel
so other processes holding the room apply it to their own pycrdt replica.

Flask-SocketIO's message queue only relays emits to *clients*; without this, a
replica on process B would miss edits made through process A and answer its
clients' sync step 1 with stale state. Lost messages (Redis restart) are
repaired on the next join, which re-reads the room's rows from the database.
"""
from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid

import redis

log = logging.getLogger(__name__)


def channel_for(database_url: str) -> str:
    """One channel per database, so apps on different databases sharing a Redis never mix rooms."""
    return "refound-live:" + hashlib.sha1(database_url.encode()).hexdigest()[:16]


class Relay:
    def __init__(self, redis_url: str, database_url: str, on_update) -> None:
        self.origin = uuid.uuid4().bytes
        self.channel = channel_for(database_url)
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
        self._on_update = on_update  # (room, update) from another process
        self._pubsub = self._subscribe()
        threading.Thread(target=self._listen, name="live-relay", daemon=True).start()

    def _subscribe(self):
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(self.channel)  # before any room loads, so no commit falls in a gap
        return pubsub

    def publish(self, room: str, update: bytes) -> None:
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
            except Exception:
                log.warning("live: relay lost Redis; resubscribing", exc_info=True)
                time.sleep(1)
                try:
                    self._pubsub = self._subscribe()
                except Exception:
                    pass

    def _receive(self, data) -> None:
        if not isinstance(data, bytes) or len(data) < 17 or data[:16] == self.origin:
            return
        size = data[16]
        room = data[17:17 + size].decode("utf-8", "replace")
        self._on_update(room, data[17 + size:])
