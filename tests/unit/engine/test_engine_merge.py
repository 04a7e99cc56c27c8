"""merge: one-pass application, collisions, resolutions and provenance."""

from amendments.engine import Candidate, Edit, Resolution, Span, apply_edits, edits_between, merge

BASE = "The branch shall meet once a year. Members pay dues monthly. The secretary keeps minutes."


def amend(i, new, pid=None, base=BASE):
    return Candidate(i, edits_between(base, new), pid)


def test_non_colliding_merge_in_one_pass_with_provenance():
    a = amend(1, BASE.replace("once", "twice"), 10)
    b = amend(2, BASE.replace("monthly", "annually"))
    r = merge(BASE, [b, a])
    assert r.text == BASE.replace("once", "twice").replace("monthly", "annually")
    assert r.merged == (1, 2) and r.skipped == ()
    assert [(r.text[s.start : s.end], s.amendment_id, s.proposal_id) for s in r.provenance] == [
        ("twice", 1, 10),
        ("annually", 2, None),
    ]


def test_colliding_candidates_skipped():
    a = amend(1, BASE.replace("once", "twice"))
    c = amend(3, BASE.replace("once a year", "every month"))
    b = amend(2, BASE.replace("monthly", "annually"))
    r = merge(BASE, [a, b, c])
    assert r.merged == (2,)
    assert r.skipped == ((1, "collision"), (3, "collision"))
    assert r.text == BASE.replace("monthly", "annually")


def test_resolution_covering_group_merges_all_and_credits_words():
    a = amend(1, BASE.replace("once", "twice"), 5)
    c = amend(3, BASE.replace("once a year", "once a month"), 6)
    r = merge(BASE, [a, c], [Resolution((1, 3), "twice a month")])
    assert r.text == BASE.replace("once a year", "twice a month")
    assert r.merged == (1, 3) and r.skipped == ()
    credit = {r.text[s.start : s.end]: s.amendment_id for s in r.provenance}
    assert credit == {"twice": 1, "month": 3}


def test_resolution_superset_and_non_colliding_ids():
    a = amend(1, BASE.replace("once", "twice"))
    c = amend(3, BASE.replace("once a year", "yearly"))
    d = amend(4, BASE.replace("minutes", "the minutes"))
    # 4 does not collide; the resolution covers [1,3] and 4 and rewrites the union region
    s, e = BASE.index("once"), BASE.index("minutes")  # region = [min start, max end) of their edits
    text = "twice yearly. Members pay dues monthly. The secretary keeps the "
    r = merge(BASE, [a, c, d], [Resolution((1, 3, 4), text)])
    assert r.text == BASE[:s] + text + BASE[e:]
    assert r.merged == (1, 3, 4)


def test_resolution_for_part_of_a_group_is_a_mismatch():
    a = amend(1, BASE.replace("once", "twice"))
    c = amend(3, BASE.replace("once a year", "yearly"))
    r = merge(BASE, [a, c], [Resolution((1,), "twice")])
    assert r.text == BASE
    assert r.skipped == ((1, "resolution_mismatch"), (3, "collision"))


def test_resolution_overlapping_other_applied_edit_is_a_mismatch():
    a = Candidate(1, (Edit(0, 3, "A"), Edit(40, 45, "far")))
    b = Candidate(2, (Edit(1, 2, "h"),))
    other = Candidate(3, (Edit(20, 25, "mid"),))  # inside 1's spread but collides with nobody
    r = merge(BASE, [a, b, other], [Resolution((1, 2), "x")])
    assert r.merged == (3,)
    assert dict(r.skipped) == {1: "resolution_mismatch", 2: "resolution_mismatch"}


def test_unknown_ids_in_resolution_mismatch():
    a = amend(1, BASE.replace("once", "twice"))
    c = amend(3, BASE.replace("once a year", "yearly"))
    r = merge(BASE, [a, c], [Resolution((1, 3, 99), "x")])
    assert dict(r.skipped) == {1: "resolution_mismatch", 3: "resolution_mismatch"}


def test_invalid_edits_skipped():
    bad = Candidate(1, (Edit(5, 2, "x"),))
    r = merge(BASE, [bad, amend(2, BASE.replace("monthly", "weekly"))])
    assert r.skipped == ((1, "invalid_edits"),) and r.merged == (2,)


def test_pure_deletion_gives_zero_width_span():
    r = merge(BASE, [amend(7, BASE.replace(" The secretary keeps minutes.", ""))])
    assert r.text == "The branch shall meet once a year. Members pay dues monthly."
    assert r.provenance == (Span(len(r.text), len(r.text), 7, None),)


def test_insertion_next_to_replacement_order_is_stable():
    p = BASE.index("once")
    a = Candidate(1, (Edit(p, p + 4, "twice"),))
    b = Candidate(2, (Edit(p, p, "at least "),))
    r1, r2 = merge(BASE, [a, b]), merge(BASE, [b, a])
    assert r1 == r2
    assert "meet at least twice a year" in r1.text


def test_later_amendment_takes_over_earlier_words():
    v1 = merge(BASE, [amend(1, BASE.replace("once a year", "twice a year"))])
    assert [(v1.text[s.start : s.end], s.amendment_id) for s in v1.provenance] == [("twice", 1)]
    v2text = v1.text.replace("twice a year", "twice every year")
    v2 = merge(v1.text, [amend(2, v2text, base=v1.text)], provenance=v1.provenance)
    assert v2.text == v2text
    assert [(v2.text[s.start : s.end], s.amendment_id) for s in v2.provenance] == [("twice", 1), ("every", 2)]
    v3text = v2text.replace("twice every", "thrice every")
    v3 = merge(v2text, [amend(3, v3text, base=v2text)], provenance=v2.provenance)
    assert [(v3.text[s.start : s.end], s.amendment_id) for s in v3.provenance] == \
        [("thrice", 3), ("every", 2)]


def test_insertion_inside_old_span_splits_it():
    v1 = merge(BASE, [amend(1, BASE.replace("monthly", "every single month"))])
    t2 = v1.text.replace("every single month", "every single calendar month")
    v2 = merge(v1.text, [amend(2, t2, base=v1.text)], provenance=v1.provenance)
    got = [(v2.text[s.start : s.end], s.amendment_id) for s in v2.provenance]
    assert got == [("every single ", 1), ("calendar ", 2), ("month", 1)]


def test_coarse_edit_keeps_provenance_of_unchanged_words():
    v1 = merge(BASE, [amend(1, BASE.replace("monthly", "every month"))])
    s = v1.text.index("dues every month")
    coarse = Candidate(2, (Edit(s, s + len("dues every month"), "fees every month"),))
    v2 = merge(v1.text, [coarse], provenance=v1.provenance)
    got = [(v2.text[x.start : x.end], x.amendment_id) for x in v2.provenance]
    assert got == [("fees", 2), ("every month", 1)]


def test_unicode_merge():
    base = "Die Straße ist groß. Mae'r ŵyn yn y cae. 👩‍👩‍👧 שלום"
    a = amend(1, base.replace("groß", "größer"), base=base)
    b = amend(2, base.replace("ŵyn", "ŷd"), base=base)
    c = amend(3, base.replace("👩‍👩‍👧", "👨‍👩‍👧‍👦"), base=base)
    r = merge(base, [a, b, c])
    assert r.text == "Die Straße ist größer. Mae'r ŷd yn y cae. 👨‍👩‍👧‍👦 שלום"
    assert [r.text[s.start : s.end] for s in r.provenance] == ["größer", "ŷd", "👨‍👩‍👧‍👦"]


def test_merge_equals_sequential_application():
    a = amend(1, BASE.replace("once", "twice"))
    b = amend(2, BASE.replace("Members", "All members"))
    c = amend(3, BASE.replace(" keeps minutes", " keeps the minutes"))
    text = BASE
    for e in sorted([*a.edits, *b.edits, *c.edits], key=lambda e: (e.start, e.end), reverse=True):
        text = apply_edits(text, [e])
    assert merge(BASE, [c, a, b]).text == text
