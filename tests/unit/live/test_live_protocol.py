"""y-websocket framing: round trips, agreement with pycrdt, strict rejection."""

import pycrdt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deliberation.live.protocol import (
    AwarenessEntry,
    Message,
    ProtocolError,
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
