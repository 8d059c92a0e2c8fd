# SPDX-License-Identifier: GPL-3.0-or-later
"""Replay: the workstation keeps the sequence and content hash of the package it holds and refuses
an older one, or another with the same sequence. The attack: an administrator the agency removed
(with the old recipients and CA list) comes back by the package from before. The removed one can no
longer sign in to import it; the administrator who stays (PG-M-002, tricked or colluding) can."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from assessment_app.messages import describe_error
from assessment_app.security.certificates import certificate_pem
from assessment_app.security.provisioning import sign_provisioning
from assessment_app.services.provisioning_import import ProvisioningImportError, import_provisioning
from assessment_app.storage.models import Expert
from assessment_app.storage.security_models import Account, Agency, AuditRecord, SigningIdentity
from assessment_app.storage.unit_of_work import unit_of_work

from tests.actors import sign_in
from tests.unit.security_storage.conftest import EXPERTS, NOW, administrator, create_agency_ca, make_agency

DEPUTY = ("管理员周", "PG-M-002", "administrator")  # the administrator who stays and imports
WITH_BOTH = EXPERTS + (DEPUTY,)
WITHOUT_ADMINISTRATOR = EXPERTS[:3] + (DEPUTY,)


def held(records) -> tuple:
    with unit_of_work(records.engine) as session:
        agency = session.get(Agency, 1)
        administrator = session.scalar(select(Expert).where(Expert.expert_number == "PG-M-001"))
        counts = tuple(session.scalar(select(func.count()).select_from(table))
                       for table in (Expert, Account, SigningIdentity, AuditRecord))
        return (agency.package_sequence, agency.package_sha256, agency.recipients_json, agency.ca_certificates_pem,
                administrator.active, administrator.provisioned_role, counts)


def deputy(records):
    return sign_in(records, "PG-M-002", "administrator")


def refusal(records, data, now, actor) -> ProvisioningImportError:
    before = held(records)
    with pytest.raises(ProvisioningImportError) as error:
        import_provisioning(records, data, confirm_fingerprint=None, now=now, actor=actor)
    assert held(records) == before  # nothing changed, not even an audit event
    return error.value


@pytest.fixture
def two_packages(records, agency):
    """Package 1 lists both administrators; package 2 removes PG-M-001, adds a second CA and a
    new recovery recipient. Returns both packages and the deputy's session."""
    first = agency.package(WITH_BOTH, issued_at=NOW)
    import_provisioning(records, first, confirm_fingerprint=agency.fingerprint, now=NOW)
    importer = deputy(records)
    second_document = json.loads(agency.package(WITHOUT_ADMINISTRATOR, issued_at=NOW + timedelta(days=1)))["package"]
    second_document["ca_certificates"].append(certificate_pem(create_agency_ca("新 CA", NOW, 3650, make_agency(
        code="PG-NEW").ca_key)))
    second_document["recipients"][1]["age_recipient"] = json.loads(
        make_agency(code="PG-OTHER").package())["package"]["recipients"][1]["age_recipient"]
    second = sign_provisioning(second_document, agency.signer_key, agency.signer_certificate)
    result = import_provisioning(records, second, confirm_fingerprint=None, now=NOW + timedelta(days=1),
                                 actor=importer)
    assert result.sequence == 2 and result.experts_deactivated == ("PG-M-001",)
    return first, second, importer


def test_the_older_package_cannot_bring_the_removed_administrator_back(records, two_packages):
    first, _, importer = two_packages
    before = held(records)
    assert before[:1] == (2,) and before[4:6] == (False, None)
    error = refusal(records, first, NOW + timedelta(days=2), importer)
    assert (error.reason, error.held, error.given) == ("package_older", 2, 1)
    assert describe_error(error, "zh_CN").startswith("本机已有第 2 号配置包，给出的是更早的第 1 号")
    assert "holds provisioning package no. 2; the one given is the older no. 1" in describe_error(error, "en")


def test_another_package_with_the_held_sequence_is_refused(records, agency, two_packages):
    agency.sequence = 1  # the next package is numbered 2 again, with other content
    error = refusal(records, agency.package(EXPERTS, issued_at=NOW + timedelta(days=3)), NOW + timedelta(days=3),
                    two_packages[2])
    assert (error.reason, error.held, error.given) == ("package_sequence_reused", 2, 2)
    assert "同样是第 2 号但内容不同" in describe_error(error, "zh_CN")


def test_a_version_1_package_counts_as_sequence_0(records, agency, two_packages):
    error = refusal(records, agency.package(EXPERTS, version=1), NOW + timedelta(days=3), two_packages[2])
    assert (error.reason, error.held, error.given) == ("package_older", 2, 0)


def test_the_identical_package_again_is_a_no_op_even_re_indented(records, two_packages):
    _, second, importer = two_packages
    before = held(records)
    assert import_provisioning(records, second, confirm_fingerprint=None, now=NOW + timedelta(days=5),
                               actor=importer).unchanged
    reindented = json.dumps(json.loads(second), ensure_ascii=False, indent=4).encode("utf-8")
    assert import_provisioning(records, reindented, confirm_fingerprint=None, now=NOW + timedelta(days=5),
                               actor=importer).unchanged
    assert held(records) == before


def test_a_newer_package_is_imported_and_its_sequence_held(records, agency, two_packages):
    result = import_provisioning(records, agency.package(EXPERTS, issued_at=NOW + timedelta(days=4)),
                                 confirm_fingerprint=None, now=NOW + timedelta(days=4), actor=two_packages[2])
    assert result.sequence == 3 and held(records)[0] == 3 and held(records)[4:6] == (True, "administrator")


def test_a_workstation_holding_a_version_1_package_takes_version_2(records, agency):
    import_provisioning(records, agency.package(version=1), confirm_fingerprint=agency.fingerprint, now=NOW)
    assert held(records)[0] == 0
    # Its administrator set their passphrase before codes existed (tests/actors.enrol stands in for that).
    result = import_provisioning(records, agency.package(), confirm_fingerprint=None, now=NOW,
                                 actor=administrator(records))
    # A code for each of the three still waiting; the administrator has enrolled already.
    assert result.sequence == 1 and result.enrolment_codes == 3
