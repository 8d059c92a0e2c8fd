# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/provisioning/: the signed packages read by the spec-only reader and by
verify_provisioning, with the same facts; every refused variant refused by both for the same
reason at the same path; the enrolment code vector typed every way a person may type it."""

from __future__ import annotations

import hashlib
import json

import pytest

from assessment_app.security.certificates import certificate_fingerprint
from assessment_app.security.enrolment_codes import (
    EnrolmentCodeMalformed,
    enrolment_code_matches,
    normalise_enrolment_code,
)
from assessment_app.security.provisioning import ProvisioningError, verify_provisioning
from tests.conftest import VECTORS
from tests.unit.formats.readers import provisioning as reader

DIRECTORY = VECTORS / "provisioning"
INPUTS = json.loads((DIRECTORY / "inputs.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((DIRECTORY / "expected.json").read_text(encoding="utf-8"))
ENROLMENT = json.loads((DIRECTORY / "enrolment.json").read_text(encoding="utf-8"))
AGENCY = (DIRECTORY / "agency.ltc-provisioning.json").read_bytes()


def facts_by_reader(package: reader.Package) -> dict:
    experts = []
    for expert in package.document["experts"]:
        pem = expert["certificate"]
        experts.append({"expert_number": expert["expert_number"], "role": expert["role"],
                        "certificate_fingerprint": None if pem is None else reader.fingerprint(
                            reader.x509.load_pem_x509_certificate(pem.encode())),
                        "enrolment": (expert.get("enrolment") or {}).get("code_hash")})
    return {"canonical_package_sha256": hashlib.sha256(package.canonical).hexdigest(),
            "signed_message_sha256": hashlib.sha256(reader.CONTEXT + package.canonical).hexdigest(),
            "version": package.document["version"], "sequence": package.sequence, "demo": package.document["demo"],
            "signer_ca_fingerprint": reader.fingerprint(package.signer_ca),
            "revocations": [{"issuer_fingerprint": issuer, "serial_number": serial,
                             "revoked_at": revoked_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "reason": reason}
                            for issuer, serial, revoked_at, reason in package.revocations],
            "experts": experts, "workstation": (package.document.get("workstation") or {}).get("id")}


@pytest.mark.parametrize("name", sorted(EXPECTED["accepted"]))
def test_accepted_files_give_the_same_facts_to_the_reader_and_the_application(name):
    data = (DIRECTORY / name).read_bytes()
    expected = {key: value for key, value in EXPECTED["accepted"][name].items() if key != "workstation_rule"}
    assert {"file_sha256": hashlib.sha256(data).hexdigest(), **facts_by_reader(reader.read_signed(data))} == expected
    package = verify_provisioning(data)
    assert (package.version, package.sequence, package.signer_ca_fingerprint) == (
        expected["version"], expected["sequence"], expected["signer_ca_fingerprint"])
    assert [(r.issuer_fingerprint, r.serial_number, r.reason) for r in package.revocations] == [
        (r["issuer_fingerprint"], r["serial_number"], r["reason"]) for r in expected["revocations"]]


def test_the_agency_package_holds_what_its_inputs_say():
    package = reader.read_signed(AGENCY, [INPUTS["fingerprints"]["ca-1"]])
    document = package.document
    assert (document["version"], document["sequence"], document["demo"]) == (2, INPUTS["sequence"], False)
    assert [expert["expert_number"] for expert in document["experts"]] == [
        expert["expert_number"] for expert in INPUTS["experts"]]
    assert document["workstation"]["id"] == INPUTS["workstation"]["id"]
    # CA 1 revoked serial 0x3009; PG-A-002's certificate has that serial but comes from CA 2: not revoked.
    revoked = {(issuer, serial) for issuer, serial, _, _ in package.revocations}
    assert revoked == {(INPUTS["fingerprints"]["ca-1"], entry["serial_number"]) for entry in INPUTS["revoked_by_ca_1"]}
    second = reader.x509.load_pem_x509_certificate(document["experts"][1]["certificate"].encode())
    assert second.serial_number == 0x3009 and (INPUTS["fingerprints"]["ca-2"], 0x3009) not in revoked
    held = verify_provisioning(AGENCY).trust_anchors
    assert held.revocation_of(second, held.ca_certificates[1]) is None
    assert reader.fingerprint(package.signer) == INPUTS["fingerprints"]["signer"] == certificate_fingerprint(
        verify_provisioning(AGENCY).signer_certificate)


def test_version_1_still_reads_as_sequence_0_without_lists_or_codes():
    package = reader.read_signed((DIRECTORY / "agency-v1.ltc-provisioning.json").read_bytes())
    assert (package.document["version"], package.sequence, package.revocations) == (1, 0, [])
    assert not {"sequence", "revocation_lists", "workstation"} & set(package.document)


def test_re_indenting_keeps_the_signed_content():
    reindented = (DIRECTORY / "accepted/reindented.ltc-provisioning.json").read_bytes()
    assert reindented != AGENCY
    assert reader.read_signed(reindented).canonical == reader.read_signed(AGENCY).canonical


def test_an_older_sequence_is_a_valid_file_the_workstation_refuses_by_its_own_rule():
    older = EXPECTED["accepted"]["accepted/older-sequence.ltc-provisioning.json"]
    assert older["sequence"] < INPUTS["sequence"] and "package_older" in older["workstation_rule"]
    assert reader.read_signed((DIRECTORY / "accepted/older-sequence.ltc-provisioning.json").read_bytes()).sequence == 6


@pytest.mark.parametrize("case", EXPECTED["refused"], ids=lambda case: case["file"].split("/")[1].split(".")[0])
def test_refused_files_are_refused_for_the_same_reason_by_the_reader_and_the_application(case):
    data = (DIRECTORY / case["file"]).read_bytes()
    trusted = case.get("trusted_fingerprints")
    with pytest.raises(reader.Refused) as by_reader:
        reader.read_signed(data, trusted)
    with pytest.raises(ProvisioningError) as by_application:
        verify_provisioning(data, trusted_fingerprints=trusted)
    expected = (case["reason"], case["path"])
    assert (by_reader.value.reason, by_reader.value.path) == (by_application.value.reason,
                                                              by_application.value.path) == expected
    if by_reader.value.detail is not None:
        assert by_reader.value.detail == by_application.value.detail == case["detail"]


def test_the_foreign_ca_package_is_well_formed_and_fails_only_the_pin():
    data = (DIRECTORY / "refused/foreign-ca-added-and-re-signed.ltc-provisioning.json").read_bytes()
    assert reader.fingerprint(reader.read_signed(data).signer_ca) == INPUTS["fingerprints"]["foreign-ca"]
    assert verify_provisioning(data).signer_ca_fingerprint == INPUTS["fingerprints"]["foreign-ca"]


# --- enrolment codes -----------------------------------------------------------------------------

def test_every_typed_form_normalises_to_the_code():
    for typed in [ENROLMENT["code"], *ENROLMENT["typed_forms"]]:
        assert reader.normalise_code(typed) == normalise_enrolment_code(typed) == ENROLMENT["normalised"], typed
    for typed, meant in ENROLMENT["confusable_forms"].items():
        assert reader.normalise_code(typed) == normalise_enrolment_code(typed) == meant.replace("-", "")


def test_the_code_hash_is_the_packages_and_verifies_the_code():
    enrolling = [e for e in json.loads(AGENCY)["package"]["experts"] if e.get("enrolment")]
    assert [e["enrolment"]["code_hash"] for e in enrolling] == [ENROLMENT["code_hash"]]
    assert enrolling[0]["enrolment"]["expires_at"] == ENROLMENT["expires_at"]
    params = ENROLMENT["params"]
    assert ENROLMENT["code_hash"].startswith(
        f"$argon2id$v=19$m={params['memory_kib']},t={params['iterations']},p={params['lanes']}$")
    assert reader.enrolment_hash_within_bounds(ENROLMENT["code_hash"])
    assert reader.code_matches(ENROLMENT["typed_forms"][2], ENROLMENT["code_hash"])
    assert not reader.code_matches(ENROLMENT["another_code"], ENROLMENT["code_hash"])
    assert enrolment_code_matches(ENROLMENT["typed_forms"][0], ENROLMENT["code_hash"])


@pytest.mark.parametrize("case", ENROLMENT["not_a_code"], ids=lambda case: case["typed"])
def test_a_text_that_cannot_be_a_code_is_named_the_same_way(case):
    with pytest.raises(reader.Refused) as by_reader:
        reader.normalise_code(case["typed"])
    with pytest.raises(EnrolmentCodeMalformed) as by_application:
        normalise_enrolment_code(case["typed"])
    assert by_reader.value.reason == by_application.value.reason == case["reason"]
