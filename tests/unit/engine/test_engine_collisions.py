"""find_collisions: overlap, same-point insertions, touching ranges, agreement with brute force at
1,000 amendments."""

import random

from amendments.engine import Candidate, Edit, find_collisions


def C(i, *edits):
    return Candidate(i, tuple(Edit(s, e, t) for s, e, t in edits))


def test_overlapping_ranges_collide():
    assert find_collisions([C(1, (0, 5, "x")), C(2, (4, 8, "y"))]) == [[1, 2]]


def test_touching_ranges_do_not_collide():
    assert find_collisions([C(1, (0, 5, "x")), C(2, (5, 8, "y"))]) == []


def test_insertions_at_same_point_collide():
    assert find_collisions([C(1, (5, 5, "x")), C(2, (5, 5, "y"))]) == [[1, 2]]


def test_insertion_strictly_inside_a_range_collides():
    assert find_collisions([C(1, (2, 8, "")), C(2, (5, 5, "y"))]) == [[1, 2]]


def test_insertion_at_range_boundary_does_not_collide():
    assert find_collisions([C(1, (2, 8, "")), C(2, (2, 2, "y")), C(3, (8, 8, "z"))]) == []


def test_groups_are_connected_components_sorted():
    cands = [
        C(9, (100, 110, "")),
        C(3, (0, 5, "a")),
        C(7, (4, 10, "b")),
        C(5, (9, 12, "c")),
        C(4, (105, 105, "d")),
        C(1, (50, 60, "e")),
    ]
    assert find_collisions(cands) == [[3, 5, 7], [4, 9]]


def test_multi_edit_amendment_bridges_groups():
    cands = [C(1, (0, 5, "x"), (20, 25, "y")), C(2, (3, 4, "z")), C(3, (22, 30, "w"))]
    assert find_collisions(cands) == [[1, 2, 3]]


def test_own_edits_never_collide_with_themselves():
    assert find_collisions([C(1, (0, 5, "x"), (5, 9, "y"))]) == []


def test_a_thousand_amendments_group_as_brute_force_does():
    """Speed is bench/engine.py's to measure (a timed assertion here failed on a busy machine)."""
    rng = random.Random(7)
    cands = []
    for i in range(1000):
        s = rng.randrange(0, 200_000)
        cands.append(C(i, (s, s + rng.randrange(0, 40), "new words")))
    groups = find_collisions(cands)
    # brute force agrees
    def hit(a, b):
        if a.start == a.end and b.start == b.end:
            return a.start == b.start
        if a.start == a.end:
            return b.start < a.start < b.end
        if b.start == b.end:
            return a.start < b.start < a.end
        return a.start < b.end and b.start < a.end

    pairs = {(x.id, y.id) for x in cands for y in cands if x.id < y.id and hit(x.edits[0], y.edits[0])}
    in_groups = {i for g in groups for i in g}
    assert {i for p in pairs for i in p} == in_groups
