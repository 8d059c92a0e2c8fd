# SPDX-License-Identifier: GPL-3.0-or-later
"""What the remote 审核 tests share: an agency server on loopback (PostgreSQL, the real server in a
thread) trusting a package with several reviewers, the demo bundle verified onto its review desk
(a real recorded visit: video segments, report, audit chain), and a reviewer's workstation made
from the demo seed (so DEMO-R-001's signing key on it is the one the package lists) connected to
the server through its agency-connection.toml. Another reviewer (DEMO-R-002) works from a second
registered workstation through a bare ReviewClient."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assessment_app.agency.review_client import ReviewClient
from assessment_app.agency.uploads import now_utc
from assessment_app.services.accounts import SessionInfo
from assessment_app.services.agency_desk import workstation_connection
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.remote_records import RemoteRecordSource, open_remote_source

from tests.agency.desk import People, build_people, trust, verified_record
from tests.agency.harness import ServerThread
from tests.agency.supervision_world import connect_workstation
from tests.unit.bundle.conftest import demo_records, demo_sign_in

REVIEWER, OTHER_REVIEWER = "DEMO-R-001", "DEMO-R-002"


@dataclass
class RemoteReviewWorld:
    agency: object
    server: ServerThread
    records: CaseRecords
    people: People
    visit_id: str
    other_station: object

    def sign_in(self, number: str = REVIEWER) -> SessionInfo:
        """A demo expert signed in on the reviewer's workstation (passphrase: the number in lower case)."""
        return demo_sign_in(self.records, number)

    def source(self, number: str = REVIEWER) -> RemoteRecordSource:
        return open_remote_source(self.records, self.sign_in(number), number.lower(),
                                  workstation_connection(self.records), now=now_utc())

    def other_desk(self, number: str = OTHER_REVIEWER) -> ReviewClient:
        """Another reviewer on another workstation, signed in to the same desk."""
        desk = ReviewClient(self.server.url, ca_pem=self.agency.ca_pem, certificate=self.other_station.certificate,
                            key=self.other_station.key)
        desk.sign_in(self.people.keys[number], self.people.certificates[number])
        return desk


@pytest.fixture(scope="module")
def people():
    return build_people()


@pytest.fixture
def remote_review_world(agency, demo_bundle, people, tmp_path):
    trust(agency, people)
    station, other_station = agency.workstation("审核工作站甲"), agency.workstation("审核工作站乙")
    visit_id = verified_record(agency, demo_bundle.directory)
    records = demo_records(tmp_path / "reviewer-workstation")
    try:
        with ServerThread(agency.config) as server:
            connect_workstation(records, server.url, agency.ca_pem, station)
            yield RemoteReviewWorld(agency, server, records, people, visit_id, other_station)
    finally:
        records.close()
