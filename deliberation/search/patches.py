"""Speed patches to Whoosh (whoosh-reloaded 2.7.5 only): here, skipping within a block of postings,
reading a block's ids and looking up a document's field length; writing_patches.py has those of
writing (how posting blocks and sort runs are pickled).

Intersections (AND, phrases, a filter on one assembly) move each posting list forward with
``skip_to``. Whoosh's leaf matcher finds the block that may hold the target, then steps through
that block's ids one call at a time; at 100,000 documents that stepping was half of a phrase's
or an AND's time (bench/search.py, profiled). The ids of a block are a sorted array already in
memory, so the patch finds the place with one bisect instead. Same result: the first posting
whose id is at least the target.

A block stores its ids as gaps, which Whoosh adds up in a Python generator: a fifth of the time
of reading a block, and a phrase or a common word reads hundreds (bench/search.py, profiled).
The patch adds them up with itertools.accumulate: the same ids.

Every posting written asks its document's field length (a block stores its shortest and longest),
and scoring asks it for every hit. Whoosh reads it back one byte at a time through the column
file, and for a field with no lengths stats the file again at every call: a sixth of a rebuild's
time (bench/search.py, profiled). The patch reads a segment's length column once into a bytes
object and maps each byte to its length through a table: the same lengths (None for none, as
Whoosh answers).

Another Whoosh release is left unpatched (slower, not wrong);
tests/unit/search/test_search_patches.py compares the two on random postings.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

import whoosh
from whoosh.codec import whoosh3
from whoosh.matching import ReadTooFar

from deliberation.search import writing_patches

PATCHED_RELEASE = (2, 7, 5)
_original = (whoosh3.W3LeafMatcher.skip_to, whoosh3.W3LeafMatcher._read_ids,
             whoosh3.W3PerDocReader.doc_field_length)
#: A stored length byte -> the length it stands for; 0 means none, which Whoosh answers with None.
_LENGTH_OF = (None, *(whoosh3.byte_to_length(b) for b in range(1, 256)))


def _skip_to(self, targetid):
    if not self.is_active():
        raise ReadTooFar
    if targetid <= self.id():
        return
    if targetid > self.block_max_id():
        self._skip_to_block(lambda: targetid > self.block_max_id())
    if self.is_active():
        if self._ids is None:
            self._read_ids()
        self._i = bisect_left(self._ids, targetid, self._i, self._blocklength)
        if self._i == self._blocklength:
            self._next_block()


def _read_ids(self):
    if self._data is None:
        self._read_data()
    ids = self._data[0]
    self._ids = ids if self._byteids else tuple(accumulate(ids))


def _doc_field_length(self, docnum, fieldname, default=0):
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    tables = self.__dict__.setdefault("_refound_lengths", {})
    try:
        table = tables[fieldname]
    except KeyError:
        reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        table = tables[fieldname] = None if reader is None else reader._dbfile.get(reader._basepos,
                                                                                    reader._count)
    if table is None:
        return default
    return _LENGTH_OF[table[docnum]] if docnum < len(table) else None


def install() -> bool:
    """Patch Whoosh if this is the release the patches were written for."""
    if tuple(whoosh.__version__[:3]) != PATCHED_RELEASE:
        return False
    whoosh3.W3LeafMatcher.skip_to = _skip_to
    whoosh3.W3LeafMatcher._read_ids = _read_ids
    whoosh3.W3PerDocReader.doc_field_length = _doc_field_length
    writing_patches.install()
    return True


def uninstall() -> None:
    (whoosh3.W3LeafMatcher.skip_to, whoosh3.W3LeafMatcher._read_ids,
     whoosh3.W3PerDocReader.doc_field_length) = _original
    writing_patches.uninstall()
