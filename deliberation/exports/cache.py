"""Finished version exports, kept on disk: a version never changes, so the same file is drawn
once, not for every download (a whole-draft PDF is 7-10 s of a core).

A file's key is the version, the version it is compared against, the format, the language and
the exporter's version (EXPORTER_VERSION: a digest of the code, stylesheet, translations and
libraries that draw the files, so an upgrade starts afresh). Files live in one folder under the
instance folder (EXPORT_CACHE_DIR), which several server processes on one machine share: a
file is written under a temporary name and renamed into place, so a reader sees all of it or
nothing. The folder is kept under EXPORT_CACHE_MB by removing the least recently used files
(a hit touches its file) whenever a new one is stored.

Names and dates in a file (its title, the amendments' groups and merge dates) are those of its
first drawing; delete the folder to redraw everything.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from importlib import metadata
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_TRANSLATIONS = _PACKAGE.parents[1] / "translations"
_LIBRARIES = ("weasyprint", "python-docx", "lxml", "pydyf")
#: A half-written file older than this was left by a process that died while writing it.
STALE_PART_SECONDS = 3600


def _exporter_version() -> str:
    digest = hashlib.sha256()
    files = sorted(_PACKAGE.glob("*.py")) + sorted(_PACKAGE.glob("*.css")) + sorted(
        _TRANSLATIONS.glob("*/LC_MESSAGES/messages.mo"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()[:16]


#: Changes whenever anything that draws the files changes.
EXPORTER_VERSION = _exporter_version()


def cache_key(version_id: int, against_id: int | None, fmt: str, lang: str) -> str:
    raw = f"{version_id}|{against_id or ''}|{fmt}|{lang}|{EXPORTER_VERSION}"
    return f"v{version_id}-" + hashlib.sha256(raw.encode()).hexdigest()[:32] + f".{fmt}"


class ExportCache:
    def __init__(self, folder: str | Path, max_bytes: int) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes

    def get(self, key: str) -> bytes | None:
        path = self.folder / key
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            os.utime(path)  # recently used: trimmed last
        except OSError:
            pass  # trimmed by another process meanwhile: what was read is still whole
        return data

    def put(self, key: str, data: bytes) -> None:
        """Store a file (whole, or not at all) and trim the folder; a file over the whole limit is not
        kept."""
        if self.max_bytes <= 0 or len(data) > self.max_bytes:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(temp, self.folder / key)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self.trim()

    def trim(self) -> None:
        """Remove the least recently used files until the folder is under its limit."""
        entries = []
        stale = time.time() - STALE_PART_SECONDS
        for path in self.folder.iterdir():
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            if path.name.startswith(".part-"):
                if stat.st_mtime < stale:  # left by a process killed while writing it
                    path.unlink(missing_ok=True)
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries, key=lambda e: e[0]):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.folder.glob("*") if not p.name.startswith(".part-")) \
            if self.folder.exists() else 0
