"""Presence as the server relays it: the member's name and colour, a cursor peers can resolve,
and a rate limit; plain values, no app."""
import pytest

from deliberation.live.presence import PALETTE, Bucket, colour_for, relayed_state, user_for

USER = user_for(7, "Siân")
AT = {"type": None, "tname": None, "item": {"client": 3, "clock": 9}, "assoc": 0}


def test_the_user_is_the_servers_whatever_the_client_said():
    state = {"user": {"name": "The Chair", "color": "#ff0000", "colorLight": "red"}, "cursor": None,
             "script": "<img onerror=alert(1)>", "blob": "x" * 1000}
    assert relayed_state(state, USER) == {"user": USER, "cursor": None}
    assert USER == {"name": "Siân", "color": colour_for(7), "colorLight": colour_for(7) + "33"}


def test_a_member_keeps_one_colour_and_long_names_are_cut():
    assert colour_for(7) == colour_for(7) in PALETTE
    assert {colour_for(i) for i in range(len(PALETTE))} == set(PALETTE)
    assert len(user_for(1, "x" * 500)["name"]) == 80


@pytest.mark.parametrize("position, relayed", [
    (AT, AT),
    # Yjs's relativePositionToJSON leaves out null fields; Yjs reads them straight off the object.
    ({"item": {"client": 3, "clock": 9}}, AT),
    ({"tname": "text", "assoc": -1}, {"type": None, "tname": "text", "item": None, "assoc": -1}),
    ({"type": {"client": 1, "clock": 2}}, {"type": {"client": 1, "clock": 2}, "tname": None, "item": None,
                                           "assoc": 0}),
])
def test_a_cursor_as_yjs_publishes_it_is_relayed_complete(position, relayed):
    state = {"cursor": {"anchor": position, "head": position}}
    assert relayed_state(state, USER)["cursor"] == {"anchor": relayed, "head": relayed}


@pytest.mark.parametrize("cursor", [
    "here", 5, [], {"anchor": AT}, {"anchor": AT, "head": None}, {"anchor": 5, "head": AT},
    {"anchor": {}, "head": AT},  # names no place: Yjs throws
    {"anchor": {"type": None, "tname": None, "item": None}, "head": AT},
    {"anchor": {"tname": "other"}, "head": AT},  # would make a peer create a root type
    {"anchor": {"item": {"client": "3", "clock": 9}}, "head": AT},
    {"anchor": {"item": {"client": True, "clock": 9}}, "head": AT},
    {"anchor": {"item": {"client": -1, "clock": 9}}, "head": AT},
    {"anchor": {"item": {"client": 2**60, "clock": 9}}, "head": AT},
    {"anchor": {"item": {"client": 3}}, "head": AT},
    {"anchor": {"item": [3, 9]}, "head": AT},
    {"anchor": {"type": "x", "item": {"client": 3, "clock": 9}}, "head": AT},
    {"anchor": {"item": {"client": 3, "clock": 9}, "assoc": 0.5}, "head": AT},
    {"anchor": {"item": {"client": 3, "clock": 9}, "assoc": 2**40}, "head": AT},
])
def test_a_cursor_a_peer_could_not_resolve_is_dropped(cursor):
    assert relayed_state({"cursor": cursor}, USER) == {"user": USER, "cursor": None}


def test_the_bucket_allows_a_burst_then_the_rate():
    bucket = Bucket(20, 40, now=0.0)
    assert all(bucket.take(0.0) for _ in range(40))
    assert not bucket.take(0.0)
    assert bucket.take(0.05)  # one token back after 1/20 s
    assert not bucket.take(0.05)
    assert sum(bucket.take(10.0) for _ in range(100)) == 40  # refills to the burst, no further
