"""Replay 50 real versions of a charter, and rebase real changes filed against stale bases."""

import collections
import json

import pytest

from amendments.engine import (
    Candidate,
    LineIndex,
    apply_edits,
    edits_between,
    merge,
    rebase,
    redline_html,
    word_diff,
)
from tests.support.history import express, history_dir

HISTORY = history_dir()
pytestmark = pytest.mark.skipif(
    not HISTORY.is_dir(), reason=f"real constitution history not available at {HISTORY}"
)


@pytest.fixture(scope="module")
def versions():
    return [p.read_text(encoding="utf-8") for p in sorted(HISTORY.glob("v*.txt"))]


def test_replay_every_version_with_provenance(versions):
    prov = ()
    for i, (prev, nxt) in enumerate(zip(versions, versions[1:], strict=False), start=1):
        r = merge(prev, [Candidate(i, edits_between(prev, nxt), 1000 + i)], provenance=prov)
        assert r.text == nxt, f"v{i - 1:03d} -> v{i:03d}"
        assert r.merged == (i,)
        spans = r.provenance
        assert all(0 <= s.start <= s.end <= len(nxt) for s in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
        # every character this version inserted (word by word within each edit) is credited to it
        fresh = sum(s.end - s.start for s in spans if s.amendment_id == i)
        inserted = sum(
            len(t)
            for e in edits_between(prev, nxt)
            for op, t in word_diff(prev[e.start : e.end], e.text)
            if op == "insert"
        )
        assert fresh == inserted
        prov = spans
    assert prov, "provenance survives fifty versions"


def test_line_citations_of_real_changes(versions):
    prev, nxt = versions[26], versions[27]  # "Gradually reduce TC membership to 9 members"
    idx = LineIndex(prev)
    cites = [idx.cite(e.start, e.end) for e in edits_between(prev, nxt)]
    assert cites and all(1 <= a <= b <= len(idx.lines) for a, b in cites)


def test_redline_of_real_change_is_word_level(versions):
    html = redline_html(versions[26], versions[27])
    assert "<ins" in html and "<del" in html
    lines = html.count("<li ")
    assert lines == len(LineIndex(versions[27]).lines)


def test_stale_base_rebase_never_misplaces(versions, record_property):
    """The real change v[k] -> v[k+1], filed against v[k-d], rebased over the real chain.

    Whenever rebase places it (clean or review), applying it to v[k] must give v[k+1]
    exactly; and every placed replacement must cover exactly the words it replaced.
    """
    counts = collections.Counter()
    for d in (1, 2, 3, 5, 8, 13):
        for k in range(d, len(versions) - 1):
            change = edits_between(versions[k], versions[k + 1])
            filed = express(change, versions[k], versions[k - d])
            if filed is None:
                counts["not_expressible"] += 1
                continue
            r = rebase(filed, versions[k - d : k + 1])
            counts[r.status] += 1
            if r.status == "conflict":
                assert r.edits == () and r.reason
                continue
            target = versions[k]
            for old, new in zip(filed, r.edits, strict=False):
                assert target[new.start : new.end] == versions[k - d][old.start : old.end]
            assert apply_edits(target, r.edits) == versions[k + 1], (d, k, r)
    print("stale-base rebase:", json.dumps(dict(counts)))
    record_property("stale_base_counts", dict(counts))
    assert counts["clean"] > 50


def test_reordered_changes_rebase_never_misplaces(versions, record_property):
    """Change C = v[k]->v[k+1] written on v[k], but later changes D = v[k+1]->v[k+1+m] went in first.

    The target is v[k] with D applied (D re-expressed on v[k]); rebasing C onto it must,
    whenever it places C, give v[k+1+m] exactly.
    """
    counts = collections.Counter()
    for m in (1, 2, 3, 5):
        for k in range(len(versions) - 1 - m):
            first = express(edits_between(versions[k + 1], versions[k + 1 + m]), versions[k + 1], versions[k])
            if not first:
                counts["not_expressible"] += 1
                continue
            target = apply_edits(versions[k], first)
            r = rebase(edits_between(versions[k], versions[k + 1]), [versions[k], target])
            counts[r.status] += 1
            if r.status != "conflict":
                assert apply_edits(target, r.edits) == versions[k + 1 + m], (m, k, r)
    print("reordered rebase:", json.dumps(dict(counts)))
    record_property("reordered_counts", dict(counts))
    assert counts["clean"] > 50
