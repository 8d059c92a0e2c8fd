# SPDX-License-Identifier: GPL-3.0-or-later
"""A laptop whose signed record is on a live agency server, verified and waiting for a decision:
what the tests of decisions flowing back share (service and GUI). The laptop is enrolled with the
server the way any laptop is (its workstation certificate from the server's authority, in a
package it imported), the server trusts the agency's package with its reviewers, and the record
was registered as uploaded by this laptop.

`decide` stores a decision the honest way (the reviewer holds the claim; the server checks it as
it checks any); `plant` puts any file among the server's decisions, as a compromised or misled
server could: the laptop must judge each file itself."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from assessment_app.agency.database import transaction
from assessment_app.agency.demo_link import link_demo_laptop
from assessment_app.agency.review_decisions import receive_decision
from assessment_app.agency.review_models import ReviewDecisionRow
from assessment_app.agency.reviewer_sessions import Reviewer
from assessment_app.agency.sealed_objects import put_sealed
from assessment_app.agency.uploads import now_utc
from assessment_app.services import upload_queue as queue
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.upload_runner import UploadRunner

from tests.actors import CHEAP_KDF
from tests.agency.conftest import CA_PASSPHRASE, PART_SIZE, QUICK
from tests.agency.desk import People, record_row, signed_decision, trust, verified_record
from tests.agency.harness import ServerThread
from tests.unit.bundle.conftest import EXPORTED_AT, Laptop, make_laptop


@dataclass
class DecisionWorld:
    laptop: Laptop
    agency: object
    people: People
    server: ServerThread
    workstation_id: str
    visit_id: str
    bundle_dir: Path

    @property
    def case_id(self) -> str:
        return self.laptop.world.case_id

    def facts(self) -> dict:
        row = record_row(self.agency, self.visit_id)
        return {"case_id": row.case_id, "visit_id": self.visit_id, "record_sha256": row.record_sha256}

    def decide(self, signer: str = "DEMO-R-001", decision: str = "approved", reason: str = "") -> dict:
        """Through the server's own checks, by the reviewer holding the claim."""
        with transaction(self.agency.engine) as session:
            session.execute(text("UPDATE review_records SET claimed_by = :r, claimed_at = now(), "
                                 "claim_expires_at = now() + interval '1 hour' WHERE visit_id = :v"),
                            {"r": signer, "v": self.visit_id})
        data, pdf = signed_decision(self.people, signer, **self.facts(), decision=decision, reason=reason)
        receive_decision(self.agency.engine, self.agency.store, self.agency.records_key, pdf, visit_id=self.visit_id,
                         reviewer=Reviewer(signer, "", "reviewer", self.workstation_id), now=now_utc())
        return data

    def plant(self, pdf: bytes, data: dict) -> None:
        """Any file among this laptop's decisions, past the server's checks."""
        object_key = f"decisions/{hashlib.sha256(data['review_id'].encode()).hexdigest()}.sealed"
        put_sealed(self.agency.store, self.agency.records_key, object_key, pdf)
        with transaction(self.agency.engine) as session:
            session.add(ReviewDecisionRow(
                review_id=data["review_id"], visit_id=self.visit_id, case_id=data["case_id"],
                record_sha256=data["record_sha256"], decision=data["decision"], reason=data["reason"],
                reviewer_number=data["reviewer_number"], decided_at=now_utc(), new_case_id=data["new_case_id"],
                received_at=now_utc() + datetime.timedelta(microseconds=len(pdf)), received_from=None,
                object_key=object_key, pdf_sha256=hashlib.sha256(pdf).hexdigest()))

    def waiting_on_server(self) -> list[str]:
        with transaction(self.agency.engine) as session:
            return list(session.execute(text("SELECT review_id FROM review_decisions WHERE delivered_at IS NULL "
                                             "ORDER BY received_at")).scalars())


def decision_world(agency, people: People, directory: Path, server: ServerThread, *,
                   upload: bool = False) -> DecisionWorld:
    """A fresh laptop (its own record), enrolled with `server`, its bundle verified there.
    `upload`: sent through the laptop's upload queue over mutual TLS and verified by a worker, the
    laptop told so (its case page says 已上传 → 已核验); else registered on the server directly."""
    laptop = make_laptop(directory / "data")
    bundle = export_visit(laptop.records, laptop.visit_id, directory / "out", signers=laptop.signers,
                          now=EXPORTED_AT, part_size=PART_SIZE)
    trust(agency, people)
    link = link_demo_laptop(agency.engine, laptop.records, now_utc(), server_url=server.url,
                            ca_passphrase=CA_PASSPHRASE, kdf_params=CHEAP_KDF)
    if upload:
        visit_id = _upload_and_verify(laptop, agency)
    else:
        visit_id = verified_record(agency, bundle.bundle_dir, workstation_id=link.workstation_id)
    return DecisionWorld(laptop, agency, people, server, link.workstation_id, visit_id, Path(bundle.bundle_dir))


def _upload_and_verify(laptop: Laptop, agency) -> str:
    records = laptop.records
    queued = queue.enqueue_case_upload(records, laptop.world.case_id, now_utc(), actor=laptop.world.pair.first)
    runner = UploadRunner(lambda: records, client_options={"retry": QUICK})
    assert runner.run_once()
    assert agency.worker("w").run_one() == "verified"
    assert runner.refresh_statuses(force=True)
    with transaction(agency.engine) as session:
        return session.execute(text("SELECT visit_id FROM review_records WHERE bundle_id = :bundle"),
                               {"bundle": queued.server_bundle}).scalar_one()
