# SPDX-License-Identifier: GPL-3.0-or-later
"""Agency settings of the guided visit (stored in `settings`, read with their defaults; changed
through services/agency_settings.store_setting, which checks each value's type)."""

from __future__ import annotations

from dataclasses import dataclass

from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.repositories import SettingsRepository
from assessment_app.storage.unit_of_work import unit_of_work

ALLOW_WITHOUT_RECORDING = "visit.allow_without_recording"
DUAL_ENTRY = "visit.dual_entry"
RECORDING_WATERMARK = "recording.watermark"
# Off by default: the policy expects every visit recorded (公平、公正、可溯), and dual entry
# doubles the experts' work, so an agency switches it on deliberately.
# The watermark (agency, case number, date-time burnt into the picture) is on unless the
# administrator turns it off, e.g. when it covers what the reviewer must see.
DEFAULTS = {ALLOW_WITHOUT_RECORDING: False, DUAL_ENTRY: False, RECORDING_WATERMARK: True}


@dataclass(frozen=True)
class VisitSettings:
    allow_without_recording: bool = False
    dual_entry: bool = False
    recording_watermark: bool = True


def read_visit_settings(records: CaseRecords) -> VisitSettings:
    with unit_of_work(records.engine) as session:
        return settings_in(SettingsRepository(session))


def settings_in(stored: SettingsRepository) -> VisitSettings:
    return VisitSettings(*(bool(stored.get(key, DEFAULTS[key]))
                           for key in (ALLOW_WITHOUT_RECORDING, DUAL_ENTRY, RECORDING_WATERMARK)))
