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
from assessment_app.services import visit_answers, visit_start
from assessment_app.services.accounts import login, start_pair
from assessment_app.services.case_records import open_case_records
from assessment_app.services.demo_visit import DEMO_ADMIN_PASSPHRASE, EXPERT_NUMBERS, _signature_png
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES
from assessment_app.services.visit_recording import RecordingChoice, open_visit_recording
from forms import default_registry

SMALL = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, disk_margin_bytes=1024 * 1024)


def now() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


def main(data_dir: str, case_id: str, interval: str) -> None:
    records = open_case_records(Path(data_dir), DEMO_ADMIN_PASSPHRASE, null.Keyring())
    form = default_registry().get("cn-ltc-2021")
    pair = start_pair(*(login(records, number, DEMO_PASSPHRASES[number], now()) for number in EXPERT_NUMBERS))
    visit_id = visit_start.start_visit(records, case_id, pair, now=now(), monotonic_ns=time.monotonic_ns()).visit_id
    first = pair.first
    for expert in (pair.first, pair.second):
        visit_start.declare_no_conflict(records, visit_id, actor=expert, now=now())
    photo = synthetic_still(now()).jpeg
    visit_start.record_identity_photos(records, visit_id, photo, photo, actor=first, now=now())
    visit_start.confirm_identity(records, visit_id, True, actor=first, now=now(), monotonic_ns=time.monotonic_ns())
    visit_start.record_informant(records, visit_id, "测试王小明", "child", "13912345678", actor=first, now=now())
    visit_start.record_consent(records, visit_id, _signature_png(1), actor=first, now=now(),
                               monotonic_ns=time.monotonic_ns())
    recording = open_visit_recording(records, visit_id, choice=RecordingChoice(None, False, True),
                                     actor=first, now=now(), settings=SMALL)
    print(f"VISIT {visit_id}", flush=True)
    for item in form.items:
        time.sleep(float(interval))
        offset = recording.offset_ms()
        visit_answers.answer_item(records, visit_id, item.id, item.options[-1].id, actor=first,
                                  now=now(), monotonic_ns=time.monotonic_ns(), video_offset_ms=offset)
        print(f"ANSWERED {item.id} {offset} {int(time.time() * 1000)}", flush=True)
    time.sleep(3600)  # the parent kills us; finishing normally would not be a crash


if __name__ == "__main__":
    main(*sys.argv[1:4])
