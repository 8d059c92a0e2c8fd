# SPDX-License-Identifier: GPL-3.0-or-later
"""Every sealed segment plays (ffprobe for plain segments and, piped from memory, for decrypted
ones; PyAV after decryption); no plaintext video is on disk at any moment of a recording, not
even the segment being recorded."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import replace

import pytest

from assessment_app.recording.chain import read_chain
from assessment_app.recording.decoding import count_decodable_frames
from assessment_app.recording.part_format import CUT, read_part
from assessment_app.recording.segments import PART_NAME, read_segment_plaintext, recordings_key

from tests.unit.recording.conftest import DATA_KEY, MP4_MARKER, SMALL, VISIT_ID, make_session, plaintext_mp4_files

needs_ffprobe = pytest.mark.skipif(shutil.which("ffprobe") is None,
                                   reason="ffprobe (Debian package ffmpeg) is not installed")


@needs_ffprobe
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


@needs_ffprobe
def test_ffprobe_plays_a_decrypted_sealed_segment_piped_from_memory(encrypted_recording):
    parsed = read_chain(encrypted_recording / "chain-1")
    entry = parsed.segments()[1]
    plaintext = read_segment_plaintext(encrypted_recording / "chain-1" / entry["file"], parsed.chain_id,
                                       entry["sequence"], recordings_key(DATA_KEY))
    result = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-show_entries",
                             "stream=codec_name,width,nb_read_frames", "-of", "json", "-i", "pipe:0"],
                            input=plaintext, capture_output=True, check=True)
    assert result.stderr == b""
    streams = {stream["codec_name"]: stream for stream in json.loads(result.stdout)["streams"]}
    assert set(streams) == {"h264", "aac"} and streams["h264"]["width"] == 320
    assert int(streams["h264"]["nb_read_frames"]) == entry["frame_count"]


def test_no_file_holds_plaintext_video_at_any_moment_of_a_recording(tmp_path, monkeypatch):
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_temp))
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    data = tmp_path / "data"
    # In real time: what matters is what the encoder has written by each moment of the scan.
    session = make_session(data, settings=replace(SMALL, segment_ms=1500))  # fragments within each segment
    session.start()
    seen_during, parts_seen = [], []
    for _ in range(12):
        time.sleep(0.15)
        seen_during.extend(plaintext_mp4_files(data, system_temp))
        part = data / VISIT_ID / "chain-1" / PART_NAME
        try:
            parts_seen.append(read_part(part.read_bytes(), recordings_key(DATA_KEY), read_chain(part.parent).chain_id))
        except FileNotFoundError:
            pass
    session.stop()
    assert seen_during == []
    # The part on disk was there, in records that decrypt in memory to the MP4 being recorded.
    assert any(contents.ending == CUT and contents.plaintext[4:8] == MP4_MARKER for contents in parts_seen)
    assert plaintext_mp4_files(data, system_temp) == []
    assert not (data / VISIT_ID / "chain-1" / PART_NAME).exists()
