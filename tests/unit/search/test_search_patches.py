"""The patched skip_to and block reading find exactly what Whoosh's own code finds, on random postings long
enough to span many blocks. The texts are split on spaces only, so that one-letter words are words
(the app's analyzer drops them)."""
import random

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
