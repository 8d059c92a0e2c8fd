# SPDX-License-Identifier: GPL-3.0-or-later
"""Two experts sign in turn, the second locks; our verify and poppler's pdfsig agree on what
is intact, and refuse or flag everything else."""

from __future__ import annotations

import dataclasses
import io
from datetime import timedelta

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from assessment_app.reports import ReportSigningError, all_valid, render_draft, sign_report_with_outcome, verify_report
from assessment_app.reports.layout import render_report, signing_order
from assessment_app.security.certificates import CertificateRejected, create_demo_ca, derive_ec_private_key
from tests.unit.reports.conftest import NOW, SEED, issue, run_tool, sign


def pdfsig_validations(pdf: bytes, tmp_path) -> list[str]:
    output = run_tool("pdfsig", "-nocert", "{pdf}", data=pdf, tmp_path=tmp_path)
    return [line.split(":", 1)[1].strip() for line in output.splitlines() if "Signature Validation:" in line]


def test_two_signatures_are_intact_valid_and_the_last_covers_the_file(signed_twice, ca):
    first, second = verify_report(signed_twice, [ca[0]], at=NOW)
    assert (first.field_name, first.signer_common_name, first.signer_number) == ("Expert1", "张明华", "DEMO-0001")
    assert (second.field_name, second.signer_common_name) == ("Expert2", "陈丽")
    for status in (first, second):
        assert status.intact and status.valid and status.trusted and status.docmdp_ok and status.ok
        assert status.signing_time == NOW
    assert not first.covers_whole_file and first.modifications == "form_filling"
    assert second.covers_whole_file and second.docmdp_level == "no_changes"
    assert all_valid([first, second])


def test_pdfsig_reports_both_signatures_valid(signed_twice, tmp_path):
    assert pdfsig_validations(signed_twice, tmp_path) == ["Signature is Valid."] * 2


def test_signing_a_locked_report_is_refused(signed_twice, ca, experts):
    with pytest.raises(ReportSigningError) as error:
        sign(signed_twice, ca, experts[0], "AgencySeal", lock=False)
    assert error.value.reason == "document_locked"


def test_a_change_appended_after_the_lock_is_reported(signed_twice, ca):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_twice))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    first, second = verify_report(out.getvalue(), [ca[0]], at=NOW)
    assert second.intact and not second.covers_whole_file
    assert not second.docmdp_ok and not second.ok
    assert not all_valid([first, second])


def flip_byte_in_first_content_stream(pdf: bytes) -> bytes:
    start = pdf.index(b"stream\n", pdf.index(b"/Filter")) + len(b"stream\n") + 20
    return pdf[:start] + bytes([pdf[start] ^ 0x01]) + pdf[start + 1:]


def test_one_changed_byte_breaks_both_signatures_for_us_and_pdfsig(signed_twice, ca, tmp_path):
    tampered = flip_byte_in_first_content_stream(signed_twice)
    assert len(tampered) == len(signed_twice) and tampered != signed_twice
    statuses = verify_report(tampered, [ca[0]], at=NOW)
    assert [s.intact for s in statuses] == [False, False] and not all_valid(statuses)
    validations = pdfsig_validations(tampered, tmp_path)
    assert len(validations) == 2 and all(v != "Signature is Valid." for v in validations), validations


def test_expired_certificate_is_refused_and_nothing_is_signed(report_pdf, ca):
    key, certificate = issue(ca, "过期者", "DEMO-0009", 1009, issued=NOW - timedelta(days=40), days=10)
    with pytest.raises(CertificateRejected) as error:
        sign_report_with_outcome(report_pdf, field_name="Expert1", key=key, certificate=certificate,
                                 ca_certificates=[ca[0]], signer_name="过期者", lock=False, when=NOW)
    assert error.value.reason == "expired"


def test_certificate_of_another_ca_is_refused(report_pdf, ca):
    other = create_demo_ca("别的机构", NOW - timedelta(days=10), 3650, key=derive_ec_private_key(SEED, "other"))
    key, certificate = issue(other, "外人", "DEMO-0010", 1010)
    with pytest.raises(CertificateRejected) as error:
        sign(report_pdf, ca, (key, certificate), "Expert1", lock=False)
    assert error.value.reason == "foreign_ca"


def test_verification_against_another_ca_is_not_trusted(signed_twice):
    other = create_demo_ca("别的机构", NOW - timedelta(days=10), 3650, key=derive_ec_private_key(SEED, "other"))[0]
    statuses = verify_report(signed_twice, [other], at=NOW)
    assert all(s.intact and not s.trusted and not s.valid for s in statuses)


def test_without_trust_anchors_only_integrity_is_judged(signed_twice):
    statuses = verify_report(signed_twice, [], at=NOW)
    assert all(s.intact and s.valid and not s.trust_checked for s in statuses)


def test_the_first_expert_cannot_lock_and_the_last_must(report_pdf, ca, experts):
    with pytest.raises(ReportSigningError) as early:
        sign(report_pdf, ca, experts[0], "Expert1", lock=True)
    assert early.value.reason == "field_cannot_lock"
    with pytest.raises(ReportSigningError) as late:
        sign(report_pdf, ca, experts[1], "Expert2", lock=False)
    assert late.value.reason == "field_locks_document"


def test_a_signed_field_cannot_be_signed_again(report_pdf, ca, experts):
    once = sign(report_pdf, ca, experts[0], "Expert1", lock=False)
    with pytest.raises(ReportSigningError) as error:
        sign(once, ca, experts[1], "Expert1", lock=False)
    assert error.value.reason == "field_already_signed"


def test_unreachable_timestamp_server_signs_without_and_says_so(report_pdf, ca, experts):
    key, certificate = experts[0]
    outcome = sign_report_with_outcome(report_pdf, field_name="Expert1", key=key, certificate=certificate,
                                       ca_certificates=[ca[0]], signer_name="张明华", lock=False, when=NOW,
                                       timestamp_url="http://127.0.0.1:9/tsa")
    assert outcome.timestamp == "unavailable"
    [status] = verify_report(outcome.pdf, [ca[0]], at=NOW)
    assert status.ok and not status.timestamped


def test_draft_has_no_signature_fields_and_cannot_be_signed(content, ca, experts):
    draft = render_draft(content)
    assert verify_report(draft, [ca[0]]) == [] and not all_valid([])
    with pytest.raises(ReportSigningError) as error:
        sign(draft, ca, experts[0], "Expert1", lock=False)
    assert error.value.reason == "no_such_field"


def test_not_a_pdf_is_refused(ca, experts):
    with pytest.raises(ReportSigningError) as error:
        sign(b"not a pdf at all", ca, experts[0], "Expert1", lock=False)
    assert error.value.reason == "not_a_pdf"


def test_with_the_agency_seal_the_seal_signs_last_and_locks(content, ca, experts):
    sealed_content = dataclasses.replace(content, agency_seal=True)
    assert signing_order(sealed_content) == ("Expert1", "Expert2", "AgencySeal")
    seal = issue(ca, "演示机构电子印章", "DEMO-SEAL", 1003)
    pdf = render_report(sealed_content)
    pdf = sign(pdf, ca, experts[0], "Expert1", lock=False)
    pdf = sign(pdf, ca, experts[1], "Expert2", lock=False)
    pdf = sign(pdf, ca, seal, "AgencySeal", lock=True)
    statuses = verify_report(pdf, [ca[0]])
    assert [status.field_name for status in statuses] == ["Expert1", "Expert2", "AgencySeal"]
    assert all(status.intact and status.valid for status in statuses)
    assert statuses[-1].covers_whole_file
    with pytest.raises(ReportSigningError, match="document_locked"):
        sign(pdf, ca, experts[0], "Expert1", lock=False)
