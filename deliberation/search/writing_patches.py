"""Two speed patches to how Whoosh (whoosh-reloaded 2.7.5 only; patches.py installs them) pickles
what it writes: posting blocks, and the sorted runs a rebuild spills to disk.

Whoosh pickles with protocol 2, where a bytes object (an index word, a posting's positions) is
written as a call to ``_codecs.encode`` on a str, and read back by making that call.

- Posting blocks and inlined postings are written with protocol 4, which stores bytes as bytes:
  a block of a common word unpickles 5x faster and compresses to a seventh of the size (reading
  a word in almost every clause was two thirds of a phrase's time; bench/search.py, profiled).
  Pickle reads every protocol, so an index written before the patch, or read by an unpatched
  Whoosh, is read as before.
- A rebuild collects every posting (7.6 million at 100,000 documents), spills them to disk in
  sorted runs of ``limitmb``, and merges the runs. Whoosh pickles each posting with its own
  call, protocol 2: a third of a rebuild's time went to pickling and unpickling (profiled). The
  patch pickles them a few thousand at a time with protocol 4; the runs are temporary files of
  one writer, read only by it.
"""
from __future__ import annotations

import pickle
from itertools import islice

from whoosh import externalsort
from whoosh.codec import whoosh3

#: Postings pickled together in a sort run.
RUN_CHUNK = 4096

_original = (whoosh3.dumps, externalsort.SortingPool._write_run, externalsort.SortingPool._read_run)


def _dumps(obj, protocol=2):
    """Whoosh's codec asks for protocol 2 (block headers, blocks and inlined postings); 4 is the
    first that stores bytes as bytes, and memoizes without numbering (which compresses well)."""
    return pickle.dumps(obj, max(protocol, 4))


def _write_run(self, f, items):
    items = iter(items)
    while chunk := list(islice(items, RUN_CHUNK)):
        pickle.dump(chunk, f, 4)
    f.close()


def _read_run(self, path):
    f = self._open_run(path)
    try:
        while True:
            try:
                chunk = pickle.load(f)
            except EOFError:
                return
            yield from chunk
    finally:
        f.close()
        self._remove_run(path)


def install() -> None:
    whoosh3.dumps = _dumps
    externalsort.SortingPool._write_run = _write_run
    externalsort.SortingPool._read_run = _read_run


def uninstall() -> None:
    whoosh3.dumps, externalsort.SortingPool._write_run, externalsort.SortingPool._read_run = _original
