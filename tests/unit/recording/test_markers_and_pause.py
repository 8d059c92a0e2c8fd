# SPDX-License-Identifier: GPL-3.0-or-later
"""The visit offset (item markers) and pauses: monotone, consistent with segment times, reasons
enforced. On simulated time: every moment below is exact."""

from __future__ import annotations

import pytest

from assessment_app.recording.chain import read_chain
from assessment_app.recording.errors import RecordingError
from assessment_app.recording.playback import RecordingReader

from tests.unit.recording.conftest import DATA_KEY, VISIT_ID, simulated_session


def test_offsets_are_monotone_and_fall_inside_the_recorded_segments(tmp_path):
    recording = simulated_session(tmp_path)
    session = recording.session
    recording.start()
    markers = []
    for _ in range(12):
        markers.append(session.offset_ms())
        recording.advance(0.1)
    recording.stop()
    assert markers == [100 * step for step in range(12)]
    segments = [e for e in read_chain(tmp_path / VISIT_ID / "chain-1").entries if e["type"] == "segment"]
    assert segments[0]["start_ms"] <= 100
    for previous, following in zip(segments, segments[1:]):
        assert previous["end_ms"] <= following["start_ms"] + 1
    timeline = RecordingReader(tmp_path, VISIT_ID, DATA_KEY).timeline
    # Every marker after the first frame lands in a segment, at the right place inside it.
    for marker in markers[1:]:
        location = timeline.locate(marker)
        assert location.segment is not None, marker
        assert location.segment.start_ms + location.offset_in_segment_ms == marker


def test_pause_leaves_a_hole_in_the_video_that_carries_its_reason(tmp_path):
    recording = simulated_session(tmp_path)
    session = recording.session
    recording.start()
    recording.advance(0.7)
    paused_at = session.pause("other", "applicant changing clothes")
    assert session.status().state == "paused"
    recording.advance(0.1)
    inside_pause = session.offset_ms()
    recording.advance(0.5)
    resumed_at = session.resume()
    recording.advance(0.7)
    recording.stop()
    assert (paused_at, inside_pause, resumed_at) == (700, 800, 1300)
    reader = RecordingReader(tmp_path, VISIT_ID, DATA_KEY)
    (pause,) = reader.timeline.pauses
    assert (pause.start_ms, pause.end_ms, pause.reason_code, pause.text) == (paused_at, resumed_at, "other",
                                                                             "applicant changing clothes")
    for span in reader.timeline.segments:
        assert span.end_ms <= paused_at or span.start_ms >= resumed_at, span
    location = reader.timeline.locate(inside_pause + 100)
    assert location.segment is None and location.interval.reason_code == "other"
    assert reader.frame_at(inside_pause + 100) is None
    assert session.status().recorded_ms < session.status().elapsed_ms - 500


def test_pause_reason_must_come_from_the_list_and_other_needs_text(tmp_path):
    recording = simulated_session(tmp_path, audio=False)
    session = recording.session
    recording.start()
    try:
        with pytest.raises(RecordingError) as unknown:
            session.pause("lunch")
        assert unknown.value.reason == "pause_reason_unknown"
        with pytest.raises(RecordingError) as no_text:
            session.pause("other", "   ")
        assert no_text.value.reason == "pause_text_required"
        with pytest.raises(RecordingError) as not_paused:
            session.resume()
        assert not_paused.value.reason == "not_paused"
        session.pause("applicant_request")
        with pytest.raises(RecordingError) as twice:
            session.pause("privacy_bathing")
        assert twice.value.reason == "already_paused"
    finally:
        recording.stop()


def test_offset_before_start_is_refused_and_stop_is_idempotent(tmp_path):
    recording = simulated_session(tmp_path, audio=False)
    session = recording.session
    with pytest.raises(RecordingError) as before:
        session.offset_ms()
    assert before.value.reason == "not_started"
    recording.start()
    recording.advance(0.3)
    first = recording.stop()
    assert session.stop() == first


def test_frame_at_shows_the_burnt_in_clock_of_that_moment(tmp_path):
    recording = simulated_session(tmp_path, audio=False)
    recording.start()
    recording.advance(1.3)
    recording.stop()
    reader = RecordingReader(tmp_path, VISIT_ID, DATA_KEY)
    later_segment = reader.timeline.segments[1]
    frame = reader.frame_at(later_segment.start_ms + 100)
    assert frame is not None and frame.shape == (180, 320, 3)
    played = list(reader.play(later_segment.start_ms))
    assert played[0][0] <= later_segment.start_ms + 1 and [p for p, _ in played] == sorted(p for p, _ in played)
    assert len(played) == sum(s.frame_count for s in reader.timeline.segments[1:])
