"""word_diff / edits_between / apply_edits on plain and multilingual text."""

import pytest

from amendments.engine import Edit, apply_edits, edits_between, word_diff


def _sides(ops):
    a = "".join(t for op, t in ops if op != "insert")
    b = "".join(t for op, t in ops if op != "delete")
    return a, b


def test_one_word_change_in_long_line_is_one_word():
    a = ("The members of each local group shall meet at least once a year to elect a secretary "
         "and a treasurer.")
    b = a.replace("once", "twice")
    ops = word_diff(a, b)
    assert ("delete", "once") in ops and ("insert", "twice") in ops
    assert sum(len(t) for op, t in ops if op != "equal") == len("once") + len("twice")
    assert _sides(ops) == (a, b)


def test_never_splits_a_word():
    ops = word_diff("the cat sat", "the category sat")
    assert ("delete", "cat") in ops and ("insert", "category") in ops


def test_identical_and_empty():
    assert word_diff("same", "same") == [("equal", "same")]
    assert word_diff("", "") == []
    assert word_diff("", "new") == [("insert", "new")]
    assert word_diff("old", "") == [("delete", "old")]


@pytest.mark.parametrize(
    "a,b",
    [
        ("Die Straße ist groß.", "Die Straße ist größer."),
        ("Bydd yr aelodau'n cwrdd â'r pwyllgor ŵyr", "Bydd yr aelodau'n cwrdd â'r pwyllgor ŷd"),
        ("family 👩‍👩‍👧 here", "family 👨‍👩‍👧‍👦 here"),
        ("flag 🇬🇧 and 🇩🇪", "flag 🇩🇪 and 🇬🇧"),
        ("مرحبا بالعالم الجميل", "مرحبا بالعالم الكبير"),
        ("שלום עולם יפה", "שלום עולם גדול"),
        ("zero\u200bwidth\u200cjoin", "zero\u200bwidths\u200cjoin"),
        ("crlf\r\nline  \n", "crlf\r\nline \n"),
        ("no newline", "no newline\n"),
    ],
)
def test_round_trip_unicode(a, b):
    ops = word_diff(a, b)
    assert _sides(ops) == (a, b)
    assert apply_edits(a, edits_between(a, b)) == b


def test_emoji_sequence_is_one_token():
    ops = word_diff("family 👩‍👩‍👧 here", "family 👨‍👩‍👧‍👦 here")
    changed = [t for op, t in ops if op != "equal"]
    assert changed == ["👩‍👩‍👧", "👨‍👩‍👧‍👦"]


def test_edits_between_minimal_and_fused():
    a = "Members pay dues monthly to the treasurer."
    b = "Members pay fees annually to the treasurer."
    edits = edits_between(a, b)
    assert edits == (Edit(12, 24, "fees annually"),)
    assert apply_edits(a, edits) == b


def test_edits_between_several_sorted_edits():
    a = "one two three four five six seven eight nine ten"
    b = "one TWO three four five six seven eight nine"
    edits = edits_between(a, b)
    assert [a[e.start : e.end] for e in edits] == ["two", " ten"]
    assert list(edits) == sorted(edits, key=lambda e: (e.start, e.end))
    assert apply_edits(a, edits) == b


def test_apply_edits_insert_delete_replace():
    assert apply_edits("abc", [Edit(0, 0, "x"), Edit(1, 2, ""), Edit(3, 3, "!")]) == "xac!"
    assert apply_edits("abc", []) == "abc"
    assert apply_edits("ab", [Edit(1, 1, "-"), Edit(1, 2, "B")]) == "a-B"


@pytest.mark.parametrize(
    "edits",
    [
        [Edit(2, 4, "x"), Edit(0, 1, "y")],  # unsorted
        [Edit(0, 3, "x"), Edit(2, 4, "y")],  # overlapping
        [Edit(1, 1, "x"), Edit(1, 1, "y")],  # two insertions at one point
        [Edit(0, 9, "x")],  # out of range
        [Edit(3, 2, "x")],  # backwards
    ],
)
def test_apply_edits_rejects_bad_edits(edits):
    with pytest.raises(ValueError):
        apply_edits("abcd", edits)


def test_word_diff_returns_fresh_lists():
    ops = word_diff("a b", "a c")
    ops.append(("equal", "junk"))
    assert word_diff("a b", "a c")[-1] != ("equal", "junk")


@pytest.mark.parametrize("name", ["python", "fast"])
def test_both_diff_backends_round_trip(name):
    from amendments.engine import diff

    if name == "fast" and diff._fast is None:
        pytest.skip("fast-diff-match-patch not installed (optional)")
    before = diff.backend()
    diff.set_backend(name)
    try:
        a = "".join(f"{i}. Die Straße ist groß.\nMae'r ŵyn {i} yma 👩‍👩‍👧.\n" for i in range(400))
        b = a.replace("groß", "größer", 3).replace("ŵyn", "ŷd", 5) + "שלום\n"  # > LINE_MODE_TOKENS
        assert apply_edits(a, edits_between(a, b)) == b
        assert ("delete", "groß") in word_diff(a, b)
    finally:
        diff.set_backend(before)
