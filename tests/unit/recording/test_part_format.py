# SPDX-License-Identifier: GPL-3.0-or-later
"""The part file of a segment in progress: its complete prefix is told from a cut tail and from tampering."""

from __future__ import annotations

import io
import random

import pytest

from assessment_app.recording.in_progress import InProgressSegment, MalformedStream
from assessment_app.recording.part_format import (BAD_HEADER, COMPLETE, CUT, HEADER_BYTES, MAX_RECORD_PLAINTEXT,
                                                  TAMPERED, PartWriter, read_part)
from assessment_app.recording.segments import recordings_key

from tests.unit.recording.conftest import DATA_KEY

KEY = recordings_key(DATA_KEY)
CHAIN_ID = "5f0c4b2e9a7d4e1f8b3c6a2d1e0f9a8b"
RECORDS = [b"ftyp+moov+first fragment " * 3, b"second fragment", b"third fragment " * 5]
FINAL = b"mfra"


def _part(records=RECORDS, final=FINAL, sequence=4, chain_id=CHAIN_ID, key=KEY, finish=True) -> bytes:
    sink = io.BytesIO()
    writer = PartWriter(sink, key, chain_id, sequence)
    for record in records:
        writer.append(record)
    if finish:
        writer.finish(final)
    return sink.getvalue()


def _boundaries(data: bytes) -> list[int]:
    """Offsets where each record ends."""
    ends, offset = [], HEADER_BYTES
    while offset < len(data):
        offset += 4 + 12 + int.from_bytes(data[offset:offset + 4], "big") + 16
        ends.append(offset)
    return ends


def test_a_finished_part_reads_back_every_record_in_order():
    contents = read_part(_part(), KEY, CHAIN_ID)
    assert (contents.ending, contents.sequence, contents.records) == (COMPLETE, 4, (*RECORDS, FINAL))
    assert contents.plaintext == b"".join(RECORDS) + FINAL


def test_a_part_cut_anywhere_yields_exactly_the_records_before_the_cut():
    data = _part()
    ends = _boundaries(data)
    for cut in range(len(data)):
        contents = read_part(data[:cut], KEY, CHAIN_ID)
        whole = sum(1 for end in ends if end <= cut)
        assert contents.ending == CUT, cut
        assert contents.records == tuple(RECORDS[:whole]), cut


def test_the_part_of_a_segment_still_recording_has_no_final_record_and_reads_as_cut():
    contents = read_part(_part(finish=False), KEY, CHAIN_ID)
    assert (contents.ending, contents.records) == (CUT, tuple(RECORDS))


def test_any_flipped_byte_after_the_header_is_never_accepted():
    data = _part()
    ends = _boundaries(data)
    starts = [HEADER_BYTES, *ends[:-1]]
    for position in range(HEADER_BYTES, len(data)):
        damaged = bytearray(data)
        damaged[position] ^= 0x01
        contents = read_part(bytes(damaged), KEY, CHAIN_ID)
        record = next(index for index, end in enumerate(ends) if position < end)
        # The records before the damaged one are still authentic; the damaged one never is.
        assert contents.records == tuple([*RECORDS, FINAL][:record]), position
        in_length = position < starts[record] + 4
        # A flipped length that reaches past the end of the file reads as a cut there (what a
        # truncation, which anyone who can write the file can do, would give too).
        assert contents.ending in ((TAMPERED, CUT) if in_length else (TAMPERED,)), position


def test_reordered_dropped_and_foreign_records_are_tampering():
    data = _part()
    ends = [HEADER_BYTES, *_boundaries(data)]
    pieces = [data[start:end] for start, end in zip(ends, ends[1:])]
    header = data[:HEADER_BYTES]
    swapped = header + pieces[1] + pieces[0] + b"".join(pieces[2:])
    assert (read_part(swapped, KEY, CHAIN_ID).ending, read_part(swapped, KEY, CHAIN_ID).records) == (TAMPERED, ())
    dropped = header + pieces[0] + b"".join(pieces[2:])
    assert read_part(dropped, KEY, CHAIN_ID).ending == TAMPERED
    assert read_part(dropped, KEY, CHAIN_ID).records == (RECORDS[0],)
    other_part = _part(sequence=5)
    other_pieces = _boundaries(other_part)
    foreign = header + pieces[0] + other_part[other_pieces[0]:other_pieces[1]] + b"".join(pieces[2:])
    assert read_part(foreign, KEY, CHAIN_ID).ending == TAMPERED
    appended = data + pieces[1]
    contents = read_part(appended, KEY, CHAIN_ID)
    assert contents.ending == TAMPERED and contents.records == (*RECORDS, FINAL)


def test_the_part_is_bound_to_its_chain_sequence_and_key():
    data = _part()
    assert read_part(data, KEY, "0" * 32).ending == TAMPERED
    assert read_part(data, recordings_key(bytes(32)), CHAIN_ID).ending == TAMPERED
    moved = data[:8] + (5).to_bytes(8, "big") + data[HEADER_BYTES:]  # claims another place in the chain
    assert read_part(moved, KEY, CHAIN_ID).records == () and read_part(moved, KEY, CHAIN_ID).ending == TAMPERED


def test_a_file_that_is_not_a_part_is_named_so():
    assert read_part(b"\x00\x00\x00\x1cftypisom" + bytes(40), KEY, CHAIN_ID).ending == BAD_HEADER
    assert read_part(b"LTCVPT\x00\x02" + bytes(8), KEY, CHAIN_ID).ending == BAD_HEADER
    assert read_part(b"LTCV", KEY, CHAIN_ID).ending == CUT  # created, killed before the header was whole


def test_an_oversized_length_is_refused_before_anything_is_read():
    data = bytearray(_part())
    data[HEADER_BYTES:HEADER_BYTES + 4] = (MAX_RECORD_PLAINTEXT + 1).to_bytes(4, "big")
    assert read_part(bytes(data), KEY, CHAIN_ID).ending == TAMPERED


def test_a_fragment_larger_than_a_record_is_split_and_reads_back_whole():
    big = bytes(range(256)) * (MAX_RECORD_PLAINTEXT // 256 + 3)
    contents = read_part(_part(records=[big], final=big), KEY, CHAIN_ID)
    assert contents.ending == COMPLETE and contents.plaintext == big + big and len(contents.records) == 4


def _box(kind: bytes, payload_size: int, fill: int) -> bytes:
    return (8 + payload_size).to_bytes(4, "big") + kind + bytes([fill]) * payload_size


def test_the_muxer_output_is_cut_into_records_after_each_complete_fragment(tmp_path):
    header = _box(b"ftyp", 20, 1) + _box(b"moov", 700, 2)
    fragments = [_box(b"moof", 90 + index, 3) + _box(b"mdat", 5000 + 977 * index, 4) for index in range(5)]
    trailer = _box(b"mfra", 40, 5)
    stream = header + b"".join(fragments) + trailer
    rng = random.Random(7)
    for _ in range(20):  # PyAV hands over the bytes in pieces of any size
        part = InProgressSegment(tmp_path, CHAIN_ID, 9, KEY)
        offset = 0
        while offset < len(stream):
            step = rng.randint(1, 4000)
            part.write(stream[offset:offset + step])
            offset += step
        assert part.finish() == stream
        contents = read_part(part.path.read_bytes(), KEY, CHAIN_ID)
        assert contents.ending == COMPLETE and contents.sequence == 9
        assert contents.records == (header + fragments[0], *fragments[1:], trailer)
        part.discard()
        assert not part.path.exists()


def test_a_stream_that_is_not_made_of_boxes_is_refused(tmp_path):
    part = InProgressSegment(tmp_path, CHAIN_ID, 1, KEY)
    with pytest.raises(MalformedStream):
        part.write(b"\x00\x00\x00\x04moov")
    part.discard()
