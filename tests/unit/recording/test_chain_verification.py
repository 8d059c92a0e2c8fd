# SPDX-License-Identifier: GPL-3.0-or-later
"""The segment chain detects every change: altered, swapped, deleted or inserted segments and entries."""

from __future__ import annotations

import hashlib
import json
import shutil

from forms.canonical import canonical_json_bytes

from assessment_app.recording.chain import CHAIN_FILE, GENESIS_HASH, entry_hash, read_chain
from assessment_app.recording.verify import verify_recording

from tests.unit.recording.conftest import DATA_KEY


def _lines(chain_dir):
    return (chain_dir / CHAIN_FILE).read_bytes().splitlines(keepends=True)


def _segment_entries(chain_dir):
    return [entry for entry in read_chain(chain_dir).entries if entry["type"] == "segment"]


def test_intact_recording_verifies_with_and_without_the_key(encrypted_recording):
    without_key = verify_recording(encrypted_recording)
    with_key = verify_recording(encrypted_recording, DATA_KEY)
    assert without_key.ok and not without_key.decoded
    assert with_key.ok and with_key.decoded, with_key
    assert with_key.segments >= 4 and with_key.warnings == ()


def test_every_entry_hash_covers_the_canonical_entry_and_links_to_the_previous(encrypted_recording):
    chain_dir = encrypted_recording / "chain-1"
    previous = GENESIS_HASH
    for sequence, line in enumerate(_lines(chain_dir)):
        entry = json.loads(line)
        body = {key: value for key, value in entry.items() if key != "entry_hash"}
        assert entry["entry_hash"] == hashlib.sha256(canonical_json_bytes(body)).hexdigest() == entry_hash(entry)
        assert entry["previous_entry_hash"] == previous and entry["sequence"] == sequence
        previous = entry["entry_hash"]
    types = [json.loads(line)["type"] for line in _lines(chain_dir)]
    assert types[0] == "chain_start" and types[-1] == "stop" and "pause" in types and "resume" in types


def test_a_flipped_byte_in_a_segment_is_named(encrypted_recording, copy_of):
    directory = copy_of(encrypted_recording)
    target = _segment_entries(directory / "chain-1")[1]
    path = directory / "chain-1" / target["file"]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify_recording(directory, DATA_KEY)
    assert (report.ok, report.reason, report.file, report.sequence) == (False, "segment_hash_mismatch", target["file"],
                                                                        target["sequence"])


def test_swapped_segment_files_are_named(encrypted_recording, copy_of):
    directory = copy_of(encrypted_recording)
    first, second = _segment_entries(directory / "chain-1")[:2]
    a, b = directory / "chain-1" / first["file"], directory / "chain-1" / second["file"]
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)
    report = verify_recording(directory)
    assert (report.reason, report.file) == ("segment_hash_mismatch", first["file"])


def test_reordered_entries_are_detected(encrypted_recording, copy_of):
    directory = copy_of(encrypted_recording)
    lines = _lines(directory / "chain-1")
    lines[1], lines[2] = lines[2], lines[1]
    (directory / "chain-1" / CHAIN_FILE).write_bytes(b"".join(lines))
    report = verify_recording(directory)
    assert not report.ok and report.reason in ("sequence_order", "sequence_gap") and report.sequence == 2


def test_a_deleted_segment_file_is_named(encrypted_recording, copy_of):
    directory = copy_of(encrypted_recording)
    target = _segment_entries(directory / "chain-1")[2]
    (directory / "chain-1" / target["file"]).unlink()
    report = verify_recording(directory)
    assert (report.reason, report.file) == ("missing_segment", target["file"])


def test_a_deleted_entry_breaks_the_chain_at_the_next_one(encrypted_recording, copy_of):
    directory = copy_of(encrypted_recording)
    lines = _lines(directory / "chain-1")
    del lines[2]
    (directory / "chain-1" / CHAIN_FILE).write_bytes(b"".join(lines))
    report = verify_recording(directory)
    assert (report.ok, report.reason, report.sequence) == (False, "sequence_gap", 3)


def test_an_inserted_segment_file_is_named(encrypted_recording, copy_of):
    directory = copy_of(encrypted_recording)
    extra = directory / "chain-1" / "segment-000099.enc"
    shutil.copy(directory / "chain-1" / _segment_entries(directory / "chain-1")[0]["file"], extra)
    report = verify_recording(directory)
    assert (report.reason, report.file) == ("extra_file", extra.name)


def test_an_inserted_or_edited_entry_is_detected(encrypted_recording, copy_of):
    directory = copy_of(encrypted_recording)
    lines = _lines(directory / "chain-1")
    forged = json.loads(lines[1])
    forged["dropped_frames"] = 0
    forged["frame_count"] += 1  # an edit without fixing the hash
    lines[1] = canonical_json_bytes(forged) + b"\n"
    (directory / "chain-1" / CHAIN_FILE).write_bytes(b"".join(lines))
    assert verify_recording(directory).reason == "hash_mismatch"

    rehashed = dict(forged)
    rehashed["entry_hash"] = entry_hash(rehashed)  # a forger who recomputes the hash breaks the next link
    lines[1] = canonical_json_bytes(rehashed) + b"\n"
    (directory / "chain-1" / CHAIN_FILE).write_bytes(b"".join(lines))
    report = verify_recording(directory)
    assert (report.reason, report.sequence) == ("previous_mismatch", 2)


def test_a_wrong_key_is_reported_not_mistaken_for_tampering(encrypted_recording):
    assert verify_recording(encrypted_recording, bytes(32)).reason == "wrong_key"


def test_cli_names_the_first_bad_segment(encrypted_recording, copy_of, tmp_path, capsys):
    from assessment_app.cli import main

    directory = copy_of(encrypted_recording)
    key_file = tmp_path / "key"
    key_file.write_text(DATA_KEY.hex())
    assert main(["--lang", "en", "video", "verify", str(directory), "--key-file", str(key_file)]) == 0
    target = _segment_entries(directory / "chain-1")[0]
    (directory / "chain-1" / target["file"]).write_bytes(b"not a segment")
    assert main(["--lang", "en", "video", "verify", str(directory), "--json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out.splitlines()[-1])["file"] == target["file"]
    assert target["file"] in captured.err and "hash mismatch" in captured.err
    assert main(["video", "verify", str(tmp_path / "nowhere")]) == 2
