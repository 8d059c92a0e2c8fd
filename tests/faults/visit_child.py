# SPDX-License-Identifier: GPL-3.0-or-later
"""Child process of the kill -9 fault: a recorded visit in progress, answering one item every
INTERVAL seconds and printing "ANSWERED <item> <video offset ms> <wall ms>" after each commit.

    python -m tests.faults.visit_child DATA_DIR CASE_ID INTERVAL_S
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

from keyring.backends import null

from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.still_capture import synthetic_still
from assessment_app.services import visit_answers
from assessment_app.services.accounts import login
from assessment_app.services.case_records import open_case_records
from assessment_app.services.demo_visit import _signature_png
from assessment_app.services.demo_workstation import DEMO_ADMIN_PASSPHRASE, DEMO_ASSESSORS
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES
from assessment_app.services.visit_flow import IdentityCheck, begin_visit, check_identity, consent_and_record
from assessment_app.services.visit_recording import RecordingChoice
from forms import default_registry

SMALL = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, disk_margin_bytes=1024 * 1024)


def now() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


def main(data_dir: str, case_id: str, interval: str) -> None:
    records = open_case_records(Path(data_dir), DEMO_ADMIN_PASSPHRASE, null.Keyring())
    form = default_registry().get("cn-ltc-2021")
    first, second = (login(records, number, DEMO_PASSPHRASES[number], now()) for number in DEMO_ASSESSORS)
    visit = begin_visit(records, case_id, first, second, now=now(), monotonic_ns=time.monotonic_ns())
    visit_id = visit.visit_id
    photo = synthetic_still(now()).jpeg
    check_identity(records, visit, IdentityCheck(True, photo, photo, informant_name="测试王小明",
                                                 informant_relation="child", informant_phone="13912345678"),
                   now=now(), monotonic_ns=time.monotonic_ns())
    recording = consent_and_record(records, visit, _signature_png(1), choice=RecordingChoice(None, False, True),
                                   settings=SMALL, now=now(), monotonic_ns=time.monotonic_ns()).recording
    print(f"VISIT {visit_id}", flush=True)
    for item in form.items:
        time.sleep(float(interval))
        offset = recording.offset_ms()
        visit_answers.answer_item(records, visit_id, item.id, item.options[-1].id, actor=visit.actor,
                                  now=now(), monotonic_ns=time.monotonic_ns(), video_offset_ms=offset)
        print(f"ANSWERED {item.id} {offset} {int(time.time() * 1000)}", flush=True)
    time.sleep(3600)  # the parent kills us; finishing normally would not be a crash


if __name__ == "__main__":
    main(*sys.argv[1:4])
