# SPDX-License-Identifier: GPL-3.0-or-later
"""The start-up sweep removes scratch no salvage needs and keeps what a resume will salvage;
nothing in recording/ writes plaintext elsewhere (no temporary files)."""

from __future__ import annotations

import ast

from assessment_app.recording.chain import CHAIN_FILE, read_chain
from assessment_app.recording.part_format import PartWriter
from assessment_app.recording.segments import PART_NAME, recordings_key
from assessment_app.recording.sweep import LEGACY_SALVAGE_NAME, sweep_recordings
from assessment_app.recording.verify import verify_recording

from tests.conftest import REPO_ROOT
from tests.unit.recording.conftest import DATA_KEY, VISIT_ID, record

KEY = recordings_key(DATA_KEY)


def _interrupt(chain_dir) -> None:
    chain_file = chain_dir / CHAIN_FILE
    chain_file.write_bytes(b"".join(chain_file.read_bytes().splitlines(keepends=True)[:-1]))  # no stop entry


def _write_part(chain_dir, sequence: int) -> bytes:
    with open(chain_dir / PART_NAME, "wb") as sink:
        PartWriter(sink, KEY, read_chain(chain_dir).chain_id, sequence).append(b"fragment")
    return (chain_dir / PART_NAME).read_bytes()


def test_the_sweep_keeps_the_part_a_resume_needs_and_removes_all_other_scratch(tmp_path):
    root = tmp_path / "recordings"
    record(root, 0.6, audio=False)
    record(root, 0.6, audio=False)
    visit = root / VISIT_ID
    first, last = visit / "chain-1", visit / "chain-2"
    _interrupt(last)
    needed = _write_part(last, len(read_chain(last).entries))
    stale_in_old_chain = _write_part(first, 1)
    legacy = b"\x00\x00\x00\x1cftypisom plaintext of an older version"
    (first / LEGACY_SALVAGE_NAME).write_bytes(legacy)
    temporary = last / ".segment-000009.enc.tmp-0a1b2c3d4e5f"
    temporary.write_bytes(b"ciphertext of an interrupted atomic write")
    temporary_size = temporary.stat().st_size
    sealed_files = sorted(path.name for path in last.iterdir() if path.name.startswith("segment-"))

    report = sweep_recordings(root)

    assert sorted(report.removed) == sorted([first / PART_NAME, first / LEGACY_SALVAGE_NAME, temporary])
    assert report.bytes_removed == len(stale_in_old_chain) + len(legacy) + temporary_size
    assert (last / PART_NAME).read_bytes() == needed
    assert sorted(path.name for path in last.iterdir() if path.name.startswith("segment-")) == sealed_files
    assert verify_recording(visit, DATA_KEY).ok
    assert sweep_recordings(root).removed == []  # nothing left to do


def test_the_sweep_removes_a_part_that_cannot_or_need_not_be_salvaged(tmp_path):
    root = tmp_path / "recordings"
    record(root, 0.6, audio=False)
    chain_dir = root / VISIT_ID / "chain-1"
    (chain_dir / PART_NAME).write_bytes(b"left after a clean stop")  # a closed chain has nothing to salvage
    assert sweep_recordings(root).removed == [chain_dir / PART_NAME]

    _interrupt(chain_dir)
    last_listed = read_chain(chain_dir).segments()[-1]["sequence"]
    _write_part(chain_dir, last_listed)  # its segment is sealed and listed: a copy
    assert sweep_recordings(root).removed == [chain_dir / PART_NAME]
    (chain_dir / PART_NAME).write_bytes(b"\x00\x00\x00\x1cftypisom" + bytes(64))  # plaintext, not a part
    assert sweep_recordings(root).removed == [chain_dir / PART_NAME]
    _write_part(chain_dir, len(read_chain(chain_dir).entries))
    assert sweep_recordings(root).removed == []


def test_the_sweep_keeps_the_part_of_an_interrupted_plain_recording(tmp_path):
    root = tmp_path / "recordings"
    record(root, 0.6, audio=False, data_key=None)
    chain_dir = root / VISIT_ID / "chain-1"
    _interrupt(chain_dir)
    (chain_dir / PART_NAME).write_bytes(b"\x00\x00\x00\x1cftypisom the user asked for plain files")
    assert sweep_recordings(root).removed == []


def test_the_sweep_of_a_missing_or_empty_directory_does_nothing(tmp_path):
    assert sweep_recordings(tmp_path / "absent").removed == []
    (tmp_path / "recordings" / ".visit.import-0a1b").mkdir(parents=True)
    (tmp_path / "recordings" / "visit-without-chains").mkdir()
    assert sweep_recordings(tmp_path / "recordings").removed == []


def test_a_crashed_salvage_of_an_older_version_is_swept_when_the_visit_resumes(tmp_path):
    record(tmp_path, 0.6, audio=False)
    chain_dir = tmp_path / VISIT_ID / "chain-1"
    _interrupt(chain_dir)
    (chain_dir / LEGACY_SALVAGE_NAME).write_bytes(b"\x00\x00\x00\x1cftypisom plaintext")
    record(tmp_path, 0.6, audio=False)
    assert not (chain_dir / LEGACY_SALVAGE_NAME).exists()
    assert verify_recording(tmp_path / VISIT_ID, DATA_KEY).chains == 2


def test_nothing_in_recording_uses_temporary_files():
    """Temporary files are where plaintext would escape the data directory's encryption."""
    for module in sorted((REPO_ROOT / "assessment_app" / "recording").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "tempfile" not in imported, module.name
