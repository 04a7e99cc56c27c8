"""The audit log's hash chain as pure functions: the published encoding, and that any edit,
deletion, swap or rewrite of a sealed chain is caught at the right entry."""
import hashlib
import json
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from deliberation.hash_chain import EMPTY, GENESIS, Entry, Head, Walk, digest, entry_hash, plain_json, seal

json_leaf = st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.text(max_size=20)
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
START = datetime(2026, 1, 1)
#: A detail key the strategies never draw (their keys are at most 8 characters), so adding it always edits.
FORGED = "forged-by-the-test"


@st.composite
def raw_rows(draw, min_size=1, max_size=12) -> list[dict]:
    n = draw(st.integers(min_size, max_size))
    moments = sorted(draw(st.lists(st.integers(0, 10**12), min_size=n, max_size=n)))
    return [{"at": START + timedelta(microseconds=m),
             "actor_id": draw(st.none() | st.integers(1, 10**6)),
             "action": draw(st.sampled_from(["assembly.phase", "ballot.open", "amendment.merged",
                                             "member.role"])),
             "subject": f"thing:{draw(st.integers(1, 99))}",
             "detail": draw(st.dictionaries(st.text(max_size=8), json_value, max_size=4))} for m in moments]


def sealed(rows: list[dict]) -> tuple[list[Entry], Head]:
    head = seal(EMPTY, rows)
    return [Entry(r["id"], r["at"], r["actor_id"], r["action"], r["subject"], r["detail"], r["prev_hash"],
                  r["hash"])
            for r in rows], head


def walk(entries: list[Entry], head: Head | None, expect=()):
    """Walk the entries in position order (as the database reads them), locating hashes among them."""
    where = {e.hash: e.position for e in entries}
    chain = Walk(locate=where.get, expect=expect)
    for entry in sorted(entries, key=lambda e: e.position):
        if chain.feed(entry) is not None:
            break
    return chain.finish(head), chain


def test_an_entry_hashes_as_the_readme_says():
    """The encoding a scrutineer re-implements: sorted-key compact JSON, UTF-8, previous hash inside."""
    at = datetime(2026, 5, 1, 9, 30, 0, 120)
    document = ('{"action":"ballot.close","actor_id":7,"at":"2026-05-01T09:30:00.000120",'
                '"detail":{"turnout":3,"ŵ":"ŷ"},"prev":"' + GENESIS + '","subject":"ballot:2","v":1}')
    expected = hashlib.sha256(document.encode("utf-8")).hexdigest()
    assert entry_hash(at, 7, "ballot.close", "ballot:2", {"ŵ": "ŷ", "turnout": 3}, GENESIS) == expected


def test_digest_ignores_key_order_and_json_sees_tuples_as_lists():
    assert digest({"b": 1, "a": [1, 2]}) == digest({"a": (1, 2), "b": 1})
    assert plain_json({"a": (1, 2), 3: "x"}) == {"a": [1, 2], "3": "x"}
    assert digest({"a": 1}) != digest({"a": 2})
    with pytest.raises(ValueError):
        digest({"a": float("nan")})


@given(raw_rows())
def test_a_sealed_chain_verifies_and_ends_at_its_head(rows):
    entries, head = sealed(rows)
    broken, chain = walk(entries, head)
    assert broken is None
    assert chain.count == len(rows) and chain.last == head == Head(len(rows), entries[-1].hash)
    assert [e.position for e in entries] == list(range(1, len(rows) + 1))
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False))


@given(raw_rows(max_size=6), raw_rows(max_size=6))
def test_sealing_in_two_commits_is_sealing_once(first, second):
    """Each commit seals onto the head the last one left: the same chain as one long commit."""
    both = [dict(r) for r in first + second]
    head = seal(seal(EMPTY, first), second)
    assert head == seal(EMPTY, both)
    assert [r["hash"] for r in first + second] == [r["hash"] for r in both]


EDITS = {
    "at": lambda e: replace(e, at=e.at + timedelta(microseconds=1)),
    "actor_id": lambda e: replace(e, actor_id=(e.actor_id or 0) + 1),
    "action": lambda e: replace(e, action=e.action + "x"),
    "subject": lambda e: replace(e, subject=e.subject + "0"),
    "detail": lambda e: replace(e, detail={**e.detail, FORGED: True}),
    "prev_hash": lambda e: replace(e, prev_hash=hashlib.sha256(e.prev_hash.encode()).hexdigest()),
    "hash": lambda e: replace(e, hash=hashlib.sha256(e.hash.encode()).hexdigest()),
}


@given(raw_rows(), st.data(), st.sampled_from(sorted(EDITS)))
def test_any_edit_is_caught_at_the_entry_edited(rows, data, what):
    entries, head = sealed(rows)
    i = data.draw(st.integers(0, len(entries) - 1))
    entries[i] = EDITS[what](entries[i])
    broken, chain = walk(entries, head)
    assert (broken.kind, broken.position) == ("edited", i + 1)
    assert chain.count == i


@given(raw_rows(min_size=2), st.data())
def test_deleting_an_entry_is_caught_where_it_was(rows, data):
    entries, head = sealed(rows)
    i = data.draw(st.integers(0, len(entries) - 1))
    del entries[i]
    broken, _chain = walk(entries, head)
    assert (broken.kind, broken.position) == ("deleted", i + 1)


@given(raw_rows(min_size=2), st.data())
def test_deleting_and_renumbering_is_caught_at_the_gap(rows, data):
    """Closing the gap by renumbering still leaves the next entry chained to a hash that is gone."""
    entries, head = sealed(rows)
    i = data.draw(st.integers(0, len(entries) - 2))
    del entries[i]
    entries = entries[:i] + [replace(e, position=e.position - 1) for e in entries[i:]]
    broken, _chain = walk(entries, replace(head, position=head.position - 1))
    assert broken.kind in ("replaced", "deleted")
    assert broken.position == max(i, 1)  # the entry before the gap, or the first when the first went


@given(raw_rows(min_size=2), st.data())
def test_swapping_two_entries_is_caught_at_the_first(rows, data):
    entries, head = sealed(rows)
    i, j = sorted(data.draw(st.lists(st.integers(0, len(entries) - 1), min_size=2, max_size=2, unique=True)))
    entries[i], entries[j] = replace(entries[j], position=i + 1), replace(entries[i], position=j + 1)
    broken, _chain = walk(entries, head)
    assert (broken.kind, broken.position) == ("reordered", i + 1)


@given(raw_rows(min_size=2), st.data())
def test_an_entry_put_in_between_is_caught(rows, data):
    entries, head = sealed(rows)
    i = data.draw(st.integers(1, len(entries) - 1))
    before = entries[i - 1]
    forged_hash = entry_hash(before.at, None, "member.role", "member:1", {"admin": True}, before.hash)
    forged = Entry(i + 1, before.at, None, "member.role", "member:1", {"admin": True}, before.hash,
                   forged_hash)
    entries = entries[:i] + [forged] + [replace(e, position=e.position + 1) for e in entries[i:]]
    broken, _chain = walk(entries, Head(head.position + 1, head.hash))
    assert (broken.kind, broken.position) == ("reordered", i + 2)  # the entry after it no longer follows


@given(raw_rows(), st.data())
def test_an_edit_given_a_fresh_hash_is_caught_by_the_next_entry_or_the_head(rows, data):
    entries, head = sealed(rows)
    i = data.draw(st.integers(0, len(entries) - 1))
    e = entries[i]
    detail = {**e.detail, FORGED: True}
    entries[i] = replace(e, detail=detail,
                         hash=entry_hash(e.at, e.actor_id, e.action, e.subject, detail, e.prev_hash))
    broken, _chain = walk(entries, head)
    assert (broken.kind, broken.position) == ("replaced", i + 1)


@given(raw_rows(), st.data())
def test_a_chain_rewritten_to_the_end_fails_only_against_a_head_held_outside(rows, data):
    """Whoever can write the database can rewrite an edited entry and everything after it, head
    included; a head someone noted down earlier is what catches that."""
    entries, head = sealed(rows)
    held = data.draw(st.sampled_from(entries))
    i = data.draw(st.integers(0, held.position - 1))
    forged = [{"at": e.at, "actor_id": e.actor_id, "action": e.action, "subject": e.subject,
               "detail": ({**e.detail, FORGED: True} if k == i else e.detail)} for k, e in enumerate(entries)]
    rewritten, new_head = sealed(forged)
    assert walk(rewritten, new_head)[0] is None
    broken, _chain = walk(rewritten, new_head, expect=[Head(held.position, held.hash)])
    assert (broken.kind, broken.position) == ("rewritten", held.position)


@given(raw_rows())
def test_the_stored_head_must_match_the_end_of_the_chain(rows):
    entries, head = sealed(rows)
    assert walk(entries, Head(head.position + 2, head.hash))[0].kind == "deleted"
    assert walk(entries, Head(head.position - 1,
                              entries[-2].hash if len(entries) > 1 else GENESIS))[0].kind == "added"
    wrong = hashlib.sha256(head.hash.encode()).hexdigest()
    assert walk(entries, Head(head.position, wrong))[0].kind == "replaced"


@given(raw_rows(), st.data())
def test_a_held_head_past_the_end_means_entries_were_cut_off(rows, data):
    entries, head = sealed(rows)
    cut = data.draw(st.integers(0, len(entries) - 1))
    held = entries[-1]
    kept = entries[:cut]
    shortened = Head(cut, kept[-1].hash if kept else GENESIS)
    broken, _chain = walk(kept, shortened, expect=[Head(held.position, held.hash)])
    assert (broken.kind, broken.position) == ("deleted", cut + 1)


@given(st.dictionaries(st.text(max_size=5), json_value, max_size=5))
def test_an_entrys_hash_does_not_depend_on_the_order_of_its_detail(detail):
    reordered = dict(reversed(list(detail.items())))
    assume(list(reordered) != list(detail) or len(detail) < 2)
    assert entry_hash(START, 1, "a", "b", detail, GENESIS) == \
        entry_hash(START, 1, "a", "b", reordered, GENESIS)
    assert json.loads(json.dumps(detail)) == plain_json(detail)
