# SPDX-License-Identifier: GPL-3.0-or-later
"""Sources fail with typed errors and the session records the gap; a slow encoder drops and counts frames."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from assessment_app.messages import describe_error
from assessment_app.recording.chain import read_chain
from assessment_app.recording.encoder import SegmentEncoder
from assessment_app.recording.errors import CameraUnavailable, MicrophoneUnavailable, RecordingError
from assessment_app.recording.sources import (MicrophoneSource, OpenCvCameraSource, SyntheticVideoSource,
                                              open_camera_or_synthetic)
from assessment_app.recording.verify import verify_recording

from tests.unit.recording.conftest import DATA_KEY, SMALL, VISIT_ID, make_session, simulated_session
from tests.unit.recording.simulated_time import SimulatedRecording, SimulatedTime

NO_SUCH_CAMERA = 97


def test_a_missing_camera_is_a_typed_error_and_the_synthetic_card_stands_in():
    with pytest.raises(CameraUnavailable) as missing:
        OpenCvCameraSource(NO_SUCH_CAMERA).open()
    assert missing.value.reason == "camera_unavailable"
    assert isinstance(open_camera_or_synthetic(NO_SUCH_CAMERA, 320, 180, 15), SyntheticVideoSource)
    assert "摄像头" in describe_error(missing.value, "zh_CN") and "camera" in describe_error(missing.value, "en")


def test_a_missing_microphone_is_a_typed_error():
    with pytest.raises(MicrophoneUnavailable) as missing:
        MicrophoneSource(input_format="no_such_input_device").open()
    assert missing.value.reason == "microphone_unavailable"


class _UnpluggedForAWhile:
    """A camera that works, is unplugged from 0.6 s to 1.4 s after opening, then works again."""

    synthetic = False

    def __init__(self):
        self._card = SyntheticVideoSource(SMALL.width, SMALL.height, SMALL.fps)
        self._opened_at = None

    def _unplugged(self):
        return self._opened_at is not None and 0.6 <= time.monotonic() - self._opened_at < 1.4

    def open(self):
        if self._unplugged():
            raise CameraUnavailable("camera 0 cannot be opened")
        if self._opened_at is None:
            self._opened_at = time.monotonic()
            self._card.open()

    def read(self):
        if self._unplugged():
            raise CameraUnavailable("camera 0 stopped delivering images")
        return self._card.read()

    def close(self):
        pass


def test_an_unplugged_camera_is_a_recorded_gap_and_recording_continues_when_it_returns(tmp_path):
    session = make_session(tmp_path, settings=replace(SMALL, camera_retry_seconds=0.1), video_source=_UnpluggedForAWhile())
    warnings = []
    session.add_listener(warnings.append)
    session.start()
    time.sleep(0.9)
    assert session.status().state == "camera_lost"
    time.sleep(1.2)
    session.stop()
    assert [w.code for w in warnings] == ["camera_lost", "camera_back"]
    entries = read_chain(tmp_path / VISIT_ID / "chain-1").entries
    lost = next(e for e in entries if e["type"] == "camera_lost")
    back = next(e for e in entries if e["type"] == "camera_back")
    assert 500 <= back["at_ms"] - lost["at_ms"] <= 1200
    segments = [e for e in entries if e["type"] == "segment"]
    assert all(s["end_ms"] <= lost["at_ms"] or s["start_ms"] >= back["at_ms"] for s in segments)
    assert any(s["start_ms"] >= back["at_ms"] for s in segments)
    assert verify_recording(tmp_path / VISIT_ID, DATA_KEY).ok


class _NoMicrophone:
    sample_rate = 48000

    def open(self):
        raise MicrophoneUnavailable("no capture device")

    def read(self):
        raise AssertionError("never opened")

    def close(self):
        pass


def test_without_a_microphone_the_visit_is_recorded_without_sound(tmp_path):
    from assessment_app.recording.session import RecordingSession

    simulated = SimulatedTime()
    camera = SyntheticVideoSource(SMALL.width, SMALL.height, SMALL.fps, clock=simulated.now, sleep=simulated.sleep)
    session = RecordingSession(tmp_path, VISIT_ID, camera, audio_source=_NoMicrophone(), settings=SMALL,
                               data_key=DATA_KEY, clock=simulated.now)
    recording = SimulatedRecording(session, simulated, participants=1)
    recording.start()
    recording.advance(0.7)
    status = recording.stop()
    entries = read_chain(tmp_path / VISIT_ID / "chain-1").entries
    assert entries[1]["type"] == "microphone_unavailable" and not status.audio
    assert all(not e["audio"] for e in entries if e["type"] == "segment")
    assert verify_recording(tmp_path / VISIT_ID, DATA_KEY).ok


class _SlowEncoder(SegmentEncoder):
    def add_video(self, frame, captured):
        time.sleep(0.15)  # far slower than 15 fps: the queue fills
        super().add_video(frame, captured)


def test_a_slow_encoder_drops_frames_counts_them_and_keeps_real_time(tmp_path):
    session = make_session(tmp_path, settings=replace(SMALL, queue_frames=2), audio=False,
                           encoder_factory=_SlowEncoder)
    session.start()
    time.sleep(1.5)
    status = session.stop()
    assert status.dropped_frames > 5
    segments = [e for e in read_chain(tmp_path / VISIT_ID / "chain-1").entries if e["type"] == "segment"]
    assert sum(s["dropped_frames"] for s in segments) == status.dropped_frames
    assert sum(s["frame_count"] for s in segments) == status.frames
    # Time stays real: the recorded span covers the wall time, not the number of frames encoded.
    assert segments[-1]["end_ms"] - segments[0]["start_ms"] >= 1200
    assert verify_recording(tmp_path / VISIT_ID, DATA_KEY).ok


def test_recording_refuses_to_run_unencrypted_by_accident(tmp_path):
    from assessment_app.recording.session import RecordingSession

    with pytest.raises(RecordingError) as refused:
        RecordingSession(tmp_path, VISIT_ID, SyntheticVideoSource(32, 32, 5))
    assert refused.value.reason == "key_required"
    with pytest.raises(RecordingError) as bad_id:
        RecordingSession(tmp_path, "../escape", SyntheticVideoSource(32, 32, 5), data_key=DATA_KEY)
    assert bad_id.value.reason == "bad_visit_id"
    assert "其他" in describe_error(RecordingError("pause_text_required"), "zh_CN")


def test_the_watermark_is_burnt_into_recorded_frames(tmp_path):
    from assessment_app.recording.playback import RecordingReader
    from assessment_app.recording.watermark import WatermarkStamper, WatermarkText

    stamper = WatermarkStamper(SMALL.width, SMALL.height)
    assert stamper.renders_cjk
    blank = np.full((SMALL.height, SMALL.width, 3), 128, np.uint8)
    stamped = stamper.stamp(blank, "邹城市医保中心 C-1 2026-11-26 10:00:00")
    assert (stamped != blank).any() and (blank == 128).all()
    recording = simulated_session(tmp_path, audio=False, watermark=WatermarkText("邹城市医保中心", "C-1"))
    session = recording.session
    recording.start()
    recording.advance(0.6)
    recording.stop()
    preview = session.latest_preview_frame()
    assert preview is not None and preview.shape == (SMALL.height, SMALL.width, 3)
    assert read_chain(tmp_path / VISIT_ID / "chain-1").entries[0]["watermark"] is True
    reader = RecordingReader(tmp_path, VISIT_ID, DATA_KEY)
    assert reader.frame_at(reader.timeline.segments[0].start_ms) is not None
