# SPDX-License-Identifier: GPL-3.0-or-later
"""Decision import on the laptop: accepted only when signed by a reviewer the agency's package lists
as such, with a certificate of this agency's CA that is valid when it signed and not revoked at
the moment of import, and only for the record hash this laptop signed. The attacks: an "approved"
decision signed with an assessor's own key; one signed by a reviewer the agency has revoked; one
for another record hash (or for a record never signed); one from another agency's CA."""

from __future__ import annotations

import datetime
import json

import pytest
from sqlalchemy import func, select

from assessment_app.cli import main
from assessment_app.messages import describe_error
from assessment_app.reports.review_decision import render_review_decision
from assessment_app.reports.signing import sign_report
from assessment_app.security.provisioning import DEMO_AGENCY, build_demo_provisioning
from assessment_app.security.revocation_lists import RevokedCertificate
from assessment_app.services.provisioning_import import import_provisioning
from assessment_app.services.review_decision import ReviewError, import_decision, read_decision_file
from assessment_app.services.case_records import initialise_case_records, open_case_records
from assessment_app.services.review_decision_file import FORMAT, FORMAT_VERSION, embed_decision
from assessment_app.services.visit_report import stored_report
from assessment_app.storage.models import Case, Review, VisitWorkflow, new_id, utc_timestamp
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.review.scenario import DEMO_SEED, demo_package, demo_sign_in, demo_world, signed_visit
from tests.unit.services.conftest import NOW
from tests.unit.visit.steps import ready_visit

DECIDED = NOW + datetime.timedelta(hours=1)
IMPORTED = NOW + datetime.timedelta(hours=2)


@pytest.fixture(scope="module")
def demo():
    return build_demo_provisioning(NOW, DEMO_SEED)


@pytest.fixture
def world(records):
    return demo_world(records)


def record_hash(records, visit_id) -> str | None:
    with unit_of_work(records.engine) as session:
        return session.get(VisitWorkflow, visit_id).record_sha256


def decision_file(tmp_path, world, visit_id, *, number, key, certificate, cas, record_sha256, when=DECIDED) -> str:
    """A decision file as the agency's decide() writes it, signed by whoever holds `key`."""
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, "review_id": new_id(), "case_id": world.case_id,
            "visit_id": visit_id, "record_sha256": record_sha256, "decision": "approved", "reason": "",
            "reviewer_number": number, "reviewer_name": "签署人", "decided_at": utc_timestamp(when),
            "new_case_id": None}
    pdf = render_review_decision(agency_name=DEMO_AGENCY.name, case_id=world.case_id, visit_id=visit_id,
                                 decision="approve", reason="—", reviewer_name="签署人", reviewer_number=number,
                                 decided_on=when.date(), record_hash=record_sha256 or "", validation_lines=[])
    signed = sign_report(embed_decision(pdf, data), field_name="Reviewer", key=key, certificate=certificate,
                         ca_certificates=cas, signer_name="签署人", lock=True, when=when)
    path = tmp_path / f"{data['review_id']}.decision.pdf"
    path.write_bytes(signed)
    return path


def signed_by(demo, number: str, tmp_path, world, visit_id, **changes):
    options = {"number": number, "key": demo.expert_keys[number], "certificate": demo.expert_certificates[number],
               "cas": [demo.ca_certificate], "record_sha256": record_hash(world.records, visit_id)}
    return decision_file(tmp_path, world, visit_id, **{**options, **changes})


def refused(records, path, world, now=IMPORTED) -> ReviewError:
    """Refused for the visit's first expert, who may import decisions: nothing closed, nothing stored."""
    with pytest.raises(ReviewError) as error:
        import_decision(records, path, actor=world.pair.first, now=now)
    with unit_of_work(records.engine) as session:
        assert session.get(Case, world.case_id).status != "closed"
        assert session.scalar(select(func.count()).select_from(Review)) == 0
    return error.value


def test_the_reviewers_decision_for_this_record_is_accepted(records, world, demo, tmp_path):
    visit_id = signed_visit(world)
    imported = import_decision(records, signed_by(demo, "DEMO-R-001", tmp_path, world, visit_id),
                               actor=world.pair.first, now=IMPORTED)
    assert imported.decision == "approved"
    with unit_of_work(records.engine) as session:
        assert session.get(Case, world.case_id).status == "closed"


def test_an_approval_signed_with_an_assessors_own_key_is_refused(records, world, demo, tmp_path):
    visit_id = signed_visit(world)
    forged = signed_by(demo, "DEMO-A-001", tmp_path, world, visit_id)
    error = refused(records, forged, world)
    assert (error.reason, error.detail) == ("signer_not_a_reviewer", "DEMO-A-001: assessor")
    assert describe_error(error, "zh_CN").startswith("签署人不是机构配置包中的审核人员（DEMO-A-001: assessor）")


def test_a_decision_of_a_reviewer_the_agency_revoked_is_refused(records, world, demo, tmp_path):
    visit_id = signed_visit(world)
    path = signed_by(demo, "DEMO-R-001", tmp_path, world, visit_id)
    assert read_decision_file(records, path.read_bytes(), now=IMPORTED)  # valid until the agency says otherwise
    reviewer = demo.expert_certificates["DEMO-R-001"]
    revoked = [RevokedCertificate(reviewer.serial_number, DECIDED + datetime.timedelta(minutes=30), "key_compromise")]
    package = demo_package(demo, sequence=2, issued_at=DECIDED + datetime.timedelta(minutes=40), revoked=revoked)
    import_provisioning(records, package, confirm_fingerprint=None, now=DECIDED + datetime.timedelta(minutes=45),
                        actor=world.admin)
    # Signed before the revocation, as the file claims; the claim is not a trusted clock, the import is.
    error = refused(records, path, world)
    assert (error.reason, error.detail) == ("decision_signature_invalid", "revoked")
    assert "签署人的证书已被机构吊销" in describe_error(error, "zh_CN")


@pytest.mark.parametrize("other", ["0" * 64, None], ids=["another_hash", "no_hash"])
def test_a_decision_about_another_record_is_refused(records, world, demo, tmp_path, other):
    visit_id = signed_visit(world) if other else ready_visit(world)  # no_hash: a record never signed
    error = refused(records, signed_by(demo, "DEMO-R-001", tmp_path, world, visit_id, record_sha256=other), world)
    assert error.reason == "decision_record_mismatch"


def test_a_decision_from_another_agencys_ca_is_refused(records, world, tmp_path):
    visit_id = signed_visit(world)
    other = build_demo_provisioning(NOW, b"\x08" * 32)  # same agency code, same reviewer number, another CA
    error = refused(records, signed_by(other, "DEMO-R-001", tmp_path, world, visit_id), world)
    assert (error.reason, error.detail) == ("decision_signature_invalid", "not_trusted")
    assert "签名证书不是由本机构的 CA 签发的" in describe_error(error, "zh_CN")



def test_a_decision_altered_after_signing_is_named_altered_not_a_foreign_signature(records, world, demo, tmp_path):
    # One hex digit of the embedded decision changed inside the signed range: the certificate is the
    # agency's own, so "not issued by this agency's CA" would send the administrator the wrong way.
    pdf = decision_file(tmp_path, world, "visit-never-held", number="DEMO-R-001", key=demo.expert_keys["DEMO-R-001"],
                        certificate=demo.expert_certificates["DEMO-R-001"], cas=[demo.ca_certificate],
                        record_sha256="ab" * 32).read_bytes()
    start = pdf.rindex(b"/LTCReviewDecision <") + len(b"/LTCReviewDecision <") + 20
    altered = pdf[:start] + (b"0" if pdf[start:start + 1] != b"0" else b"1") + pdf[start + 1:]
    with pytest.raises(ReviewError) as error:
        read_decision_file(records, altered, now=IMPORTED)
    assert (error.value.reason, error.value.detail) == ("decision_signature_invalid", "altered")
    assert "签名之后文件内容被改动" in describe_error(error.value, "zh_CN")

# --- the signed report, checked against the workstation's trust -------------------------------------

def test_report_verify_with_the_data_directory_honours_the_agencys_revocations(tmp_path, memory_keyring, demo,
                                                                                capsys):
    passphrase_file = tmp_path / "admin.txt"
    passphrase_file.write_text("Agency-Admin-2026\n", encoding="utf-8")
    with initialise_case_records(tmp_path / "laptop", "Agency-Admin-2026", memory_keyring) as laptop:
        world = demo_world(laptop)
        report = tmp_path / "report.pdf"
        report.write_bytes(stored_report(laptop, signed_visit(world), actor=world.pair.first))
    command = ["--lang", "en", "report", "verify", str(report), "--data-dir", str(tmp_path / "laptop"),
               "--passphrase-file", str(passphrase_file), "--json"]
    assert main(command) == 0
    assert json.loads(capsys.readouterr().out)["trust_checked"]
    assessor = demo.expert_certificates["DEMO-A-001"]
    with open_case_records(tmp_path / "laptop", "Agency-Admin-2026", memory_keyring) as laptop:
        import_provisioning(laptop, demo_package(demo, sequence=2, issued_at=IMPORTED, revoked=[
            RevokedCertificate(assessor.serial_number, DECIDED, "key_compromise")]), confirm_fingerprint=None,
            now=IMPORTED, actor=demo_sign_in(laptop, "DEMO-M-001"))
    assert main(command) == 1  # signed before the revocation by its own clock; no trusted time says so
    signatures = json.loads(capsys.readouterr().out)["signatures"]
    assert [s["certificate_problem"] for s in signatures] == ["revoked", None]
    assert signatures[0]["certificate_detail"]["revocation_reason"] == "key_compromise"
    assert main(command[:-1]) == 1
    assert "the agency revoked the certificate on" in capsys.readouterr().out
