"""y-websocket framing: round trips, agreement with pycrdt, strict rejection."""

import json

import pycrdt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pycrdt import write_var_uint

from deliberation.live.protocol import (
    AwarenessEntry,
    Message,
    ProtocolError,
    StateTooLarge,
    awareness_departure,
    awareness_message,
    decode_awareness,
    encode_awareness,
    parse_message,
    sync_step1,
    sync_step2,
    update_message,
)

BUILDERS = [
    (sync_step1, "sync_step1"),
    (sync_step2, "sync_step2"),
    (update_message, "update"),
    (awareness_message, "awareness"),
]


@pytest.mark.parametrize(("build", "kind"), BUILDERS)
@given(payload=st.binary(max_size=400))
def test_every_builder_round_trips(build, kind, payload):
    assert parse_message(build(payload)) == Message(kind, payload)


def test_long_payload_uses_multibyte_length():
    payload = bytes(range(256)) * 3
    framed = update_message(payload)
    assert framed[2:4] == b"\x80\x06"  # 768 as a varUint
    assert parse_message(framed).payload == payload


def test_step1_matches_pycrdt_and_yjs_framing():
    doc = pycrdt.Doc()
    doc.get("text", type=pycrdt.Text).insert(0, "hello")
    assert sync_step1(doc.get_state()) == pycrdt.create_sync_message(doc)
    assert update_message(b"\x00\x00") == bytes([0, 2, 2, 0, 0])


@pytest.mark.parametrize(
    "data",
    [
        b"",  # nothing at all
        b"\x00",  # sync without subtype
        b"\x00\x00",  # step 1 without payload length
        b"\x00\x00\x05abc",  # payload shorter than its length
        b"\x00\x03\x00",  # unknown sync subtype
        b"\x02\x00",  # auth message: not part of this protocol
        b"\x03\x00",  # query-awareness: not part of this protocol
        b"\x80",  # truncated varUint
        b"\xff" * 10,  # varUint longer than 53 bits
        b"\x00\x02\x01ab",  # trailing garbage after the payload
        b"\x01\x00\x00",  # awareness followed by garbage
    ],
)
def test_malformed_messages_are_rejected(data):
    with pytest.raises(ProtocolError):
        parse_message(data)


def test_non_bytes_rejected():
    with pytest.raises(ProtocolError):
        parse_message("\x00\x00\x00")  # type: ignore[arg-type]


@given(payload=st.binary(max_size=60), cut=st.integers(min_value=1, max_value=3))
def test_truncation_always_rejected(payload, cut):
    framed = sync_step2(payload)
    with pytest.raises(ProtocolError):
        parse_message(framed[:-cut])


def test_awareness_round_trip_and_departure():
    entries = [
        AwarenessEntry(123456789, 4, {"user": {"name": "Siân 😀", "color": "#aa3377"}}),
        AwarenessEntry(7, 0, None),
    ]
    assert decode_awareness(encode_awareness(entries)) == entries
    gone = parse_message(awareness_departure({123456789: 4}))
    assert decode_awareness(gone.payload) == [AwarenessEntry(123456789, 5, None)]


@pytest.mark.parametrize(
    "payload",
    [
        b"\x01\x01\x01\x03{x}",  # not JSON
        b"\x01\x01\x01\x01" + b"5",  # JSON but not an object
        b"\x01\x01\x01\x05null",  # length beyond the end
        b"\x02\x01\x01\x04null",  # promises two entries, has one
        b"\x00\x00",  # trailing bytes
        b"\x01\x01\x01\x02\xff\xfe",  # not UTF-8
    ],
)
def test_malformed_awareness_rejected(payload):
    with pytest.raises(ProtocolError):
        decode_awareness(payload)


def _one_state(raw: bytes) -> bytes:
    """An awareness update carrying one client's state as these exact bytes."""
    return b"\x01" + write_var_uint(42) + b"\x01" + write_var_uint(len(raw)) + raw


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 5000 + b"]" * 5000,  # deeper than Python's recursion limit
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
        b'{"cursor":' + b"[" * 40 + b"]" * 40 + b"}",  # deeper than MAX_STATE_DEPTH
        b'{"x": NaN}',
        b'{"x": Infinity}',
        b'{"x": -Infinity}',
        b'{"x": 1e400}',  # a float Python reads as inf, which JSON.stringify would send as null
        b'{"x": "\\ud800"}',  # a lone surrogate
        b'{"\\udfff": 1}',  # in a key
        b'{"x": "\xed\xa0\x80"}',  # a surrogate encoded as UTF-8 (invalid UTF-8)
        b'{"x": "\xc3"}',  # truncated UTF-8
        b'{"x": ' + b"1" * 5000 + b"}",  # more digits than Python converts
        b"[]",
        b'"user"',
        b"true",
        b"",
    ],
)
def test_hostile_awareness_states_are_rejected(raw):
    with pytest.raises(ProtocolError):
        decode_awareness(_one_state(raw))


def test_awareness_states_past_the_limit_are_too_large():
    raw = b'{"cursor":"' + b"x" * 900_000 + b'"}'
    with pytest.raises(StateTooLarge):
        decode_awareness(_one_state(raw), 4096)
    assert decode_awareness(_one_state(b'{"ok":"\\ud83d\\ude00"}'), 4096)[0].state == {"ok": "😀"}


@given(payload=st.binary(max_size=200))
def test_any_bytes_decode_or_raise_protocol_error(payload):
    try:
        decode_awareness(payload, 64)
    except ProtocolError:
        pass


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@given(value=json_values, key=st.text(max_size=5))
def test_any_python_json_state_decodes_or_raises_protocol_error(value, key):
    raw = json.dumps({key: value}, ensure_ascii=False).encode("utf-8", "surrogatepass")
    try:
        decode_awareness(_one_state(raw))
    except ProtocolError:
        pass
