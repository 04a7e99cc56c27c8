"""Collision regions: the span a chair resolves, and each amendment's wording of it."""

from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_properties import WORDS, _boundaries, documents

from amendments.engine import Candidate, Edit, Resolution, apply_edits, collision_regions, merge

FAST = settings(max_examples=80, deadline=None)
TEXT = "1.1 The branch shall meet monthly.\n1.2 Ŵyn and 👩‍👩‍👧 members vote.\n"


def test_a_region_covers_every_edit_of_its_group_and_words_it_per_amendment():
    at = TEXT.index("monthly")
    a = Candidate(1, (Edit(at, at + 7, "weekly"),))
    b = Candidate(2, (Edit(TEXT.index("meet"), at + 7, "gather each quarter"),))
    c = Candidate(3, (Edit(TEXT.index("Ŵyn"), TEXT.index("Ŵyn") + 3, "Defaid"),))  # collides with no one
    [region] = collision_regions(TEXT, [a, b, c])
    assert region.ids == (1, 2)
    assert TEXT[region.start:region.end] == region.text == "meet monthly"
    assert dict(region.wordings) == {1: "meet weekly", 2: "gather each quarter"}


def test_an_amendment_with_edits_beside_the_collision_words_all_of_them():
    meet, vote = TEXT.index("meet"), TEXT.index("vote")
    a = Candidate(1, (Edit(meet, meet + 4, "gather"), Edit(vote, vote + 4, "decide")))
    b = Candidate(2, (Edit(meet, meet + 4, "assemble"),))
    [region] = collision_regions(TEXT, [a, b])
    assert (region.start, region.end) == (meet, vote + 4)
    assert dict(region.wordings)[1] == TEXT[meet:vote + 4].replace("meet", "gather").replace("vote", "decide")
    assert dict(region.wordings)[2] == TEXT[meet:vote + 4].replace("meet", "assemble")


@st.composite
def colliding(draw):
    """A document and 2-4 amendments whose edits all land inside one stretch of it, so they collide."""
    text = draw(documents(min_words=20, max_words=50))
    cuts = _boundaries(text)
    lo = draw(st.integers(0, len(cuts) - 4))
    hi = draw(st.integers(lo + 2, min(len(cuts) - 1, lo + 8)))
    cands = []
    for n in range(draw(st.integers(2, 4))):
        a = draw(st.integers(lo, hi - 1))
        b = draw(st.integers(a + 1, hi))
        cands.append(Candidate(10 + n, (Edit(cuts[a], cuts[b], draw(st.sampled_from(WORDS)) + " "),)))
    return text, cands


@FAST
@given(colliding())
def test_choosing_a_wording_merges_exactly_that_amendments_text(case):
    text, cands = case
    for region in collision_regions(text, cands):
        group = [c for c in cands if c.id in region.ids]
        for ident, wording in region.wordings:
            result = merge(text, group, [Resolution(region.ids, wording)])
            amendment = next(c for c in group if c.id == ident)
            assert result.text == apply_edits(text, amendment.edits)
            assert set(result.merged) == set(region.ids)


@FAST
@given(colliding())
def test_regions_are_in_the_text_and_name_each_group_once(case):
    text, cands = case
    regions = collision_regions(text, cands)
    seen = [i for r in regions for i in r.ids]
    assert len(seen) == len(set(seen))
    for r in regions:
        assert 0 <= r.start <= r.end <= len(text) and text[r.start:r.end] == r.text
        assert [i for i, _w in r.wordings] == list(r.ids)
