# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing a visit: both experts' PAdES signatures on the report, then the record is locked —
or, with a wrong passphrase, nothing signed and nothing changed."""

from __future__ import annotations

import subprocess

import pytest

from assessment_app.domain.visit_workflow import SigningIncomplete
from assessment_app.reports.errors import ReportContentError
from assessment_app.reports.verify import verify_report
from assessment_app.services import visit_finish
from assessment_app.services.accounts import WrongPassphrase
from assessment_app.services.signing_identities import agency_ca_certificates
from assessment_app.services.visit_report import draft_report
from assessment_app.storage.models import Case
from assessment_app.storage.repositories import SettingsRepository
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.services.conftest import intake_request
from tests.unit.visit.conftest import World
from tests.unit.visit.steps import answer_all, best_answers, concluded, ready_visit, signed

PDFTOTEXT = ["pdftotext", "-layout", "-", "-"]


def _ready_to_sign(world: World) -> str:
    visit_id = ready_visit(world)
    answer_all(world, visit_id, best_answers(world))
    concluded(world, visit_id)
    return visit_id


def _status(world: World) -> str:
    with unit_of_work(world.records.engine) as session:
        return session.get(Case, world.case_id).status


def test_both_experts_sign_and_the_record_is_locked(demo_world):
    world = demo_world
    visit_id = _ready_to_sign(world)
    signed_visit = signed(world, visit_id)
    with unit_of_work(world.records.engine) as session:
        trusted = agency_ca_certificates(session.get(Agency, 1))
    statuses = verify_report(signed_visit.report_pdf, trusted)
    assert [status.field_name for status in statuses] == ["Expert1", "Expert2"]
    assert all(status.intact and status.valid for status in statuses)
    assert statuses[-1].covers_whole_file
    assert _status(world) == "signed"
    text = subprocess.run(PDFTOTEXT, input=signed_visit.report_pdf, capture_output=True, check=True).stdout.decode()
    assert "演示评估员甲" in text and "DEMO-A-001" in text and "DEMO-A-002" in text and signed_visit.record_sha256 in text


def test_a_wrong_passphrase_signs_nothing_and_loses_nothing(demo_world):
    world = demo_world
    visit_id = _ready_to_sign(world)
    with pytest.raises(WrongPassphrase):
        signed(world, visit_id, ("demo-a-001", "not-the-passphrase"))
    assert _status(world) == "in_visit"
    # Nothing was stored, not even the handwriting: the record still asks for it.
    assert {requirement.code for requirement in visit_finish.signing_requirements(
        world.records, visit_id, actor=world.pair.first)} == {"expert_signature_missing", "informant_signature_missing"}
    signed(world, visit_id)
    assert _status(world) == "signed"


def test_an_incomplete_record_is_not_signed(demo_world):
    world = demo_world
    visit_id = ready_visit(world)
    with pytest.raises(SigningIncomplete) as refused:
        signed(world, visit_id)
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
