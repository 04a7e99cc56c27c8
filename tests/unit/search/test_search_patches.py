"""The patched skip_to and block reading find exactly what Whoosh's own code finds, on random postings long
enough to span many blocks."""
import random

import pytest
from whoosh import query as Q
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
    ix = RamStorage().create_index(Schema(t=TEXT, k=ID))
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
