"""Every sealed segment plays (ffprobe for plain segments, PyAV after decryption); no plaintext
video is left on disk except the segment being recorded."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from assessment_app.recording.chain import read_chain
from assessment_app.recording.decoding import count_decodable_frames
from assessment_app.recording.segments import PART_NAME, read_segment_plaintext, recordings_key

from tests.unit.recording.conftest import DATA_KEY, MP4_MARKER, VISIT_ID, files_containing, make_session


@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe (Debian package ffmpeg) is not installed")
def test_every_plain_segment_is_a_standalone_h264_aac_mp4(plain_recording):
    parsed = read_chain(plain_recording / "chain-1")
    segments = parsed.segments()
    assert len(segments) >= 3
    for entry in segments:
        result = subprocess.run(["ffprobe", "-v", "error", "-show_streams", str(plain_recording / "chain-1" / entry["file"])],
                                capture_output=True, text=True, check=True)
        assert result.stderr == ""
        assert "codec_name=h264" in result.stdout and "codec_name=aac" in result.stdout
        assert "width=320" in result.stdout and "pix_fmt=yuv420p" in result.stdout


def test_every_encrypted_segment_decrypts_to_its_hash_and_decodes(encrypted_recording):
    parsed = read_chain(encrypted_recording / "chain-1")
    for entry in parsed.segments():
        plaintext = read_segment_plaintext(encrypted_recording / "chain-1" / entry["file"], parsed.chain_id,
                                           entry["sequence"], recordings_key(DATA_KEY))
        frames, has_audio = count_decodable_frames(plaintext)
        assert frames == entry["frame_count"] >= 1 and has_audio
        assert plaintext[4:8] == MP4_MARKER


def test_only_the_segment_in_progress_is_plaintext_and_none_after_stop(tmp_path):
    session = make_session(tmp_path)
    session.start()
    seen_during = []
    for _ in range(10):
        time.sleep(0.15)
        seen_during.append({path.name for path in files_containing(tmp_path, MP4_MARKER)})
    session.stop()
    assert all(names <= {PART_NAME} for names in seen_during), seen_during
    assert any(names == {PART_NAME} for names in seen_during)
    assert files_containing(tmp_path, MP4_MARKER) == []
    assert not (tmp_path / VISIT_ID / "chain-1" / PART_NAME).exists()
