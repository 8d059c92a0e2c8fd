# SPDX-License-Identifier: GPL-3.0-or-later
"""What the review desk's tests share: the agency's trust package (reviewers with keys, an
assessor, an administrator, a revoked reviewer) built under the demo CA, decision files signed
with any of those keys, reviewer sessions, a verified record from the demo bundle, and
hand-made records for the dashboard."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass, field

from sqlalchemy import text

from forms.canonical import canonical_json_bytes, canonical_sha256

from assessment_app.agency.bundle_import import import_bundle_directory
from assessment_app.agency.database import transaction
from assessment_app.agency.record_extraction import joined_record
from assessment_app.agency.records_key import IDENTITY, RecordsKey
from assessment_app.agency.review_models import ReviewRecord
from assessment_app.agency.review_registration import insert_records, refresh_applicant_flags
from assessment_app.agency.review_settings import read_settings
from assessment_app.agency.review_trust import record_trust_package
from assessment_app.agency.reviewer_sessions import Reviewer, challenge_message, new_challenge, sign_challenge, sign_in
from assessment_app.agency.uploads import now_utc
from assessment_app.reports.review_decision import render_review_decision
from assessment_app.reports.signing import sign_report
from assessment_app.security.certificates import (
    certificate_pem,
    derive_ec_private_key,
    generate_key_and_csr,
    sign_csr,
)
from assessment_app.security.provisioning import DEMO_AGENCY, build_demo_provisioning, build_provisioning_package
from assessment_app.security.provisioning_document import ExpertEntry, Recipient
from assessment_app.security.revocation_lists import RevokedCertificate, build_revocation_list
from assessment_app.services.review_decision_file import FORMAT, FORMAT_VERSION, embed_decision

from tests.unit.bundle.conftest import DEMO_SEED, NOW

REVIEWERS = tuple(f"DEMO-R-{number:03d}" for number in range(1, 11))
REVOKED = "DEMO-R-099"
ADMINISTRATOR = "DEMO-ADM-001"
ASSESSOR = "DEMO-A-001"


@dataclass
class People:
    """Keys and certificates by expert number, and the package that lists them."""

    keys: dict = field(default_factory=dict)
    certificates: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    ca_certificate: object = None
    package: bytes = b""


def build_people(sequence: int = 2, *, revoke: tuple[str, ...] = (REVOKED,), at: datetime.datetime | None = None,
                 issued_at: datetime.datetime | None = None) -> People:
    demo = build_demo_provisioning(NOW, DEMO_SEED)
    people = People(ca_certificate=demo.ca_certificate)
    entries = []
    for number, role in (("DEMO-A-001", "assessor"), ("DEMO-A-002", "assessor"), *((n, "reviewer") for n in REVIEWERS),
                         (REVOKED, "reviewer"), (ADMINISTRATOR, "administrator")):
        name = {"DEMO-A-001": "演示评估员甲", "DEMO-A-002": "演示评估员乙", "DEMO-R-001": "演示审核员"}.get(
            number, f"测试审核员{number[-3:]}")
        if number in demo.expert_keys:
            key, certificate = demo.expert_keys[number], demo.expert_certificates[number]
        else:
            key, csr = generate_key_and_csr(name, number, DEMO_AGENCY.code,
                                            private_key=derive_ec_private_key(DEMO_SEED, f"test-expert:{number}"))
            serial = int.from_bytes(hashlib.sha256(number.encode()).digest()[:12], "big") | 1
            certificate = sign_csr(csr, demo.ca_certificate, demo.ca_key, NOW, 1095, serial)
        people.keys[number], people.certificates[number], people.names[number] = key, certificate, name
        entries.append(ExpertEntry(name, number, "测试资格", role, certificate))
    revoked_at = at or NOW + datetime.timedelta(hours=2)
    crl = build_revocation_list(demo.ca_certificate, demo.ca_key,
                                [RevokedCertificate(people.certificates[number].serial_number, revoked_at,
                                                    "key_compromise") for number in revoke],
                                this_update=revoked_at, crl_number=sequence)
    people.package = build_provisioning_package(
        agency=DEMO_AGENCY, sequence=sequence, demo=True, issued_at=issued_at or revoked_at, experts=entries,
        recipients=[Recipient(f"演示机构 {purpose} DEMO", demo.age_recipients[purpose], purpose)
                    for purpose in ("agency", "recovery")],
        ca_certificates=[demo.ca_certificate], revocation_lists=[crl],
        signer_key=demo.signer_key, signer_certificate=demo.signer_certificate)
    return people


def trust(agency, people: People) -> None:
    with transaction(agency.engine) as session:
        record_trust_package(session, people.package, actor="test", now=now_utc())


def session_for(agency, people: People, number: str, workstation_id: str) -> tuple[str, Reviewer]:
    """A signed-in reviewer (without the HTTP layer)."""
    with transaction(agency.engine) as session:
        nonce = new_challenge(session, workstation_id, now_utc())["nonce"]
    signature = sign_challenge(people.keys[number], challenge_message(nonce, workstation_id))
    import base64

    opened = sign_in(agency.engine, workstation_id, nonce=nonce,
                     certificate_pem_text=certificate_pem(people.certificates[number]),
                     signature_b64=base64.b64encode(signature).decode("ascii"), now=now_utc())
    return opened["token"], Reviewer(number, opened["name"], opened["role"], workstation_id)


def signed_decision(people: People, signer: str, *, case_id: str, visit_id: str, record_sha256: str,
                    decision: str = "approved", reason: str = "", when: datetime.datetime | None = None,
                    named: str | None = None) -> tuple[dict, bytes]:
    """A decision file as services/review_decision.sign_decision makes it, signed by any key."""
    when = when or now_utc()
    words = {"approved": "approve", "returned": "return", "recheck_ordered": "review"}
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, "review_id": str(uuid.uuid4()), "case_id": case_id,
            "visit_id": visit_id, "record_sha256": record_sha256, "decision": decision, "reason": reason,
            "reviewer_number": named or signer, "reviewer_name": people.names[signer],
            "decided_at": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "new_case_id": str(uuid.uuid4()) if decision == "recheck_ordered" else None}
    pdf = render_review_decision(agency_name="演示机构", case_id=case_id, visit_id=visit_id, decision=words[decision],
                                 reason=reason or "—", reviewer_name=people.names[signer], reviewer_number=signer,
                                 decided_on=when.date(), record_hash=record_sha256, validation_lines=[])
    pdf = sign_report(embed_decision(pdf, data), field_name="Reviewer", key=people.keys[signer],
                      certificate=people.certificates[signer], ca_certificates=[people.ca_certificate],
                      signer_name=people.names[signer], lock=True, when=when)
    return data, pdf


def verified_record(agency, bundle_directory, workstation_id: str | None = None) -> str:
    """The demo bundle imported and verified: its visit id on the review desk."""
    bundle_id = import_bundle_directory(agency.engine, agency.store, bundle_directory, now_utc())
    if workstation_id is not None:
        with transaction(agency.engine) as session:
            session.execute(text("UPDATE bundles SET workstation_id = :w WHERE id = :b"),
                            {"w": workstation_id, "b": bundle_id})
    assert agency.worker("w").run_one() == "verified"
    with transaction(agency.engine) as session:
        return session.execute(text("SELECT visit_id FROM review_records WHERE bundle_id = :b"),
                               {"b": bundle_id}).scalar_one()


def hand_made(key: RecordsKey, *, visit: str, assessors: tuple[str, str], grade: int | None,
              started: datetime.datetime, duration_minutes: float = 30, district: str | None = "东城区",
              status: str = "pending", changes: int = 0, dual: tuple[int, int] | None = None,
              applicant: str = "110101194001011234", case_created: datetime.datetime | None = None,
              application_type: str = "initial", version: int = 1, case: str | None = None,
              name: str = "测试张三") -> dict:
    """One review_records row with exactly the given facts (for the dashboard's known answers)."""
    record = {"format": "ltc-assess record v1", "visit": {"id": visit, "case_id": case or f"case-{visit}",
                                                          "version": version, "supersedes": None,
                                                          "started_at": started.isoformat()},
              "form": {"id": "cn-ltc-2021", "version": "1.0.0", "sha256": ""}, "engine": {"version": "test"},
              "answers": {}, "answer_history": [], "recording": {"events": []},
              "result": None if grade is None else {"grade": {"code": grade, "label": {"zh_CN": f"等级{grade}"}}}}
    informant = {"name": None, "relation": None, "phone": None}
    identity = {"applicant": {"name": name, "resident_id": applicant, "sex": "male", "birth_date": "1940-01-01",
                              "phone": None, "address": None}, "task_number": None, "informant": informant}
    created = case_created or started - datetime.timedelta(days=10)
    return {"visit_id": visit, "bundle_id": None, "synthetic": True, "case_id": case or f"case-{visit}",
            "version": version, "workstation_id": None, "form_id": "cn-ltc-2021", "form_version": "1.0.0",
            "engine_version": "test", "record_sha256": canonical_sha256(joined_record(record, informant)),
            "application_type": application_type, "district": district, "applicant_key": key.pseudonym(applicant),
            "case_created_at": created, "applied_on": created.date(), "started_at": started,
            "ended_at": started + datetime.timedelta(minutes=duration_minutes), "signed_at": started,
            "duration_seconds": int(duration_minutes * 60), "grade_code": grade, "first_expert": assessors[0],
            "second_expert": assessors[1], "answer_changes": changes, "dual_entry": dual is not None,
            "agreement_equal": dual[0] if dual else None, "agreement_total": dual[1] if dual else None,
            "self_grade": None, "flag_codes": [], "flags": [], "reapplication_codes": [], "record": record,
            "comparison": None, "timeline": None, "parts": None,
            "identity_sealed": key.seal(IDENTITY, f"record:{visit}", canonical_json_bytes(identity)),
            "payload_key_sealed": None, "payload_start": None, "is_newest": True, "review_status": status,
            "review_reason": None, "decided_at": None, "claimed_by": None, "claimed_at": None,
            "claim_expires_at": None, "registered_at": started}


def insert_hand_made(agency, rows: list[dict], *, flags: bool = False) -> None:
    with transaction(agency.engine) as session:
        insert_records(session, rows)
        if flags:
            settings = read_settings(session)
            for applicant in {row["applicant_key"] for row in rows}:
                refresh_applicant_flags(session, applicant, settings)


def record_row(agency, visit_id: str) -> ReviewRecord:
    with transaction(agency.engine) as session:
        row = session.get(ReviewRecord, visit_id)
        session.expunge(row)
        return row
