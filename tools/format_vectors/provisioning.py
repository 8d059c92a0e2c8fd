# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/provisioning/: signed provisioning packages (docs/formats/provisioning.md).

- demo.ltc-provisioning.json: the demo agency, build_demo_provisioning(2025-03-01T08:00Z, 0x00…0x1f).
- agency.ltc-provisioning.json: a version 2 package with everything the format has: two CAs, a
  revocation list per CA (one revoking two serials, one empty), an expert without a certificate
  who has an enrolment code, an expert whose certificate has the serial CA 1 revoked but is
  issued by CA 2 (not revoked: a serial is revoked per CA), the workstation member. Written by
  build_provisioning_package from the fixed keys of keys_for(); CRLs by build_revocation_list,
  the enrolment hash by hash_enrolment_code with a fixed salt (the enrolment.json vector).
- agency-v1.ltc-provisioning.json: the same agency as version 1 (sign_provisioning).
- accepted/: files the format accepts although they differ (re-indented; an older sequence,
  which only a workstation holding a newer package refuses).
- refused/: one fault each, with the reason, path and detail verify_provisioning gives; those
  that need a signature are signed here (deterministic ECDSA), since the code refuses to sign them.
- enrolment.json: an enrolment code, its hash, the forms a person may type it in, and typed
  texts that are not a code.

Certificates and CRLs are signed with deterministic ECDSA (RFC 6979), so every file is remade
byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from assessment_app.security.bech32 import age_identity, age_recipient
from assessment_app.security.certificates import (
    PROVISIONING_SIGNING,
    certificate_fingerprint,
    certificate_pem,
    derive_ec_private_key,
    generate_key_and_csr,
    sign_csr,
)
from assessment_app.security.enrolment_codes import (
    ENROLMENT_PARAMS,
    EnrolmentCodeMalformed,
    enrolment_code_matches,
    hash_enrolment_code,
)
from assessment_app.security.provisioning import (
    SIGNED_FORMAT,
    SIGNING_CONTEXT,
    Agency,
    Enrolment,
    ExpertEntry,
    ProvisioningError,
    Recipient,
    Workstation,
    build_demo_provisioning,
    build_provisioning_package,
    provisioning_document,
    sign_provisioning,
    verify_provisioning,
)
from assessment_app.security.revocation_lists import RevokedCertificate, build_revocation_list, revocation_list_pem
from forms.canonical import canonical_json_bytes
from tools.format_vectors.common import json_file, sha256_hex

UTC = timezone.utc
DEMO_NOW, DEMO_SEED = datetime(2025, 3, 1, 8, 0, tzinfo=UTC), bytes(range(32))
KEY_SEED = b"ltc-assess provisioning vector"
CERTIFIED_AT = datetime(2025, 1, 1, tzinfo=UTC)  # when the CAs and certificates were issued
ISSUED_AT = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
SEQUENCE = 7
AGENCY = Agency("测试向量机构", "VECTOR")
FOREIGN = Agency("另一机构", "OTHER")
ENROLMENT = {"code": "7K3M-Q9TX-2VHD-8RWA", "salt_hex": bytes(range(16)).hex(), "expires_at": "2025-03-15T08:00:00Z",
             "typed_forms": ["7k3m q9tx 2vhd 8rwa", "7K3MQ9TX2VHD8RWA", "７Ｋ３Ｍ－Ｑ９ＴＸ－２ＶＨＤ－８ＲＷＡ",
                             "7K3M_Q9TX_2VHD_8RWA"],
             "confusable_forms": {"OOOO-IIII-LLLL-oooo": "0000-1111-1111-0000"},
             "another_code": "7K3M-Q9TX-2VHD-8RWB",
             "not_a_code": [{"typed": "7K3M-Q9TX-2VHD-8RW", "reason": "wrong_length"},
                            {"typed": "7K3M-Q9TX-2VHD-8RWAA", "reason": "wrong_length"},
                            {"typed": "7K3M-Q9TX-2VHD-8RWU", "reason": "bad_character"},
                            {"typed": "7K3M.Q9TX.2VHD.8RWA", "reason": "bad_character"}]}
# (name, number, role, issuing CA or None, certificate serial)
EXPERTS = [("评估员甲", "PG-A-001", "assessor", "ca-1", 0x3001), ("评估员乙", "PG-A-002", "assessor", "ca-2", 0x3009),
           ("审核员丙", "PG-R-001", "reviewer", None, None), ("管理员丁", "PG-M-001", "administrator", "ca-1", 0x3004)]
QUALIFICATION = "测试向量资格（非真实评估人员）"
ENROLLING = "PG-R-001"
# CA 1 revokes two serials; 0x3009 is also the serial of PG-A-002's certificate from CA 2, which stays valid.
REVOKED = [RevokedCertificate(0x3009, datetime(2025, 2, 20, 10, 0, tzinfo=UTC), "key_compromise"),
           RevokedCertificate(0x300A, datetime(2025, 2, 25, 9, 30, tzinfo=UTC))]
WORKSTATION = {"id": "WS-0042", "name": "长宁 评估笔记本 42", "server_url": "https://agency.example:8443/"}


def keys_for() -> dict:
    """The vector's CAs, signers, expert certificates and age keys, all fixed by KEY_SEED."""
    keys = {label: derive_ec_private_key(KEY_SEED, label) for label in
            ("ca-1", "ca-2", "foreign-ca", "signer", "foreign-signer", "workstation",
             *(f"expert:{number}" for _, number, *_ in EXPERTS))}
    certificates = {"ca-1": _ca(f"{AGENCY.name} CA 1", AGENCY.code, keys["ca-1"], 0x1001),
                    "ca-2": _ca(f"{AGENCY.name} CA 2", AGENCY.code, keys["ca-2"], 0x1002),
                    "foreign-ca": _ca(f"{FOREIGN.name} CA", FOREIGN.code, keys["foreign-ca"], 0x1003)}

    def issue(name, number, code, label, issuer, serial, usages=None):
        _, csr = generate_key_and_csr(name, number, code, private_key=keys[label])
        extra = {} if usages is None else {"extended_key_usages": usages}
        return sign_csr(csr, certificates[issuer], keys[issuer], CERTIFIED_AT, 1095, serial, **extra)

    certificates["signer"] = issue(f"{AGENCY.name} 配置签名", "VECTOR-PROVISIONING", AGENCY.code, "signer", "ca-1",
                                   0x2001, (PROVISIONING_SIGNING,))
    certificates["foreign-signer"] = issue(f"{FOREIGN.name} 配置签名", "OTHER-PROVISIONING", FOREIGN.code,
                                           "foreign-signer", "foreign-ca", 0x2002, (PROVISIONING_SIGNING,))
    for name, number, _, issuer, serial in EXPERTS:
        if issuer is not None:
            certificates[f"expert:{number}"] = issue(name, number, AGENCY.code, f"expert:{number}", issuer, serial)
    certificates["workstation"] = _tls_client(certificates["ca-2"], keys["ca-2"], keys["workstation"])
    ages = {purpose: X25519PrivateKey.from_private_bytes(hashlib.sha256(KEY_SEED + b"age:" + purpose.encode()).digest())
            for purpose in ("agency", "recovery")}
    return {"keys": keys, "certificates": certificates, "age": ages}


def _ca(common_name: str, code: str, key: ec.EllipticCurvePrivateKey, serial: int) -> x509.Certificate:
    # As the agency's authority makes its CA (agency/authority.py), with a fixed serial and key.
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, code)])
    usage = x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(serial).not_valid_before(CERTIFIED_AT).not_valid_after(CERTIFIED_AT + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(usage, critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256(), ecdsa_deterministic=True))


def _tls_client(ca: x509.Certificate, ca_key, key) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, WORKSTATION["name"]),
                         x509.NameAttribute(NameOID.SERIAL_NUMBER, WORKSTATION["id"]),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, AGENCY.code)])
    usage = x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(0x4001).not_valid_before(CERTIFIED_AT).not_valid_after(CERTIFIED_AT + timedelta(days=825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256(), ecdsa_deterministic=True))


def enrolment_hash() -> str:
    return hash_enrolment_code(ENROLMENT["code"], salt=bytes.fromhex(ENROLMENT["salt_hex"]))


def _expires_at() -> datetime:
    return datetime.strptime(ENROLMENT["expires_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def package_values(fixed: dict, *, sequence: int = SEQUENCE, code_hash: str) -> dict:
    """The arguments of build_provisioning_package / provisioning_document for the agency package."""
    certificates, keys = fixed["certificates"], fixed["keys"]
    return dict(
        agency=AGENCY, sequence=sequence, recipients=_recipients(fixed), issued_at=ISSUED_AT,
        experts=[ExpertEntry(name, number, QUALIFICATION, role, certificates.get(f"expert:{number}"),
                             Enrolment(code_hash, _expires_at()) if number == ENROLLING else None)
                 for name, number, role, _, _ in EXPERTS],
        ca_certificates=[certificates["ca-1"], certificates["ca-2"]],
        revocation_lists=[build_revocation_list(certificates["ca-1"], keys["ca-1"], REVOKED, this_update=ISSUED_AT),
                          build_revocation_list(certificates["ca-2"], keys["ca-2"], (), this_update=ISSUED_AT)],
        workstation=Workstation(WORKSTATION["id"], WORKSTATION["name"], certificates["workstation"],
                                WORKSTATION["server_url"]))


def agency_package(fixed: dict, *, sequence: int = SEQUENCE, code_hash: str) -> dict:
    """The version 2 package document (unsigned), as build_provisioning_package writes it."""
    return provisioning_document(**package_values(fixed, sequence=sequence, code_hash=code_hash))


def _recipients(fixed: dict) -> list[Recipient]:
    return [Recipient(f"{AGENCY.name} {label}", age_recipient(fixed["age"][purpose].public_key().public_bytes_raw()),
                      purpose) for purpose, label in (("agency", "机构密钥"), ("recovery", "恢复密钥"))]


def version_1_package(fixed: dict) -> dict:
    document = agency_package(fixed, code_hash=enrolment_hash())
    for name in ("sequence", "revocation_lists", "workstation"):
        del document[name]
    for expert in document["experts"]:
        expert.pop("enrolment", None)
    return {**document, "version": 1}


def signed(package: dict, key, certificate: x509.Certificate) -> bytes:
    """The file as sign_provisioning writes it, without its check: for the refused variants."""
    algorithm = ec.ECDSA(hashes.SHA256(), deterministic_signing=True)
    value = key.sign(SIGNING_CONTEXT + canonical_json_bytes(package), algorithm)
    document = {"format": SIGNED_FORMAT, "version": 1, "package": package,
                "signature": {"algorithm": "ecdsa-sha256", "certificate": certificate_pem(certificate),
                              "value": base64.b64encode(value).decode("ascii")}}
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _refused(fixed: dict, agency_file: bytes, package: dict) -> list[tuple[str, bytes, dict]]:
    """(name, file, expected {reason, path, detail, trusted_fingerprints?}), one fault each."""
    keys, certificates = fixed["keys"], fixed["certificates"]
    own = (keys["signer"], certificates["signer"])
    foreign = (keys["foreign-signer"], certificates["foreign-signer"])

    def variant(**changes):
        return {**json.loads(json.dumps(package)), **changes}

    def crl(issuer: str, signing_key: str, revoked=()):
        return revocation_list_pem(build_revocation_list(certificates[issuer], keys[signing_key], revoked,
                                                         this_update=ISSUED_AT))

    # A CRL naming CA 1 but made with the foreign CA's key: the empty list an attacker would swap in.
    forged_crl = revocation_list_pem(_crl_named_for(certificates["ca-1"], keys["foreign-ca"]))
    experts = json.loads(json.dumps(package["experts"]))
    experts[3]["expert_number"] = "PG-M-002"
    cheap = json.loads(json.dumps(package["experts"]))
    cheap[2]["enrolment"]["code_hash"] = cheap[2]["enrolment"]["code_hash"].replace("m=19456", "m=4")
    not_argon2id = json.loads(json.dumps(package["experts"]))
    not_argon2id[2]["enrolment"]["code_hash"] = not_argon2id[2]["enrolment"]["code_hash"].replace("argon2id", "argon2i")
    recipients = json.loads(json.dumps(package["recipients"]))
    recipients[1]["age_recipient"] = recipients[1]["age_recipient"][:-1] + (
        "q" if recipients[1]["age_recipient"][-1] != "q" else "p")
    workstation = {**package["workstation"], "tls_certificate": certificate_pem(certificates["foreign-signer"])}
    signer_revoked = [build_revocation_list(certificates["ca-1"], keys["ca-1"], [
        *REVOKED, RevokedCertificate(certificates["signer"].serial_number, ISSUED_AT - timedelta(days=1),
                                     "key_compromise")], this_update=ISSUED_AT)]
    pinned = [certificate_fingerprint(certificates["ca-1"])]
    text = agency_file.decode("utf-8")
    return [
        ("value-changed", text.replace(AGENCY.name, "测试向量机木", 1).encode("utf-8"),
         {"reason": "bad_signature", "path": "$.signature.value"}),
        ("signature-of-another-package", signed(variant(sequence=SEQUENCE + 1), *own).replace(
            b'"sequence": 8', b'"sequence": 7'), {"reason": "bad_signature", "path": "$.signature.value"}),
        ("signed-by-a-foreign-signer", signed(package, *foreign),
         {"reason": "signer_not_chained", "path": "$.signature.certificate", "detail": "foreign_ca"}),
        ("foreign-ca-added-and-re-signed", signed(variant(ca_certificates=[
            *package["ca_certificates"], certificate_pem(certificates["foreign-ca"])]), *foreign),
         {"reason": "untrusted_ca", "path": "$.signature.certificate",
          "detail": certificate_fingerprint(certificates["foreign-ca"]), "trusted_fingerprints": pinned}),
        ("signed-by-an-experts-key", signed(package, keys["expert:PG-M-001"], certificates["expert:PG-M-001"]),
         {"reason": "signer_rejected", "path": "$.signature.certificate", "detail": "not_for_signing"}),
        ("signer-revoked-by-its-own-package", signed(variant(revocation_lists=[
            revocation_list_pem(signer_revoked[0]), package["revocation_lists"][1]]), *own),
         {"reason": "signer_rejected", "path": "$.signature.certificate", "detail": "revoked"}),
        ("crl-forged-in-a-package-cas-name", signed(variant(revocation_lists=[
            forged_crl, package["revocation_lists"][1]]), *own),
         {"reason": "crl_not_from_package_ca", "path": "$.package.revocation_lists[0]",
          "detail": certificates["ca-1"].subject.rfc4514_string()}),
        ("crl-of-a-foreign-ca", signed(variant(revocation_lists=[
            package["revocation_lists"][0], crl("foreign-ca", "foreign-ca")]), *own),
         {"reason": "crl_not_from_package_ca", "path": "$.package.revocation_lists[1]",
          "detail": certificates["foreign-ca"].subject.rfc4514_string()}),
        ("two-crls-of-one-ca", signed(variant(revocation_lists=[
            package["revocation_lists"][0], crl("ca-1", "ca-1")]), *own),
         {"reason": "duplicate_crl", "path": "$.package.revocation_lists[1]",
          "detail": certificates["ca-1"].subject.rfc4514_string()}),
        ("enrolment-hash-below-the-bounds", signed(variant(experts=cheap), *own),
         {"reason": "bad_enrolment_hash", "path": "$.package.experts[2].enrolment.code_hash"}),
        # Not of the PHC string's shape at all: a schema problem.
        ("enrolment-hash-not-argon2id", signed(variant(experts=not_argon2id), *own),
         {"reason": "bad_format", "path": "$.package.experts[2].enrolment.code_hash"}),
        ("expert-number-not-the-certificates", signed(variant(experts=experts), *own),
         {"reason": "expert_certificate_mismatch", "path": "$.package.experts[3].certificate",
          "detail": {"certificate_serial_number": "PG-M-001"}}),
        ("age-recipient-checksum", signed(variant(recipients=recipients), *own),
         {"reason": "bad_age_recipient", "path": "$.package.recipients[1].age_recipient", "detail": "bad_checksum"}),
        ("workstation-certificate-of-a-foreign-ca", signed(variant(workstation=workstation), *own),
         {"reason": "workstation_certificate_foreign_ca", "path": "$.package.workstation.tls_certificate"}),
        ("bare-package", (json.dumps(package, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8"),
         {"reason": "unsigned", "path": "$"}),
        ("duplicate-key", text.replace('"demo": false,', '"demo": false,\n    "demo": true,', 1).encode("utf-8"),
         {"reason": "duplicate_key", "path": "$", "detail": "demo"}),
    ]


def _crl_named_for(ca: x509.Certificate, key) -> x509.CertificateRevocationList:
    return (x509.CertificateRevocationListBuilder().issuer_name(ca.subject).last_update(ISSUED_AT)
            .next_update(ISSUED_AT + timedelta(days=30)).add_extension(x509.CRLNumber(2), critical=False)
            .sign(key, hashes.SHA256(), ecdsa_deterministic=True))


def _reversed_keys(value):
    """The same JSON value with every object's keys in reverse order: another text, the same content."""
    if isinstance(value, dict):
        return {key: _reversed_keys(value[key]) for key in reversed(value)}
    return [_reversed_keys(item) for item in value] if isinstance(value, list) else value


def _refusal(data: bytes, trusted) -> dict:
    try:
        verify_provisioning(data, trusted_fingerprints=trusted)
    except ProvisioningError as error:
        return {"reason": error.reason, "path": error.path, "detail": error.detail}
    raise AssertionError("accepted")


def _pem(value) -> bytes:
    if isinstance(value, x509.Certificate):
        return value.public_bytes(serialization.Encoding.PEM)
    return value.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption())


def build(directory: Path) -> dict[str, bytes]:
    fixed = keys_for()
    certificates, keys = fixed["certificates"], fixed["keys"]
    code_hash = enrolment_hash()
    package = agency_package(fixed, code_hash=code_hash)
    agency_file = build_provisioning_package(**package_values(fixed, code_hash=code_hash), signer_key=keys["signer"],
                                             signer_certificate=certificates["signer"])
    assert json.loads(agency_file)["package"] == package
    files = {"demo.ltc-provisioning.json": build_demo_provisioning(DEMO_NOW, DEMO_SEED).package_bytes,
             "agency.ltc-provisioning.json": agency_file,
             "agency-v1.ltc-provisioning.json": sign_provisioning(version_1_package(fixed), keys["signer"],
                                                                  certificates["signer"]),
             "accepted/reindented.ltc-provisioning.json":
                 (json.dumps(_reversed_keys(json.loads(agency_file)), ensure_ascii=False) + "\r\n").encode("utf-8"),
             "accepted/older-sequence.ltc-provisioning.json": sign_provisioning(
                 agency_package(fixed, sequence=SEQUENCE - 1, code_hash=code_hash), keys["signer"],
                 certificates["signer"])}
    refused = []
    for name, data, expected in _refused(fixed, agency_file, package):
        found = _refusal(data, expected.get("trusted_fingerprints"))
        assert {key: found[key] for key in ("reason", "path")} == {key: expected[key] for key in ("reason", "path")} \
            and found["detail"] == expected.get("detail"), (name, found)
        files[f"refused/{name}.ltc-provisioning.json"] = data
        refused.append({"file": f"refused/{name}.ltc-provisioning.json", **expected})
    files.update({f"keys/{name}.pem": _pem(certificates[name]) for name in ("ca-1", "ca-2", "foreign-ca", "signer",
                                                                           "foreign-signer")})
    files.update({f"keys/{name}.key.pem": _pem(keys[name]) for name in ("ca-1", "ca-2", "foreign-ca", "signer",
                                                                       "foreign-signer")})
    files["keys/age-identities.txt"] = "".join(
        f"# {purpose}\n{age_identity(fixed['age'][purpose].private_bytes_raw())}\n"
        for purpose in ("agency", "recovery")).encode("ascii")
    files["enrolment.json"] = json_file(_enrolment_vector(code_hash))
    files["inputs.json"] = json_file(_inputs(certificates))
    files["expected.json"] = json_file(_expected(files, certificates, refused))
    return files


def _enrolment_vector(code_hash: str) -> dict:
    for typed in [ENROLMENT["code"], *ENROLMENT["typed_forms"]]:
        assert enrolment_code_matches(typed, code_hash), typed
    assert not enrolment_code_matches(ENROLMENT["another_code"], code_hash)
    for case in ENROLMENT["not_a_code"]:
        try:
            enrolment_code_matches(case["typed"], code_hash)
            raise AssertionError(case)
        except EnrolmentCodeMalformed as error:
            assert error.reason == case["reason"], case
    return {"format": "docs/formats/provisioning.md, enrolment codes", **ENROLMENT,
            "normalised": ENROLMENT["code"].replace("-", ""),
            "params": {"memory_kib": ENROLMENT_PARAMS.memory_kib, "iterations": ENROLMENT_PARAMS.iterations,
                       "lanes": ENROLMENT_PARAMS.lanes},
            "code_hash": code_hash}


def _inputs(certificates: dict) -> dict:
    return {
        "format": "docs/formats/provisioning.md, versions 1 and 2",
        "demo": {"now": DEMO_NOW.isoformat(), "seed": DEMO_SEED.hex()},
        "agency": {"name": AGENCY.name, "code": AGENCY.code}, "sequence": SEQUENCE,
        "issued_at": ISSUED_AT.isoformat(), "certified_at": CERTIFIED_AT.isoformat(),
        "experts": [{"name": name, "expert_number": number, "role": role, "issuer": issuer,
                     "certificate_serial": serial, "enrolment": number == ENROLLING}
                    for name, number, role, issuer, serial in EXPERTS],
        "revoked_by_ca_1": [{"serial_number": entry.serial_number, "revoked_at": entry.revoked_at.isoformat(),
                             "reason": entry.reason} for entry in REVOKED],
        "workstation": WORKSTATION,
        "keys": "keys/: the CAs' and signers' certificates and P-256 keys (PKCS#8, unencrypted; test keys), "
                "the age identities of the two recipients; derived from the seed below",
        "key_seed": KEY_SEED.decode("ascii"),
        "fingerprints": {name: certificate_fingerprint(certificates[name])
                         for name in ("ca-1", "ca-2", "foreign-ca", "signer")}}


def _expected(files: dict, certificates: dict, refused: list) -> dict:
    accepted = {}
    for name in ("demo.ltc-provisioning.json", "agency.ltc-provisioning.json", "agency-v1.ltc-provisioning.json",
                 "accepted/reindented.ltc-provisioning.json", "accepted/older-sequence.ltc-provisioning.json"):
        package = verify_provisioning(files[name])
        canonical = canonical_json_bytes(package.document)
        accepted[name] = {
            "file_sha256": sha256_hex(files[name]), "canonical_package_sha256": sha256_hex(canonical),
            "signed_message_sha256": sha256_hex(SIGNING_CONTEXT + canonical),
            "version": package.version, "sequence": package.sequence, "demo": package.demo,
            "signer_ca_fingerprint": package.signer_ca_fingerprint,
            "revocations": [{"issuer_fingerprint": entry.issuer_fingerprint, "serial_number": entry.serial_number,
                             "revoked_at": entry.revoked_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "reason": entry.reason}
                            for entry in package.revocations],
            "experts": [{"expert_number": expert.expert_number, "role": expert.role,
                         "certificate_fingerprint": None if expert.certificate is None else
                         certificate_fingerprint(expert.certificate),
                         "enrolment": None if expert.enrolment is None else expert.enrolment.code_hash}
                        for expert in package.experts],
            "workstation": None if package.workstation is None else package.workstation.workstation_id}
    accepted["accepted/older-sequence.ltc-provisioning.json"]["workstation_rule"] = (
        f"package_older on a workstation that holds sequence {SEQUENCE} (held {SEQUENCE}, given {SEQUENCE - 1})")
    return {"accepted": accepted, "refused": refused}
