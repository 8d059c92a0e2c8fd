# SPDX-License-Identifier: GPL-3.0-or-later
"""How this agency's laptops record a visit (issue 6, item 1): which camera, at what size and
rate, with or without the microphone, and how long a visit is planned to last, which the disk
preflight uses to estimate the space needed before recording starts.

Stored as agency settings (checked by services/agency_settings.py); the visit screen builds its
RecordingChoice and RecordingSettings from them here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assessment_app.recording.disk import Preflight, preflight
from assessment_app.recording.settings import RecordingSettings
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.visit_recording import RecordingChoice
from assessment_app.storage.repositories import SettingsRepository
from assessment_app.storage.unit_of_work import unit_of_work

CAMERA_INDEX = "recording.camera_index"
RESOLUTION = "recording.resolution"
FPS = "recording.fps"
MICROPHONE = "recording.microphone"
PLANNED_MINUTES = "visit.planned_minutes"
MAX_CAMERA_INDEX = 9
# 16:9 sizes every USB camera offers; 1280×720 is the default and stays realtime on a
# 2-core laptop (bench/recording.py). Even sizes only: H.264 in 4:2:0 needs them.
RESOLUTIONS = ("640x360", "960x540", "1280x720", "1920x1080")
# 90 minutes: the long end of a visit (design section 1), so the preflight errs on the safe side.
RECORDING_DEFAULTS = {CAMERA_INDEX: 0, RESOLUTION: "1280x720", FPS: 25, MICROPHONE: True, PLANNED_MINUTES: 90}


@dataclass(frozen=True)
class RecordingSetup:
    choice: RecordingChoice
    settings: RecordingSettings
    planned_minutes: int


def read_recording_setup(records: CaseRecords, *, demo: bool = False) -> RecordingSetup:
    """The agency's choices; in demo mode the synthetic camera and tone instead of real devices."""
    with unit_of_work(records.engine) as session:
        stored = SettingsRepository(session)
        values = {key: stored.get(key, default) for key, default in RECORDING_DEFAULTS.items()}
    width, height = (int(part) for part in values[RESOLUTION].split("x"))
    settings = replace(RecordingSettings(), width=width, height=height, fps=values[FPS])
    choice = RecordingChoice(camera_index=None if demo else values[CAMERA_INDEX],
                             microphone=values[MICROPHONE] and not demo, synthetic_sound=demo)
    return RecordingSetup(choice, settings, values[PLANNED_MINUTES])


def disk_preflight(records: CaseRecords, settings: RecordingSettings, planned_minutes: int) -> Preflight:
    """Room on the recordings disk for the planned visit plus the margin at which recording stops?"""
    return preflight(records.layout.recordings, planned_minutes, settings)
