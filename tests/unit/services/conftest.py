"""Fixtures for the case services: a real encrypted data directory, an in-memory credential store."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment_app.domain.resident_id import Sex, make_resident_id
from assessment_app.services.case_records import CaseRecords, initialise_case_records
from assessment_app.services.experts import add_expert
from assessment_app.services.intake import IntakeRequest

TODAY = datetime.date(2026, 11, 26)
NOW = datetime.datetime(2026, 11, 26, 2, 0, tzinfo=datetime.timezone.utc)
KNOWN_NAME = "测试钱玉兰"
KNOWN_ID = make_resident_id("310105", datetime.date(1938, 7, 14), 37, Sex.FEMALE)


@pytest.fixture
def records(tmp_path: Path, memory_keyring) -> Iterator[CaseRecords]:
    opened = initialise_case_records(tmp_path / "data", None, memory_keyring)
    yield opened
    opened.close()


@pytest.fixture
def assessors(records: CaseRecords) -> tuple[str, str]:
    return (
        add_expert(records, name="评估员甲", expert_number="A-001", role="assessor", qualification=None, now=NOW),
        add_expert(records, name="评估员乙", expert_number="A-002", role="assessor", qualification=None, now=NOW),
    )


def intake_request(**changes) -> IntakeRequest:
    values = dict(name=KNOWN_NAME, resident_id=KNOWN_ID, phone="13800138000", address="上海市长宁区测试路1号",
                  insurance_type="employee", application_type="initial")
    values.update(changes)
    return IntakeRequest(**values)
