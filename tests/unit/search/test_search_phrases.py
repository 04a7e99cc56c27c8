"""phrases.top finds what Whoosh's phrase query finds: the same documents, scores and order, and
the exact total, on random indexes of several segments with deletions, with a filter and a mask."""
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as Q
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from deliberation.search import phrases, postings
from deliberation.search.hot import HotPostings

WORDS = ["alpha", "beta", "gamma", "delta", "the", "of"]


def _index(seed: int, segments: int = 3):
    rng = random.Random(seed)
    ix = RamStorage().create_index(Schema(key=ID(stored=True, unique=True), t=TEXT(stored=False)))
    key = 0
    for _segment in range(segments):
        with ix.writer() as writer:
            for _n in range(rng.choice((150, 600))):
                text = " ".join(rng.choice(WORDS) for _w in range(rng.randrange(1, 30)))
                writer.add_document(key=str(key), t=text)
                key += 1
            for _n in range(15):
                writer.delete_by_term("key", str(rng.randrange(key)))
    return ix


INDEXES = {seed: _index(seed) for seed in range(3)}


def _whoosh(searcher, q, allowed, unreadable) -> list[tuple[float, int]]:
    found = searcher.search(q, limit=None, optimize=False)
    return [(hit.score, hit.docnum) for hit in found
            if (allowed is None or hit.docnum in allowed) and hit.docnum not in (unreadable or ())]


@settings(max_examples=80, deadline=None)
@given(seed=st.sampled_from(sorted(INDEXES)),
       words=st.lists(st.sampled_from(WORDS[:4]), min_size=2, max_size=4),
       limit=st.sampled_from((1, 10, 50)), filtered=st.booleans(),
       kept=st.sampled_from((None, 1, 100, 10**6)))
def test_phrase_top_is_whooshs_phrase_search(seed, words, limit, filtered, kept):
    """With no words kept (hot.py), with every word kept (matching by places), with the common
    ones kept and the rarest decoded, and with none worth keeping."""
    q = Q.Phrase("t", words)
    with INDEXES[seed].searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        every = range(searcher.doc_count_all())
        rng = random.Random(seed)
        allowed = set(rng.sample(every, len(every) // 2)) if filtered else None
        unreadable = set(rng.sample(every, 40)) if filtered else None
        expected = _whoosh(searcher, q, allowed, unreadable)
        hot = HotPostings(10**6, least=kept) if kept else None
        for _twice in range(2):  # the second time from what the first kept
            total, best = phrases.top(searcher, q, limit, {}, allowed, unreadable, hot=hot)
            assert total == len(expected)
            assert best == sorted(expected, key=lambda pair: (-pair[0], pair[1]))[:limit]


def test_a_word_the_index_lacks_finds_nothing():
    with INDEXES[0].searcher() as searcher:
        assert phrases.top(searcher, Q.Phrase("t", ["alpha", "zeta"]), 10, {}) == (0, [])


@pytest.mark.parametrize("q", [Q.Phrase("t", ["alpha", "beta"], slop=2),
                               Q.Phrase("t", ["alpha", "beta"], boost=2.0),
                               Q.Term("t", "alpha"),
                               Q.And([Q.Phrase("t", ["alpha", "beta"]), Q.Term("t", "gamma")])])
def test_other_queries_are_left_to_whoosh(q):
    with INDEXES[0].searcher() as searcher:
        assert phrases.top(searcher, q, 10, {}) is None


@settings(max_examples=80, deadline=None)
@given(positions=st.lists(st.lists(st.integers(0, 200_000), min_size=1, max_size=1500).map(sorted),
                          min_size=1, max_size=20),
       unstopped=st.sets(st.integers(0, 19)))
def test_positions_decoded_together_are_whooshs(positions, unstopped):
    """Many postings' positions unpickled at once are what Whoosh's Positions format decodes one
    by one: small and large numbers, lists longer than a pickle's batch of 1,000, and values
    without their STOP (which a Whoosh format may strip) decoded one by one instead."""
    from itertools import accumulate

    from whoosh.formats import Positions
    encoded = [Positions().encode(found) for found in positions]
    encoded = [value[:-1] if at in unstopped else value for at, value in enumerate(encoded)]
    gaps = postings.gaps(encoded)
    assert [list(accumulate(one)) for one in gaps] == [Positions().decode_positions(v) for v in encoded]
