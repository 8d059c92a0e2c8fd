"""Signing a visit: both experts' PAdES signatures on the report, then the record is locked —
or, with a wrong passphrase, nothing signed and nothing changed."""

from __future__ import annotations

import subprocess

import pytest

from forms import default_registry

from assessment_app.domain.visit_workflow import SigningIncomplete
from assessment_app.reports.errors import ReportContentError
from assessment_app.reports.verify import verify_report
from assessment_app.services import visit_finish
from assessment_app.services.accounts import SessionInfo, WrongPassphrase, login, start_pair
from assessment_app.services.experts import list_experts
from assessment_app.services.intake import register_case
from assessment_app.services.provisioning_import import ensure_demo_agency
from assessment_app.services.signing_identities import agency_ca_certificates
from assessment_app.services.visit_report import draft_report, sign_and_lock
from assessment_app.storage.models import Case
from assessment_app.storage.repositories import SettingsRepository
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import CHEAP_KDF
from tests.unit.services.conftest import NOW, TODAY, intake_request
from tests.unit.visit.conftest import Clock, World, png
from tests.unit.visit.steps import answer_all, best_answers, ready_visit

PDFTOTEXT = ["pdftotext", "-layout", "-", "-"]


@pytest.fixture
def demo_world(records) -> World:
    ensure_demo_agency(records, NOW, b"\x07" * 32, kdf_params=CHEAP_KDF)
    sessions = [login(records, number, number.lower(), NOW, kdf_params=CHEAP_KDF) for number in ("DEMO-A-001", "DEMO-A-002")]
    case = register_case(records, intake_request(task_number="RW-2026-0042"), TODAY, NOW, actor=sessions[0])
    return World(records, start_pair(*sessions), case.case_id, default_registry().get("cn-ltc-2021"), Clock())


def _ready_to_sign(world: World) -> str:
    visit_id = ready_visit(world)
    answer_all(world, visit_id, best_answers(world))
    visit_finish.conclude(world.records, visit_id, "经评估，申请人能力完好。", "无", now=world.clock.tick()["now"], actor=world.pair.first)
    for expert in world.pair_sessions:
        visit_finish.record_signature(world.records, visit_id, png(2), now=world.clock.tick()["now"], actor=expert)
    visit_finish.record_signature(world.records, visit_id, png(3), now=world.clock.tick()["now"], actor=world.pair.first,
                                  informant=True)
    return visit_id


def _signers(world: World, second_passphrase: str = "demo-a-002") -> list[tuple[SessionInfo, str]]:
    return [(world.pair.first, "demo-a-001"), (world.pair.second, second_passphrase)]


def _status(world: World) -> str:
    with unit_of_work(world.records.engine) as session:
        return session.get(Case, world.case_id).status


def test_both_experts_sign_and_the_record_is_locked(demo_world):
    world = demo_world
    visit_id = _ready_to_sign(world)
    signed = sign_and_lock(world.records, visit_id, world.form, _signers(world), now=world.clock.tick()["now"])
    with unit_of_work(world.records.engine) as session:
        trusted = agency_ca_certificates(session.get(Agency, 1))
    statuses = verify_report(signed.report_pdf, trusted)
    assert [status.field_name for status in statuses] == ["Expert1", "Expert2"]
    assert all(status.intact and status.valid for status in statuses)
    assert statuses[-1].covers_whole_file
    assert _status(world) == "signed"
    text = subprocess.run(PDFTOTEXT, input=signed.report_pdf, capture_output=True, check=True).stdout.decode()
    assert "演示评估员甲" in text and "DEMO-A-001" in text and "DEMO-A-002" in text and signed.record_sha256 in text


def test_a_wrong_passphrase_signs_nothing_and_loses_nothing(demo_world):
    world = demo_world
    visit_id = _ready_to_sign(world)
    with pytest.raises(WrongPassphrase):
        sign_and_lock(world.records, visit_id, world.form, _signers(world, "not-the-passphrase"),
                      now=world.clock.tick()["now"])
    assert _status(world) == "in_visit"
    assert visit_finish.signing_requirements(world.records, visit_id, actor=world.pair.first) == []
    sign_and_lock(world.records, visit_id, world.form, _signers(world), now=world.clock.tick()["now"])
    assert _status(world) == "signed"


def test_an_incomplete_record_is_not_signed(demo_world):
    world = demo_world
    visit_id = ready_visit(world)
    with pytest.raises(SigningIncomplete) as refused:
        sign_and_lock(world.records, visit_id, world.form, _signers(world), now=world.clock.tick()["now"])
    assert {requirement.code for requirement in refused.value.missing} >= {"unanswered_items", "conclusion_missing"}
    with pytest.raises(ReportContentError, match="record_incomplete"):
        draft_report(world.records, visit_id, world.form, actor=world.pair.first)


def test_the_draft_says_draft_and_has_no_signature_fields(demo_world):
    world = demo_world
    visit_id = _ready_to_sign(world)
    draft = draft_report(world.records, visit_id, world.form, actor=world.pair.first)
    text = subprocess.run(PDFTOTEXT, input=draft, capture_output=True, check=True).stdout.decode()
    assert "草稿" in text
    assert b"/FT /Sig" not in draft and b"/FT/Sig" not in draft


def test_the_agency_sets_title_notice_and_full_id(demo_world):
    world = demo_world
    visit_id = _ready_to_sign(world)
    with unit_of_work(world.records.engine) as session:
        stored = SettingsRepository(session)
        stored.set("report.title", "某市长期护理保险失能评估结论通知书")
        stored.set("report.appeal_notice", "如有异议，请于十五个工作日内向某市医保局申请复核。")
        stored.set("report.id_display", "full")
    draft = draft_report(world.records, visit_id, world.form, actor=world.pair.first)
    text = subprocess.run(PDFTOTEXT, input=draft, capture_output=True, check=True).stdout.decode()
    assert "某市长期护理保险失能评估结论通知书" in text
    assert "向某市医保局申请复核" in text
    resident_id = intake_request().resident_id
    assert resident_id in text.replace(" ", "")
