"""The patched skip_to and block reading find exactly what Whoosh's own code finds, on random postings long
enough to span many blocks. The texts are split on spaces only, so that one-letter words are words
(the app's analyzer drops them)."""
import random
import zlib

import pytest
from whoosh import query as Q
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from deliberation.search import patches

QUERIES = [Q.And([Q.Term("t", "a"), Q.Term("t", "b")]),
           Q.And([Q.Term("t", "a"), Q.Term("t", "c"), Q.Term("k", "x")]),
           Q.Phrase("t", ["a", "b"]), Q.AndNot(Q.Term("t", "b"), Q.Term("t", "c")),
           Q.Or([Q.Term("t", "c"), Q.Term("k", "x")])]


@pytest.mark.parametrize("seed", range(6))
def test_patched_skip_to_finds_the_same_documents(seed):
    rng = random.Random(seed)
    ix = RamStorage().create_index(Schema(t=TEXT(analyzer=SpaceSeparatedTokenizer()), k=ID))
    with ix.writer() as writer:
        for _n in range(rng.choice((300, 1500, 4000))):
            odds = (("a", 0.6), ("b", rng.choice((0.02, 0.3, 0.9))), ("c", 0.1))
            words = [w for w, p in odds if rng.random() < p]
            rng.shuffle(words)
            writer.add_document(t=" ".join(words) or "z", k="x" if rng.random() < 0.05 else "y")
    found = {}
    for patched in (False, True):
        patches.install() if patched else patches.uninstall()
        try:
            with ix.searcher() as searcher:
                found[patched] = [sorted(searcher.docs_for_query(q)) for q in QUERIES]
        finally:
            patches.install()
    assert found[True] == found[False]
    assert any(found[True])


@pytest.mark.parametrize("seed", range(4))
def test_patched_field_lengths_are_whooshs(seed):
    """Every document's length in every field (none for an unscored field or an empty text), and the
    scores of an index written with the patch, equal Whoosh's own."""
    rng = random.Random(seed)
    words = ["a", "b", "c", "d", "e"]
    docs = [{"t": " ".join(rng.choice(words) for _ in range(rng.choice((0, 1, 3, 40, 300)))),
             "k": rng.choice(("x", "y"))} for _ in range(rng.choice((50, 700)))]
    lengths, scores = {}, {}
    for patched in (False, True):
        patches.install() if patched else patches.uninstall()
        try:
            ix = RamStorage().create_index(Schema(t=TEXT(analyzer=SpaceSeparatedTokenizer()), k=ID))
            for part in (docs[: len(docs) // 2], docs[len(docs) // 2:]):  # two segments
                with ix.writer() as writer:
                    for doc in part:
                        writer.add_document(**doc)
            with ix.searcher() as searcher:
                lengths[patched] = [(searcher.doc_field_length(n, "t"), searcher.doc_field_length(n, "k"),
                                     searcher.doc_field_length(n, "t", 7))
                                    for n in range(searcher.doc_count_all())]
                scores[patched] = [[(hit.docnum, hit.score)
                                    for hit in searcher.search(Q.Term("t", w), limit=None)] for w in words]
        finally:
            patches.install()
    assert lengths[True] == lengths[False]
    assert scores[True] == scores[False]
    assert any(t for t, _k, _d in lengths[True])


def _written(patched: bool, seed: int):
    """An index of random postings (two segments, positions, weights above 1), written with or
    without the patches."""
    rng = random.Random(seed)
    patches.install() if patched else patches.uninstall()
    try:
        ix = RamStorage().create_index(Schema(t=TEXT(analyzer=SpaceSeparatedTokenizer()), k=ID))
        for _segment in range(2):
            with ix.writer() as writer:
                for _n in range(rng.choice((1, 200, 900))):
                    words = [rng.choice("abc") for _ in range(rng.choice((1, 2, 6, 30)))]
                    writer.add_document(t=" ".join(words), k=rng.choice("xy"))
    finally:
        patches.install()
    return ix


@pytest.mark.parametrize("seed", range(4))
def test_blocks_pickled_either_way_read_the_same(seed):
    """An index written with protocol-4 blocks is read by an unpatched Whoosh as one written with
    protocol 2 is, and the other way round: the same documents, positions and scores."""
    def read(ix, patched):
        patches.install() if patched else patches.uninstall()
        try:
            with ix.searcher() as searcher:
                return [[(hit.docnum, hit.score) for hit in searcher.search(q, limit=None)]
                        for q in [*QUERIES, Q.Phrase("t", ["c", "a", "b"])]]
        finally:
            patches.install()
    answers = [read(_written(written, seed), reading)
               for written in (False, True) for reading in (False, True)]
    assert answers[1:] == answers[:1] * 3
    assert any(answers[0])


def test_blocks_are_written_with_protocol_4():
    """With the patch a block of postings is a protocol-4 pickle, which holds bytes as bytes
    (protocol 2 writes a ``_codecs.encode`` call for every posting's positions)."""
    def first_block(ix) -> bytes:
        with ix.searcher() as searcher:
            subsearcher, _offset = max(searcher.leaf_searchers(), key=lambda leaf: leaf[0].doc_count())
            matcher = subsearcher.postings("t", "a")
            data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
            return zlib.decompress(data) if matcher._compression else data
    unpatched, patched = first_block(_written(False, 1)), first_block(_written(True, 1))
    assert unpatched[:2] == b"\x80\x02" and b"_codecs" in unpatched
    assert patched[:2] == b"\x80\x04" and b"_codecs" not in patched


@pytest.mark.parametrize("patched", [False, True])
def test_sort_runs_pickled_in_chunks_sort_everything(patched, tmp_path):
    """Whoosh's external sort, with runs pickled a chunk at a time, gives back every item in
    order: runs of several chunks, a last short chunk, and runs merged into fewer files."""
    from whoosh.externalsort import SortingPool
    rng = random.Random(7)
    items = [(rng.choice("ab"), bytes([rng.randrange(256)]) * rng.randrange(4), rng.randrange(10**6), 1.0,
              b"" if rng.random() < 0.1 else b"\x00\x80.") for _ in range(30_000)]
    patches.install() if patched else patches.uninstall()
    try:
        pool = SortingPool(maxsize=9_000, tempdir=str(tmp_path))
        for item in items:
            pool.add(item)
        assert list(pool.items(maxfiles=2)) == sorted(items)
        assert not list(tmp_path.iterdir())  # every run file read and removed
    finally:
        patches.install()


def test_an_index_spilled_to_runs_reads_as_whooshs():
    """A writer with a small memory limit spills its postings to many runs: the index it writes
    with the patches answers as one written without them."""
    def build(patched):
        rng = random.Random(3)
        patches.install() if patched else patches.uninstall()
        try:
            ix = RamStorage().create_index(Schema(t=TEXT(analyzer=SpaceSeparatedTokenizer()), k=ID))
            with ix.writer(limitmb=0.05) as writer:
                for _n in range(1500):
                    writer.add_document(t=" ".join(rng.choice("abcd") for _ in range(rng.randrange(1, 20))),
                                        k=rng.choice("xy"))
        finally:
            patches.install()
        with ix.searcher() as searcher:
            return [[(hit.docnum, hit.score) for hit in searcher.search(q, limit=None)]
                    for q in [*QUERIES, Q.Phrase("t", ["d", "a"])]]
    assert build(True) == build(False)
