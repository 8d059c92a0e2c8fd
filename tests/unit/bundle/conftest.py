# SPDX-License-Identifier: GPL-3.0-or-later
"""A signed, recorded visit of the demo agency made through the visit services, exported once
per session (bundles are built once and copied for each test that damages one)."""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from forms import default_registry

from assessment_app.recording.session import RecordingSession
from assessment_app.recording.settings import RecordingSettings
from assessment_app.recording.sources import SyntheticVideoSource
from assessment_app.services.accounts import SessionInfo, login, start_pair
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.case_records import CaseRecords, initialise_case_records
from assessment_app.services.intake import register_case
from assessment_app.services.provisioning_import import DEMO_AGENCY_DIR, ensure_demo_agency
from assessment_app.services.self_assessment import record_self_assessment
from assessment_app.services.signing_identities import agency_ca_certificates
from assessment_app.security.trust import TrustAnchors
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import CHEAP_KDF
from tests.conftest import InMemoryKeyring
from tests.unit.services.conftest import NOW, TODAY, intake_request
from tests.unit.visit.conftest import Clock, World
from tests.unit.visit.steps import answer_all, best_answers, concluded, ready_visit, signed

SMALL_VIDEO = RecordingSettings(width=320, height=180, fps=10, segment_ms=1000, disk_margin_bytes=0, audio=False)
DEMO_SEED = b"\x07" * 32
PASSPHRASES = {"DEMO-A-001": "demo-a-001", "DEMO-A-002": "demo-a-002"}


@dataclass
class Laptop:
    records: CaseRecords
    world: World
    visit_id: str

    @property
    def signers(self) -> list[tuple[SessionInfo, str]]:
        return [(self.world.pair.first, "demo-a-001"), (self.world.pair.second, "demo-a-002")]

    @property
    def identity_file(self) -> Path:
        return self.records.layout.root / DEMO_AGENCY_DIR / "agency-identity.txt"

    @property
    def recovery_identity_file(self) -> Path:
        return self.records.layout.root / DEMO_AGENCY_DIR / "recovery-identity.txt"

    def trusted_cas(self):
        with unit_of_work(self.records.engine) as session:
            return agency_ca_certificates(session.get(Agency, 1))

    def anchors(self) -> TrustAnchors:
        return TrustAnchors(self.trusted_cas())


def demo_records(data_dir: Path) -> CaseRecords:
    records = initialise_case_records(data_dir, None, InMemoryKeyring())
    ensure_demo_agency(records, NOW, DEMO_SEED, kdf_params=CHEAP_KDF)
    return records


def demo_sign_in(records: CaseRecords, number: str) -> SessionInfo:
    """A demo expert signed in with their public passphrase."""
    return login(records, number, number.lower(), NOW, kdf_params=CHEAP_KDF)


def demo_world(records: CaseRecords, task_number: str = "RW-2026-0901") -> World:
    sessions = [demo_sign_in(records, number) for number in ("DEMO-A-001", "DEMO-A-002")]
    case = register_case(records, intake_request(task_number=task_number), TODAY, NOW, actor=sessions[0])
    return World(records, start_pair(*sessions), case.case_id, default_registry().get("cn-ltc-2021"), Clock(),
                 demo_sign_in(records, "DEMO-M-001"))


def record_video(records: CaseRecords, visit_id: str, seconds: float = 2.6, *, encrypted: bool = True) -> None:
    session = RecordingSession(records.layout.recordings, visit_id,
                               SyntheticVideoSource(SMALL_VIDEO.width, SMALL_VIDEO.height, SMALL_VIDEO.fps),
                               settings=SMALL_VIDEO, data_key=records.data_key if encrypted else None,
                               plain=not encrypted)
    session.start()
    try:
        time.sleep(seconds)
    finally:
        session.stop()


def signed_visit(world: World, *, video: bool = True, encrypted_video: bool = True) -> str:
    visit_id = ready_visit(world)
    if video:
        record_video(world.records, visit_id, encrypted=encrypted_video)
    answer_all(world, visit_id, best_answers(world))
    concluded(world, visit_id)
    signed(world, visit_id)
    return visit_id


def make_laptop(data_dir: Path, *, video: bool = True, self_assessment: bool = True) -> Laptop:
    records = demo_records(data_dir)
    world = demo_world(records)
    if self_assessment:
        record_self_assessment(records, world.case_id, world.form, best_answers(world), now=NOW, actor=world.pair.first)
    return Laptop(records, world, signed_visit(world, video=video))


@pytest.fixture(scope="session")
def laptop(tmp_path_factory) -> Laptop:
    """One recorded, signed visit for the whole session: building it takes seconds, and no test
    changes it beyond exporting it again."""
    made = make_laptop(tmp_path_factory.mktemp("laptop") / "data")
    yield made
    made.records.close()


EXPORTED_AT = NOW + datetime.timedelta(hours=1)
VERIFIED_AT = EXPORTED_AT + datetime.timedelta(hours=1)  # the trusted time of verifications in these tests
SMALL_PARTS = 64 * 1024  # several parts even for a small bundle, so part faults can be tested


@dataclass
class Exported:
    laptop: Laptop
    bundle: Path
    bundle_id: str
    recipients: list[str]


@pytest.fixture(scope="session")
def exported(laptop, tmp_path_factory) -> Exported:
    result = export_visit(laptop.records, laptop.visit_id, tmp_path_factory.mktemp("out"), signers=laptop.signers,
                          now=EXPORTED_AT, part_size=SMALL_PARTS)
    with unit_of_work(laptop.records.engine) as session:
        recipients = [entry["age_recipient"] for entry in json.loads(session.get(Agency, 1).recipients_json)]
    return Exported(laptop, result.bundle_dir, result.bundle_id, recipients)
