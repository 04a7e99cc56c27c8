"""Live connections opened with a browser sign-in end when it does (issue "Fix first" 5): at
once in the process that ended it (signal sign_ins_ended) and, in every other process, within
``every`` seconds, by asking the database which of the watched sign-ins have ended. The
watching task runs only while such connections are open."""
from __future__ import annotations

import logging
import threading

from sqlalchemy import select

from deliberation.models import SignIn
from extensions import db

log = logging.getLogger(__name__)


class SignInWatch:
    def __init__(self, app, server, namespace: str, every: float) -> None:
        self.app = app
        self.server = server
        self.namespace = namespace
        self.every = every
        self._lock = threading.Lock()
        self._sign_ins: dict[str, int] = {}  # sid -> the browser sign-in it was opened with
        self._watching = False

    def add(self, sid: str, sign_in_id: int) -> None:
        with self._lock:
            self._sign_ins[sid] = sign_in_id
            start, self._watching = not self._watching, True
        if start:
            self.server.start_background_task(self._watch)

    def remove(self, sid: str) -> None:
        with self._lock:
            self._sign_ins.pop(sid, None)

    def end(self, ids) -> None:
        """Disconnect this process's connections opened with these (ended) sign-ins, saying why."""
        ended = set(ids)
        with self._lock:
            sids = [sid for sid, sign_in in self._sign_ins.items() if sign_in in ended]
        for sid in sids:  # the page shows why, in its own language (data-i18n-signed-out)
            self.server.emit("signed_out", {"code": "signed_out"}, to=sid, namespace=self.namespace,
                             ignore_queue=True)
            self.server.disconnect(sid, namespace=self.namespace, ignore_queue=True)

    def _watch(self) -> None:
        while True:
            self.server.sleep(self.every)
            with self._lock:
                watched = set(self._sign_ins.values())
                if not watched:
                    self._watching = False
                    return
            try:
                with self.app.app_context():
                    try:
                        ended = db.session.scalars(select(SignIn.id).where(
                            SignIn.id.in_(watched), SignIn.ended_at.is_not(None))).all()
                    finally:
                        db.session.remove()
            except Exception:  # the database is away for a moment: ask again next time
                log.warning("live: could not check sign-ins", exc_info=True)
                continue
            if ended:
                self.end(ended)
