# SPDX-License-Identifier: GPL-3.0-or-later
"""Version 2 of the provisioning package beyond sequence, codes and revocations: the workstation's
own entry (stored for the agency server, issue 17) and the rules a schema alone cannot state."""

from __future__ import annotations

import json

import pytest

from assessment_app.security.certificates import certificate_pem
from assessment_app.security.provisioning import ProvisioningError, sign_provisioning
from assessment_app.services.provisioning_import import import_provisioning
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.security_storage.conftest import NOW, make_agency


def with_workstation(agency, certificate) -> dict:
    document = json.loads(agency.package())["package"]
    document["workstation"] = {"id": "WS-0042", "name": "长宁 评估笔记本 42", "tls_certificate": certificate_pem(certificate),
                               "server_url": "https://agency.example:8443/"}
    return document


def test_the_workstation_entry_is_checked_and_stored(records, agency):
    _, certificate = agency.issue("长宁 评估笔记本 42", "WS-0042")
    data = sign_provisioning(with_workstation(agency, certificate), agency.signer_key, agency.signer_certificate)
    import_provisioning(records, data, confirm_fingerprint=agency.fingerprint, now=NOW)
    with unit_of_work(records.engine) as session:
        stored = json.loads(session.get(Agency, 1).workstation_json)
    assert (stored["id"], stored["server_url"]) == ("WS-0042", "https://agency.example:8443/")
    assert stored["tls_certificate"] == certificate_pem(certificate)


def test_a_workstation_certificate_of_another_ca_is_refused(agency):
    _, foreign = make_agency("外来机构", "PG-OTHER", label="foreign").issue("笔记本", "WS-0042")
    with pytest.raises(ProvisioningError) as error:
        sign_provisioning(with_workstation(agency, foreign), agency.signer_key, agency.signer_certificate)
    assert (error.value.reason, error.value.path) == ("workstation_certificate_foreign_ca",
                                                      "$.package.workstation.tls_certificate")


@pytest.mark.parametrize("mutate, reason, path", [
    (lambda d: d.update(sequence=0), "too_small", "$.package.sequence"),
    (lambda d: d.pop("sequence"), "missing", "$.package.sequence"),
    (lambda d: d.pop("revocation_lists"), "missing", "$.package.revocation_lists"),
    (lambda d: d["experts"][0]["enrolment"].update(code_hash="7K3M-Q9TX-2VHD-8RWA"), "bad_format",
     "$.package.experts[0].enrolment.code_hash"),
    (lambda d: d["experts"][0]["enrolment"].update(code_hash="$argon2id$v=19$m=999999999,t=1,p=1$AAAA$AAAA"),
     "bad_enrolment_hash", "$.package.experts[0].enrolment.code_hash"),
    (lambda d: d.update(workstation={"id": "WS-1", "name": "x", "tls_certificate": "-----BEGIN CERTIFICATE-----\n",
                                     "server_url": "http://plain.example/"}), "bad_format",
     "$.package.workstation.server_url"),
    (lambda d: d.update(version=1), "unexpected_key", "$.package.experts[0].enrolment"),
])
def test_version_2_rules_name_the_path(agency, mutate, reason, path):
    document = json.loads(agency.package())["package"]
    mutate(document)
    with pytest.raises(ProvisioningError) as error:
        sign_provisioning(document, agency.signer_key, agency.signer_certificate)
    assert (error.value.reason, error.value.path) == (reason, path)
