# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the visit services: real encrypted records, two assessors signed in as a pair, an
administrator signed in (agency settings), a case at intake, and a clock that moves forward one
second per step."""

from __future__ import annotations

import datetime
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from forms import default_registry
from forms.model import Form

from assessment_app.services.accounts import SessionInfo, VisitPair, login, start_pair
from assessment_app.services.case_records import CaseRecords, initialise_case_records, open_case_records
from assessment_app.services.intake import register_case
from assessment_app.services.provisioning_import import ensure_demo_agency

from tests.actors import CHEAP_KDF, sign_in
from tests.unit.services.conftest import NOW, TODAY, intake_request

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60 + b"\xff\xd9"


def png(seed: int = 0) -> bytes:
    """A real 1x1 PNG (signatures are PNG images)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"\x00" + bytes([seed % 256, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class Clock:
    def __init__(self) -> None:
        self.now = NOW
        self.monotonic_ns = 5_000_000_000
        self.video_ms = 0

    def tick(self) -> dict:
        self.now += datetime.timedelta(seconds=1)
        self.monotonic_ns += 1_000_000_000
        self.video_ms += 1000
        return {"now": self.now, "monotonic_ns": self.monotonic_ns}


@dataclass
class World:
    records: CaseRecords
    pair: VisitPair
    case_id: str
    form: Form
    clock: Clock
    admin: SessionInfo | None = None  # for the agency settings a test changes

    @property
    def first(self) -> str:
        return self.pair.first.expert_id

    @property
    def second(self) -> str:
        return self.pair.second.expert_id

    @property
    def pair_sessions(self) -> tuple[SessionInfo, SessionInfo]:
        return self.pair.first, self.pair.second


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def records(data_dir: Path, memory_keyring) -> Iterator[CaseRecords]:
    opened = initialise_case_records(data_dir, None, memory_keyring)
    yield opened
    opened.close()


@pytest.fixture
def reopen(data_dir: Path, memory_keyring):
    opened: list[CaseRecords] = []

    def _reopen() -> CaseRecords:
        opened.append(open_case_records(data_dir, None, memory_keyring))
        return opened[-1]
    yield _reopen
    for records in opened:
        records.close()


@pytest.fixture
def admin(records: CaseRecords) -> SessionInfo:
    """The agency's administrator, signed in: the one who changes settings."""
    return sign_in(records, "M-001", "administrator")


@pytest.fixture
def world(records: CaseRecords) -> World:
    pair = start_pair(sign_in(records, "A-001", name="评估员甲"), sign_in(records, "A-002", name="评估员乙"))
    case = register_case(records, intake_request(task_number="RW-2026-0001"), TODAY, NOW, actor=pair.first)
    return World(records, pair, case.case_id, default_registry().get("cn-ltc-2021"), Clock(),
                 sign_in(records, "M-001", "administrator"))


@pytest.fixture
def demo_world(records: CaseRecords) -> World:
    """The demo agency's two assessors, who hold signing certificates (passphrases demo-a-001,
    demo-a-002), signed in as the pair, and a case at intake."""
    ensure_demo_agency(records, NOW, b"\x07" * 32, kdf_params=CHEAP_KDF)
    sessions = [login(records, number, number.lower(), NOW, kdf_params=CHEAP_KDF) for number in ("DEMO-A-001", "DEMO-A-002")]
    case = register_case(records, intake_request(task_number="RW-2026-0042"), TODAY, NOW, actor=sessions[0])
    return World(records, start_pair(*sessions), case.case_id, default_registry().get("cn-ltc-2021"), Clock())
