# SPDX-License-Identifier: GPL-3.0-or-later
"""What the supervision dashboard's tests share: an agency server on loopback (PostgreSQL, the real
server in a thread) that trusts the demo agency's package and holds a small demo year
(`ltc-agency demo-data`: 400 visits, 6 assessors, one skewed), a registered workstation, and a
reviewer's workstation (demo records made from the same seed, so its reviewer's and
administrator's signing keys are the ones the package lists) connected to it through its
agency-connection.toml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from assessment_app.agency.database import transaction
from assessment_app.agency.demo_data import DemoSummary, generate
from assessment_app.agency.review_trust import record_trust_package
from assessment_app.agency.uploads import now_utc
from assessment_app.security.provisioning import build_demo_provisioning
from assessment_app.services.accounts import SessionInfo
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.agency_desk import CONNECTION_FILE, AgencyConnection, workstation_connection

from tests.agency.harness import ServerThread
from tests.unit.bundle.conftest import DEMO_SEED, NOW, demo_records, demo_sign_in

DEMO_YEAR = {"seed": 1, "visits": 400, "assessor_count": 6}  # ~1 s; the test flags exactly the skewed one
REVIEWER, ADMINISTRATOR, ASSESSOR = "DEMO-R-001", "DEMO-M-001", "DEMO-A-001"


@dataclass
class SupervisionWorld:
    agency: object
    server: ServerThread
    records: CaseRecords
    summary: DemoSummary

    @property
    def connection(self) -> AgencyConnection:
        return workstation_connection(self.records)

    def sign_in(self, number: str) -> SessionInfo:
        """A demo expert signed in on the reviewer's workstation (passphrase: the number in lower case)."""
        return demo_sign_in(self.records, number)


def connect_workstation(records: CaseRecords, url: str, ca_pem: str, station) -> Path:
    """The data directory's agency-connection.toml (docs/formats/agency-connection.md)."""
    root = records.layout.root
    (root / "agency-ca.pem").write_text(ca_pem, encoding="ascii")
    path = root / CONNECTION_FILE
    path.write_text(f'server_url = "{url}"\nca_certificate = "agency-ca.pem"\n'
                    f'workstation_certificate = "{station.certificate}"\nworkstation_key = "{station.key}"\n',
                    encoding="utf-8")
    return path


@pytest.fixture
def supervision_world(agency, tmp_path):
    with transaction(agency.engine) as session:
        record_trust_package(session, build_demo_provisioning(NOW, DEMO_SEED).package_bytes, actor="test",
                             now=now_utc())
    summary = generate(agency.engine, agency.records_key, **DEMO_YEAR)
    station = agency.workstation("审核工作站")
    records = demo_records(tmp_path / "reviewer-workstation")
    try:
        with ServerThread(agency.config) as server:
            connect_workstation(records, server.url, agency.ca_pem, station)
            yield SupervisionWorld(agency, server, records, summary)
    finally:
        records.close()
