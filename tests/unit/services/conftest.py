# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the case services: a real encrypted data directory, an in-memory credential store,
two assessors and the first of them signed in (`actor`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment_app.domain.resident_id import Sex, make_resident_id
from assessment_app.services.case_records import CaseRecords, initialise_case_records
from assessment_app.services.accounts import SessionInfo
from assessment_app.services.intake import IntakeRequest

from tests.actors import add_person, sign_in

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
    return (add_person(records, "A-001", "assessor", "评估员甲"), add_person(records, "A-002", "assessor", "评估员乙"))


@pytest.fixture
def actor(records: CaseRecords, assessors) -> SessionInfo:
    """评估员甲 (A-001), signed in."""
    return sign_in(records, "A-001")


def intake_request(**changes) -> IntakeRequest:
    values = dict(name=KNOWN_NAME, resident_id=KNOWN_ID, phone="13800138000", address="上海市长宁区测试路1号",
                  insurance_type="employee", application_type="initial")
    values.update(changes)
    return IntakeRequest(**values)
