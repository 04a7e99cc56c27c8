"""Hypothesis properties: order independence, round trips, provenance exactness, clean rebase."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from amendments.engine import Candidate, Edit, apply_edits, edits_between, merge, rebase, word_diff
from amendments.engine.tokens import tokenise

FAST = settings(max_examples=60, deadline=None)

WORDS = [
    "the", "branch", "shall", "meet", "members", "Straße", "über", "ŵyn", "ŷd", "👩‍👩‍👧",
    "שלום", "مرحبا", "vote", "4.2", "(a)", "zero\u200bwidth", "dues,", "chair.", "🇬🇧", "é",
]
SEPS = [" ", " ", " ", "\n", "  ", "\r\n", " \n", "\n\n"]


@st.composite
def documents(draw, min_words=12, max_words=60):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words))
    seps = draw(st.lists(st.sampled_from(SEPS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


def _boundaries(text):
    """Offsets between words and separators (edits made in suggest mode land on these)."""
    out, pos = [0], 0
    for tok in tokenise(text):
        pos += len(tok)
        out.append(pos)
    return sorted(set(out))


@st.composite
def disjoint_candidates(draw, text, max_cands=5):
    """Amendments whose edits never collide (separated by at least one untouched token)."""
    cuts = _boundaries(text)
    if len(cuts) < 2:
        return []
    n = draw(st.integers(1, min(max_cands, len(cuts) // 2)))  # 2n distinct cuts: a short text has few
    picks = sorted(draw(st.lists(st.integers(0, len(cuts) - 1), min_size=2 * n, max_size=2 * n, unique=True)))
    cands = []
    for i in range(n):
        a, b = cuts[picks[2 * i]], cuts[picks[2 * i + 1]]
        if i and a == cands[-1].edits[-1].end:
            continue  # keep a gap so insertions cannot meet at a point
        kind = draw(st.sampled_from(["replace", "insert", "delete"]))
        new = draw(st.sampled_from(WORDS)) + draw(st.sampled_from([" ", "", "\n"]))
        if kind == "insert":
            edit = Edit(a, a, new)
        elif kind == "delete":
            edit = Edit(a, b, "")
        else:
            edit = Edit(a, b, new)
        cands.append(Candidate(100 + i, (edit,), draw(st.one_of(st.none(), st.integers(1, 9)))))
    return [c for c in cands if not any(
        o is not c and o.edits[0].start == o.edits[0].end == c.edits[0].start == c.edits[0].end for o in cands
    )]


@FAST
@given(st.data())
def test_disjoint_amendments_merge_the_same_in_any_order(data):
    text = data.draw(documents())
    cands = data.draw(disjoint_candidates(text))
    results = {merge(text, list(p)) for p in itertools.islice(itertools.permutations(cands), 6)}
    assert len(results) == 1
    (r,) = results
    assert r.skipped == () and r.merged == tuple(sorted(c.id for c in cands))


@FAST
@given(st.data())
def test_merge_equals_sequential_application_from_the_end(data):
    text = data.draw(documents())
    cands = data.draw(disjoint_candidates(text))
    seq = text
    for e in sorted((e for c in cands for e in c.edits), key=lambda e: (e.start, e.end), reverse=True):
        seq = apply_edits(seq, [e])
    assert merge(text, cands).text == seq


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_word_diff_round_trips_arbitrary_unicode(a, b):
    ops = word_diff(a, b)
    assert "".join(t for op, t in ops if op != "insert") == a
    assert "".join(t for op, t in ops if op != "delete") == b
    assert apply_edits(a, edits_between(a, b)) == b


@FAST
@given(documents(), documents())
def test_edits_between_round_trips_documents(a, b):
    edits = edits_between(a, b)
    assert apply_edits(a, edits) == b
    assert all(x.end <= y.start for x, y in zip(edits, edits[1:], strict=False))


def _owners_after(text, owners, cands):
    """Oracle: per-character owner of the merged text, built by applying edits one at a time."""
    for c in sorted(cands, key=lambda c: (c.edits[0].start, c.edits[0].end), reverse=True):
        e = c.edits[0]
        # rebuild owners for the replaced range: equal chars keep theirs, inserted chars get c
        seg, pos = [], e.start
        for op, t in word_diff(text[e.start : e.end], e.text):
            if op == "equal":
                seg.extend(owners[pos : pos + len(t)])
                pos += len(t)
            elif op == "delete":
                pos += len(t)
            else:
                seg.extend([(c.id, c.proposal_id)] * len(t))
        owners = owners[: e.start] + seg + owners[e.end :]
        text = text[: e.start] + e.text + text[e.end :]
    return text, owners


def _owners_from_spans(text, spans):
    owners = [None] * len(text)
    for s in spans:
        for i in range(s.start, s.end):
            assert owners[i] is None, "spans overlap"
            owners[i] = (s.amendment_id, s.proposal_id)
    return owners


@FAST
@given(st.data())
def test_provenance_covers_exactly_the_inserted_characters(data):
    text = data.draw(documents())
    first = data.draw(disjoint_candidates(text))
    r1 = merge(text, first)
    t1, owners1 = _owners_after(text, [None] * len(text), first)
    assert r1.text == t1
    assert _owners_from_spans(t1, r1.provenance) == owners1
    second = [Candidate(c.id + 100, c.edits, c.proposal_id) for c in data.draw(disjoint_candidates(t1))]
    r2 = merge(t1, second, provenance=r1.provenance)
    t2, owners2 = _owners_after(t1, owners1, second)
    assert r2.text == t2
    assert _owners_from_spans(t2, r2.provenance) == owners2
    spans = r2.provenance
    assert list(spans) == sorted(spans, key=lambda s: (s.start, s.end))
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


@FAST
@given(st.data())
def test_rebase_over_untouched_versions_is_exact(data):
    words = data.draw(st.lists(st.sampled_from(WORDS), min_size=40, max_size=60))
    text = " ".join(words)
    cuts = _boundaries(text)
    half = len(cuts) // 2
    # the amendment edits the first third, the other version changes the last third
    a1 = data.draw(st.integers(0, half // 2))
    a2 = data.draw(st.integers(a1, half // 2 + 1))
    d1 = data.draw(st.integers(half + 12, len(cuts) - 2))
    d2 = data.draw(st.integers(d1, len(cuts) - 1))
    mine = Edit(cuts[a1], cuts[a2], data.draw(st.sampled_from(WORDS)) + " ")
    other = Edit(cuts[d1], cuts[d2], data.draw(st.sampled_from(["", "new words ", "Straße "])))
    later = apply_edits(text, [other])
    r = rebase([mine], [text, later])
    assert r.status == "clean", r
    assert apply_edits(later, r.edits) == apply_edits(text, [mine, other])
