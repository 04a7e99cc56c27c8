"""rebase: exact when untouched, placed by context when moved, conflict when in doubt."""

import pytest

from amendments.engine import Edit, apply_edits, edits_between, rebase, rebase_amendment

V0 = (
    "1. The branch shall meet once a year to elect its officers.\n"
    "2. Members pay dues monthly to the treasurer of the branch.\n"
    "3. The secretary keeps minutes of every meeting.\n"
)


def test_untouched_region_maps_exactly():
    v1 = V0.replace("monthly", "annually")
    r = rebase_amendment(V0, V0.replace("once", "twice"), [V0, v1])
    assert (r.status, r.confidence, r.reason) == ("clean", 1.0, "")
    assert apply_edits(v1, r.edits) == v1.replace("once", "twice")


def test_multi_step_chain_shifts_offsets():
    v1 = "0. Preamble added.\n" + V0
    v2 = v1.replace("secretary", "minute secretary")
    r = rebase_amendment(V0, V0.replace("treasurer", "finance officer"), [V0, v1, v2])
    assert r.status == "clean"
    assert apply_edits(v2, r.edits) == v2.replace("treasurer", "finance officer")


def test_neighbouring_word_change_is_still_clean():
    v1 = V0.replace("shall meet once", "must meet once")
    r = rebase_amendment(V0, V0.replace("once", "twice"), [V0, v1])
    assert r.status == "clean"
    assert "must meet twice a year" in apply_edits(v1, r.edits)


def test_reworded_words_conflict_with_precise_reason():
    v1 = V0.replace("once a year", "every month")
    r = rebase_amendment(V0, V0.replace("once", "twice"), [V0, v1])
    assert r.status == "conflict" and r.edits == ()
    assert "changed in version 1" in r.reason
    assert "'once a year' -> 'every month'" in r.reason


def test_deleted_clause_conflicts():
    v1 = V0.replace("3. The secretary keeps minutes of every meeting.\n", "")
    r = rebase_amendment(V0, V0.replace("every meeting", "each meeting"), [V0, v1])
    assert r.status == "conflict"


def test_rewrapped_lines_place_by_context_for_review():
    v0 = ("The committee of the branch shall meet\nonce a year to elect its officers and\n"
          "approve the accounts.\n")
    v1 = ("The committee of the branch shall meet once\na year to elect its officers and approve\n"
          "the accounts.\n")
    r = rebase_amendment(v0, v0.replace("once", "twice"), [v0, v1])
    assert r.status == "review"
    assert 0 < r.confidence < 1
    assert "placed by context match" in r.reason
    assert apply_edits(v1, r.edits) == v1.replace("once", "twice")


def test_deleted_clause_next_to_look_alike_text_conflicts():
    v0 = "A. Members vote. B. Members vote. C. Members vote."
    v1 = "A. Members vote. C. Members vote."
    at = v0.index("B. Members") + 3
    for edit in (Edit(at, at + 7, "Delegates"), Edit(at + 7, at + 7, " present")):
        r = rebase([edit], [v0, v1])
        assert r.status == "conflict", edit


def test_ambiguous_place_conflicts_rather_than_guessing():
    v0 = "The chair may vote. The chair may vote.\n"
    v1 = "The chair may vote. The chair may\nvote. The chair may vote.\n"
    at = v0.index("may", 10)
    r = rebase([Edit(at, at + 3, "shall")], [v0, v1])
    if r.status != "conflict":
        assert apply_edits(v1, r.edits).count("shall") == 1


def test_already_applied():
    v1 = V0.replace("once", "twice")
    r = rebase_amendment(V0, V0.replace("once", "twice"), [V0, v1])
    assert r.status == "conflict"
    assert r.reason.startswith("already_applied")


def test_partly_applied_goes_to_review():
    amended = V0.replace("once", "twice").replace("monthly", "weekly")
    v1 = V0.replace("once", "twice")
    r = rebase_amendment(V0, amended, [V0, v1])
    assert r.status == "review"
    assert apply_edits(v1, r.edits) == amended


def test_insertion_with_changed_neighbour_placed_by_context():
    v0 = "Members have the right to attend, speak and vote at general meetings of the branch.\n"
    amended = v0.replace("attend, speak", "attend, observe, speak")
    v1 = v0.replace("speak and vote", "talk and vote")
    r = rebase_amendment(v0, amended, [v0, v1])
    assert r.status in ("review", "conflict")
    if r.status == "review":
        assert apply_edits(v1, r.edits) == v1.replace("attend, talk", "attend, observe, talk")


def test_insertion_at_same_point_as_later_insertion_conflicts():
    v0 = "Members shall vote.\n"
    v1 = "Members in good standing shall vote.\n"
    changes = edits_between(v0, v1)
    assert len(changes) == 1 and changes[0].start == changes[0].end
    r = rebase([Edit(changes[0].start, changes[0].start, "present ")], [v0, v1])
    assert r.status == "conflict"


def test_insertion_in_rewrapped_text_is_placed():
    v0 = "Members have the right to attend and\nvote at general meetings of the branch.\n"
    v1 = "Members have the right to attend and vote\nat general meetings of the branch.\n"
    at = v0.index("\nvote")
    r = rebase([Edit(at, at, " speak and")], [v0, v1])
    assert r.status in ("clean", "review")
    assert apply_edits(v1, r.edits).startswith("Members have the right to attend and speak and vote")


def test_unicode_rebase():
    v0 = "Die Straße ist groß. Mae'r ŵyn yn y cae. 👩‍👩‍👧 שלום עולם\n"
    v1 = v0.replace("שלום", "שלום רב")
    r = rebase_amendment(v0, v0.replace("ŵyn", "ŷd"), [v0, v1])
    assert r.status == "clean"
    assert apply_edits(v1, r.edits) == v1.replace("ŵyn", "ŷd")


def test_empty_chain_and_bad_edits_rejected():
    with pytest.raises(ValueError):
        rebase([], [])
    with pytest.raises(ValueError):
        rebase([Edit(5, 1, "")], ["abcdef"])
    with pytest.raises(ValueError):
        rebase_amendment("a", "b", ["c"])


def test_no_change_chain_is_clean():
    am = edits_between(V0, V0.replace("once", "twice"))
    r = rebase(am, [V0, V0])
    assert r.status == "clean" and r.edits == am
