"""hot.py: the decoded postings of common words are kept within their bound, least recently used
going first, and phrases that take them from there find exactly what Whoosh finds, before and
after documents of their segment are deleted."""
import random

import pytest
from whoosh import query as Q
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from deliberation.search import phrases
from deliberation.search.hot import HotPostings


def test_kept_within_bound_least_recently_used_first():
    hot = HotPostings(100, least=10)
    assert not hot.wants(9) and hot.wants(10) and hot.wants(100) and not hot.wants(101)
    hot.put("a", 40, ["a"])
    hot.put("b", 40, ["b"])
    assert hot.get("a") == ["a"]  # a is now the most recently used
    hot.put("c", 40, ["c"])  # room is made by dropping b
    assert hot.get("b") is None and hot.get("a") == ["a"] and hot.get("c") == ["c"]
    assert hot.held() == 80
    hot.put("small", 5, ["s"])  # not worth keeping
    assert hot.get("small") is None
    hot.clear()
    assert hot.held() == 0 and hot.get("a") is None


def test_a_word_is_kept_the_second_time_it_is_searched():
    hot = HotPostings(100, least=10)
    assert not hot.seen_before("w") and hot.seen_before("w") and hot.seen_before("w")
    hot.put("w", 20, ["w"])
    assert not hot.seen_before("x")
    hot.put("x", 90, ["x"])  # w is dropped to make room, and must be searched twice again
    assert hot.get("w") is None and not hot.seen_before("w")


def _index(seed: int):
    rng = random.Random(seed)
    ix = RamStorage().create_index(Schema(key=ID(stored=True, unique=True), t=TEXT(stored=False)))
    key = 0
    for _segment in range(2):
        with ix.writer() as writer:
            for _n in range(700):
                writer.add_document(key=str(key), t=" ".join(rng.choice(["alpha", "beta", "gamma", "delta"])
                                                             for _w in range(rng.randrange(1, 12))))
                key += 1
    return ix, key


def _whoosh(searcher, q):
    return sorted(((hit.score, hit.docnum) for hit in searcher.search(q, limit=None, optimize=False)),
                  key=lambda pair: (-pair[0], pair[1]))


@pytest.mark.parametrize("seed", range(3))
def test_phrases_with_kept_postings_are_whooshs(seed):
    ix, keys = _index(seed)
    hot = HotPostings(10_000, least=50)
    queries = [Q.Phrase("t", ["alpha", "beta"]), Q.Phrase("t", ["gamma", "alpha", "delta"]),
               Q.Phrase("t", ["beta", "beta"])]
    rng = random.Random(seed)
    for round_ in range(3):
        with ix.searcher() as searcher:
            for q in queries:
                expected = _whoosh(searcher, q)
                assert phrases.top(searcher, q, 10, {}, hot=hot) == (len(expected), expected[:10])
        assert hot.held() > 0
        with ix.writer() as writer:  # deletions in the segments whose postings are kept
            for _n in range(60):
                writer.delete_by_term("key", str(rng.randrange(keys)))
        if round_ == 0:
            kept = dict(hot._words)
    assert all(hot.get(key) is found for key, (_n, found) in kept.items())  # the same segments: reused
