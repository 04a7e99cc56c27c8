"""PDFs are drawn in render processes, never in a server process's own thread.

Under gevent one thread serves every live connection of a process, and WeasyPrint holds it for
the whole render (7-10 s of CPU for a 35,000-word redline): every editor in that process would
wait. So a render is handed to a warm render process (render_worker.py: WeasyPrint already
imported) over a pipe, and the request's greenlet (or thread) waits on the pipe, which lets
everything else run. Render processes run at a lower priority and are reused, up to
MAX_RENDERS each (Pango's caches grow); one that dies or overruns is replaced.

Each server process renders at most EXPORT_RENDERS PDFs at once; a request that finds them all
busy waits up to EXPORT_RENDER_WAIT seconds for one, and is then refused with 503 and
Retry-After (`export_busy`) instead of queueing without end. A render over
EXPORT_RENDER_TIMEOUT seconds is stopped (503 `export_timeout`).
"""
from __future__ import annotations

import atexit
import logging
import pickle
import subprocess
import sys
import threading
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from deliberation.errors import Unavailable
from deliberation.exports.render_worker import JOB, REPLY, read_exactly

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
_KEY = "refound.export_renderer"
_create_lock = threading.Lock()
#: Renders a process does before it is replaced.
MAX_RENDERS = 50
#: Idle render processes kept for the next render, shared by every app in this server process
#: (they are interchangeable: the slots, not the processes, belong to an app).
MAX_IDLE = 4
_idle: list[_Process] = []
_idle_lock = threading.Lock()
#: What Retry-After suggests when every slot is busy: about one large render.
RETRY_AFTER = 10


class RenderFailed(RuntimeError):
    """The render process reported an error or died: a bug or a crash, answered with a logged 500."""


class GoneBefore(RenderFailed):
    """The render process ended without answering (it had died between renders, or crashed on
    this job): another process gets one more try."""


class _Process:
    """One render process and its pipes."""

    def __init__(self, nice: int) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "deliberation.exports.render_worker", str(nice)],
                                     cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
        self.nice = nice
        self.renders = 0
        self.timed_out = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(self, job: bytes, timeout: float) -> bytes:
        self.renders += 1
        timer = threading.Timer(timeout, self._overran)  # a greenlet under gevent
        timer.daemon = True
        timer.start()
        try:
            try:
                self.proc.stdin.write(JOB.pack(len(job)) + job)
                self.proc.stdin.flush()
            except OSError as exc:
                raise GoneBefore(f"render process {self.pid} had ended: {exc}") from exc
            head = read_exactly(self.proc.stdout, REPLY.size)
            status, size = REPLY.unpack(head) if head else (b"", 0)
            data = read_exactly(self.proc.stdout, size) if head else None
        except OSError as exc:
            raise RenderFailed(f"render process {self.pid}: {exc}") from exc
        finally:
            timer.cancel()
        if data is None:
            status = self.proc.wait()
            if self.timed_out:
                raise RenderFailed(f"render process {self.pid} overran and was stopped")
            # It ended without a word: killed between renders (the job went into a pipe nobody
            # read) or crashed on this job. Either way another process gets one more try.
            raise GoneBefore(f"render process {self.pid} ended (exit status {status})")
        if status != b"K":
            raise RenderFailed(data.decode("utf-8", "replace"))
        return data

    def _overran(self) -> None:
        self.timed_out = True
        self.stop()

    def stop(self) -> None:
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass


class Renderer:
    """At most ``slots`` renders at once in this server process, each in a render process."""

    def __init__(self, slots: int, wait: float = 0.0, timeout: float = 120.0, nice: int = 10) -> None:
        self.slots, self.wait, self.timeout, self.nice = slots, wait, timeout, nice
        self._free = threading.BoundedSemaphore(slots)

    def render(self, builder: str, *args) -> bytes:
        """The PDF from ``pdf.<builder>_pdf(*args)``, drawn in a render process."""
        got = self._free.acquire(timeout=self.wait) if self.wait > 0 else self._free.acquire(blocking=False)
        if not got:
            raise Unavailable(_("Every PDF is busy being drawn for someone else. "
                                "Try again in a few seconds."), retry_after=RETRY_AFTER, code="export_busy")
        job = pickle.dumps((builder, args), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            process = _take(self.nice)
            try:
                try:
                    data = process.run(job, self.timeout)
                except GoneBefore:
                    log.warning("exports: render process %s had ended; starting another", process.pid)
                    process.stop()
                    process = _Process(self.nice)
                    data = process.run(job, self.timeout)
            except RenderFailed:
                process.stop()
                if process.timed_out:
                    log.warning("exports: a %s PDF overran %s s and was stopped", builder, self.timeout)
                    raise Unavailable(_("This PDF took too long to draw and was stopped. Try again later, or "
                                        "download it as Word or Markdown."), retry_after=60,
                                      code="export_timeout") from None
                raise
            except BaseException:  # a greenlet killed mid-render: the process's pipe is mid-message
                process.stop()
                raise
            _give_back(process)
            return data
        finally:
            self._free.release()


def _take(nice: int) -> _Process:
    """An idle render process at this priority, or a new one."""
    while True:
        with _idle_lock:
            process = next((p for p in _idle if p.nice == nice), None)
            if process is not None:
                _idle.remove(process)
        if process is None:
            return _Process(nice)
        if process.alive():
            return process
        process.stop()


def _give_back(process: _Process) -> None:
    if process.renders >= MAX_RENDERS or not process.alive():
        process.stop()
        return
    with _idle_lock:
        if len(_idle) < MAX_IDLE:
            _idle.append(process)
            return
    process.stop()


@atexit.register
def stop_idle() -> None:
    """End the idle render processes (they would end anyway when their pipe closes)."""
    with _idle_lock:
        idle = list(_idle)
        _idle.clear()
    for process in idle:
        process.stop()


def idle_processes() -> list[int]:
    """The ids of the idle render processes (for the tests and the drills)."""
    with _idle_lock:
        return [p.pid for p in _idle if p.alive()]


def renderer(app=None) -> Renderer:
    """The app's renderer, made on first use from its settings."""
    app = app or current_app._get_current_object()
    found = app.extensions.get(_KEY)
    if found is None:
        with _create_lock:
            found = app.extensions.get(_KEY)
            if found is None:
                found = Renderer(int(app.config.get("EXPORT_RENDERS", 2)),
                                 float(app.config.get("EXPORT_RENDER_WAIT", 3.0)),
                                 float(app.config.get("EXPORT_RENDER_TIMEOUT", 120.0)),
                                 int(app.config.get("EXPORT_RENDER_NICE", 10)))
                app.extensions[_KEY] = found
    return found
