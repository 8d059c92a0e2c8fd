# SPDX-License-Identifier: GPL-3.0-or-later
"""The reviewer's video player on a real encrypted recording: pauses on the timeline with their
reason, a picture inside a segment and the pause's reason inside a pause, chapters that seek,
and playback that moves on without blocking."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assessment_app.recording.session import RecordingSession
from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.sources import SyntheticVideoSource
from assessment_app.ui.widgets.video_player import VideoPlayer

pytestmark = pytest.mark.gui
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
KEY = bytes(range(32))
SMALL = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, disk_margin_bytes=0)


@pytest.fixture(scope="module")
def recording(tmp_path_factory) -> tuple[Path, tuple[int, int]]:
    root = tmp_path_factory.mktemp("recordings")
    session = RecordingSession(root, "visit-1", SyntheticVideoSource(SMALL.width, SMALL.height, SMALL.fps),
                               settings=SMALL, data_key=KEY)
    session.start()
    time.sleep(1.3)
    paused = session.pause("privacy_bathing")
    time.sleep(0.6)
    resumed = session.resume()
    time.sleep(1.3)
    session.stop()
    return root, (paused, resumed)


@pytest.fixture
def player(qtbot, ui_language, recording) -> VideoPlayer:
    widget = VideoPlayer("zh_CN")
    qtbot.addWidget(widget)
    widget.resize(760, 420)
    widget.show()
    assert widget.load(recording[0], "visit-1", KEY)
    return widget


def test_the_pause_is_on_the_timeline_and_says_why(player, recording):
    paused, resumed = recording[1]
    (pause,) = player.reader.timeline.pauses
    assert (pause.start_ms, pause.end_ms, pause.reason_code) == (paused, resumed, "privacy_bathing")
    player.seek((paused + resumed) // 2)
    assert not player.frame_shown and "洗浴" in player.state_label.text() and "洗浴" in player.picture.text()
    player.seek(resumed + 300)
    assert player.frame_shown and not player.current_pixmap().isNull() and player.state_label.text() == ""


def test_a_chapter_click_seeks_to_its_offset(player, qtbot, recording):
    paused, resumed = recording[1]
    player.set_chapters([("进食", 200), ("洗澡", resumed + 400)])
    item = player.chapter_list.item(1)
    rect = player.chapter_list.visualItemRect(item)
    from PySide6.QtCore import Qt
    qtbot.mouseClick(player.chapter_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert player.position_ms == resumed + 400 and player.frame_shown
    player.grab().save(str(ARTIFACTS / "review-video-player.png"))


def test_playing_moves_the_position_on_and_skips_the_pause(player, qtbot, recording):
    paused, resumed = recording[1]
    player.seek(paused - 300)
    player.play()
    assert player.playing
    qtbot.waitUntil(lambda: player.position_ms >= resumed, timeout=5000)
    assert player.frame_shown
    player.pause()
    assert not player.playing


def test_a_visit_without_recording_says_so(qtbot, ui_language, tmp_path):
    widget = VideoPlayer("zh_CN")
    qtbot.addWidget(widget)
    assert not widget.load(tmp_path, "nothing-here", KEY)
    assert widget.picture.text() and not widget.play_button.isEnabled()
