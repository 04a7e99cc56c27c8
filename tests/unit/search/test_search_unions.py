"""unions.top finds what Whoosh finds for words ORed (one word, prefixes, wildcards): the same
documents in the same order with the same scores, and the exact total, on random indexes of
several segments with and without deletions, with a filter and a mask."""
import random

import pytest
from whoosh import query as Q
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.query.compound import DefaultOr

from deliberation.search import unions

WORDS = ["alpha", "alps", "alpine", "also", "beta", "better", "bet", "gamma", "game", "delta"]
QUERIES = [Q.Term("t", "alpha"), Q.Prefix("w", "al"), Q.Prefix("w", "bet"), Q.Wildcard("w", "ga?e"),
           Q.Or([Q.Prefix("w", "alp"), Q.Term("t", "delta"), Q.Term("title", "game")]),
           Q.Term("t", "missing")]


def _index(rng: random.Random, deletions: bool = True):
    ix = RamStorage().create_index(Schema(key=ID(stored=True, unique=True), t=TEXT, w=TEXT(phrase=False),
                                          title=TEXT(field_boost=2.0)))
    key = 0
    for _segment in range(3):
        with ix.writer() as writer:
            for _n in range(rng.choice((200, 700))):
                text = " ".join(rng.choice(WORDS) for _w in range(rng.randrange(1, 40)))
                writer.add_document(key=str(key), t=text, w=text, title=rng.choice(WORDS))
                key += 1
            for _n in range(20 if deletions else 0):
                writer.delete_by_term("key", str(rng.randrange(key)))
    return ix


def _expanded(q, reader):
    """The query as Whoosh runs it on an index of more than 5,000 documents: each prefix an OR
    of its words, scored (on a smaller one Whoosh gives every prefix match the score 1)."""
    if isinstance(q, Q.Or):
        return DefaultOr([_expanded(sub, reader) for sub in q.subqueries])
    if isinstance(q, (Q.Prefix, Q.Wildcard)):
        return DefaultOr([Q.Term(q.fieldname, text.decode()) for text in q._btexts(reader)])
    return q


def _whoosh(searcher, q, allowed, unreadable) -> tuple[int, dict[int, float]]:
    """Every match's score as Whoosh computes it, and the exact count."""
    docs = set(searcher.docs_for_query(q))
    docs = {d for d in docs if (allowed is None or d in allowed) and d not in (unreadable or ())}
    found = searcher.search(_expanded(q, searcher.reader()), limit=None, optimize=False)
    scores = {hit.docnum: hit.score for hit in found}
    return len(docs), {d: s for d, s in scores.items() if d in docs}


@pytest.mark.parametrize("seed", range(4))
def test_top_matches_whoosh(seed):
    rng = random.Random(seed)
    ix = _index(rng, deletions=seed % 2 == 0)
    with ix.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions() == (seed % 2 == 0)
        every = list(range(searcher.doc_count_all()))
        allowed, unreadable = set(rng.sample(every, len(every) // 2)), set(rng.sample(every, 50))
        for q in QUERIES:
            for allow, mask in ((None, None), (allowed, None), (None, unreadable), (allowed, unreadable)):
                total, best = unions.top(searcher, q, 15, {}, allow, mask)
                expected_total, scores = _whoosh(searcher, q, allow, mask)
                assert total == expected_total
                # Sums in another order may differ in the last bit, so documents of equal scores
                # may come in another order: compared with scores rounded, ties by number.
                ranked = sorted((-round(s, 9), doc) for doc, s in scores.items())[:15]
                assert sorted((-round(s, 9), doc) for s, doc in best) == ranked
                top_scores = sorted(scores.values(), reverse=True)[:15]
                assert [s for s, _doc in best] == pytest.approx(top_scores, rel=1e-12)


def test_whoosh_top_collector_undercounts_what_unions_counts():
    """Why the total is not taken from Whoosh's collector: it stops counting matches that can
    no longer reach the top."""
    ix = _index(random.Random(7))
    q = Q.Or([Q.Prefix("w", "al"), Q.Prefix("w", "bet")])
    with ix.searcher() as searcher:
        exact = len(set(searcher.docs_for_query(q)))
        assert unions.top(searcher, q, 10, {})[0] == exact
        assert len(searcher.search(q, limit=10, optimize=False)) <= exact


@pytest.mark.parametrize("q", [Q.And([Q.Term("t", "alpha"), Q.Term("t", "beta")]),
                               Q.Phrase("t", ["alpha", "beta"]),
                               Q.Not(Q.Term("t", "alpha")), Q.Term("t", "alpha", boost=2.0)])
def test_other_queries_are_left_to_whoosh(q):
    ix = _index(random.Random(1))
    with ix.searcher() as searcher:
        assert unions.top(searcher, q, 10, {}) is None
