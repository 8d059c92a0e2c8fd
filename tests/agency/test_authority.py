# SPDX-License-Identifier: GPL-3.0-or-later
"""The authority on the server against a real PostgreSQL: experts with their certificates and
one-time codes, revocation lists, provisioning packages with an agency-wide increasing sequence,
and the attacks on each (a code kept in the clear, a forged or foreign request, a revoked
workstation asking for a package, a wrong CA passphrase)."""

from __future__ import annotations

import datetime
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select, text

from assessment_app.agency.audit import verify_trail
from assessment_app.agency.authority import initialise_authority, issue_workstation, revoke_workstation
from assessment_app.agency.authority_models import Expert, ExpertCertificate, ProvisioningPackageRecord
from assessment_app.agency.database import open_engine, transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.experts import ExpertRequest, add_expert, disable_expert, issue_new_code, revoke_expert
from assessment_app.agency.models import AuditEvent
from assessment_app.agency.provisioning import build_workstation_package, continue_sequence_after
from assessment_app.agency.recipients import new_identity
from assessment_app.security.certificates import (
    PROVISIONING_SIGNING, certificate_fingerprint, create_demo_ca, generate_key_and_csr, load_pkcs12,
    validate_certificate,
)
from assessment_app.security.enrolment_codes import enrolment_code_matches
from assessment_app.security.provisioning import build_demo_provisioning, verify_provisioning

from tests.actors import CHEAP_KDF
from tests.agency.conftest import CA_PASSPHRASE
from tests.unit.bundle.conftest import DEMO_SEED, NOW

T0 = datetime.datetime(2026, 12, 5, 8, 0, tzinfo=datetime.timezone.utc)
SERVER = "https://agency.example:8443"
P12_PASSWORD = "p12-password-for-the-expert"


class RealAgency:
    """An initialised agency with its own (non-demo) CA, recipients, and helpers for the tests."""

    def __init__(self, engine, trusted=()):
        self.engine = engine
        self.agency_identity, self.recovery_identity = new_identity(), new_identity()
        with transaction(engine) as session:
            self.ca = initialise_authority(
                session, name="某市医疗保障局", code="SZ-LTC", passphrase=CA_PASSPHRASE, now=T0, trusted=trusted,
                recipients=(("agency", self.agency_identity.recipient), ("recovery", self.recovery_identity.recipient)),
                kdf_params=CHEAP_KDF)

    def expert(self, number: str, role: str = "assessor", *, name: str | None = None, at=T0, **key):
        if not key:
            key = {"pkcs12_password": P12_PASSWORD}
        with transaction(self.engine) as session:
            return add_expert(session, ExpertRequest(name or f"专家{number[-3:]}", number, "评估师（二级）", role),
                              passphrase=CA_PASSPHRASE, now=at, code_params=CHEAP_KDF, **key)

    def workstation(self, name: str = "评估笔记本-07", csr=None):
        with transaction(self.engine) as session:
            return issue_workstation(session, name=name, passphrase=CA_PASSPHRASE, now=T0, csr=csr)

    def package(self, workstation_id: str, at=T0, url=SERVER):
        with transaction(self.engine) as session:
            return build_workstation_package(session, workstation_id, passphrase=CA_PASSPHRASE, now=at, server_url=url,
                                             kdf_params=CHEAP_KDF)


@pytest.fixture
def authority(database_url):
    engine = open_engine(database_url, pool_size=5, max_overflow=10)
    yield RealAgency(engine)
    engine.dispose()


def test_an_expert_gets_a_certificate_under_the_agency_ca_and_a_code_kept_only_as_a_hash(authority):
    added = authority.expert("SZ-A-001")
    key, certificate, chain = load_pkcs12(added.pkcs12, P12_PASSWORD)
    assert certificate == added.certificate and [certificate_fingerprint(ca) for ca in chain] == [authority.ca.fingerprint]
    ca = x509.load_pem_x509_certificate(authority.ca.certificate_pem.encode())
    validate_certificate(certificate, [ca], T0)  # a document-signing certificate the laptop accepts
    assert certificate.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value == "SZ-A-001"
    with transaction(authority.engine) as session:
        stored = session.scalar(select(Expert).where(Expert.expert_number == "SZ-A-001"))
        assert enrolment_code_matches(added.enrolment_code, stored.enrolment_code_hash)
        # The code itself is nowhere in the database: not in the expert's row, not in the audit trail.
        dump = session.execute(text("SELECT row_to_json(e)::text FROM experts e UNION ALL "
                                    "SELECT row_to_json(a)::text FROM audit_events a")).scalars().all()
        assert not any(added.enrolment_code.replace("-", "") in row.replace("-", "") for row in dump)
        # Nor is the key: only the expert's PKCS#12 file holds it.
        key_der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        everything = session.execute(text("SELECT string_agg(certificate_pem, '') FROM expert_certificates")).scalar()
        assert key_der.hex() not in everything


def test_an_experts_own_request_is_signed_only_when_it_names_them_and_is_signed_by_its_key(authority):
    key, csr = generate_key_and_csr("专家", "SZ-A-002", "SZ-LTC")
    added = authority.expert("SZ-A-002", csr=csr)
    assert added.pkcs12 is None and added.certificate.public_key() == key.public_key()
    _, other_number = generate_key_and_csr("专家", "SZ-A-999", "SZ-LTC")
    with pytest.raises(AgencyError) as refused:
        authority.expert("SZ-A-003", csr=other_number)
    assert refused.value.reason == "csr_subject_mismatch"
    # A request whose signature does not fit its key (someone else's key pasted in) is refused.
    forged = x509.CertificateSigningRequestBuilder().subject_name(csr.subject).sign(
        generate_key_and_csr("x", "SZ-A-004", "SZ-LTC")[0], csr.signature_hash_algorithm)
    tampered = bytearray(forged.public_bytes(serialization.Encoding.DER))
    tampered[-5] ^= 0x01
    with pytest.raises(AgencyError) as refused:
        authority.expert("SZ-A-004", csr=x509.load_der_x509_csr(bytes(tampered)))
    assert refused.value.reason == "csr_invalid"
    with transaction(authority.engine) as session:
        assert session.scalar(select(Expert).where(Expert.expert_number.in_(("SZ-A-003", "SZ-A-004")))) is None


def test_a_certificate_is_taken_over_only_from_a_ca_the_agency_trusts(database_url):
    demo = build_demo_provisioning(NOW, DEMO_SEED)
    foreign, foreign_key = create_demo_ca("别的机构", T0, 365)
    engine = open_engine(database_url, pool_size=2, max_overflow=2)
    agency = RealAgency(engine, trusted=(demo.ca_certificate,))
    with transaction(engine) as session:
        session.execute(text("UPDATE agency SET code = 'DEMO'"))  # the demo experts' certificates name O=DEMO
    taken = agency.expert("DEMO-A-001", certificate=demo.expert_certificates["DEMO-A-001"], at=NOW)
    assert taken.pkcs12 is None
    _, csr = generate_key_and_csr("外人", "DEMO-A-009", "DEMO")
    from assessment_app.security.certificates import sign_csr

    stranger = sign_csr(csr, foreign, foreign_key, T0, 30, 7)
    with pytest.raises(AgencyError) as refused:
        agency.expert("DEMO-A-009", certificate=stranger)
    assert refused.value.reason == "certificate_rejected"
    engine.dispose()


def test_numbers_are_unique_and_the_wrong_ca_passphrase_changes_nothing(authority):
    authority.expert("SZ-A-001")
    with pytest.raises(AgencyError) as refused:
        authority.expert("SZ-A-001")
    assert refused.value.reason == "expert_exists"
    with pytest.raises(AgencyError) as refused, transaction(authority.engine) as session:
        add_expert(session, ExpertRequest("专家", "SZ-A-005", "评估师", "assessor"), passphrase="not the passphrase",
                   now=T0, pkcs12_password=P12_PASSWORD, code_params=CHEAP_KDF)
    assert refused.value.reason == "wrong_passphrase"
    with transaction(authority.engine) as session:
        assert session.scalar(text("SELECT count(*) FROM experts")) == 1


def test_packages_are_numbered_agency_wide_and_carry_the_workstation(authority):
    authority.expert("SZ-M-001", "administrator")
    first, second = authority.workstation("笔记本-1"), authority.workstation("笔记本-2")
    numbers = [authority.package(first.subject_id).sequence, authority.package(second.subject_id).sequence,
               authority.package(first.subject_id).sequence]
    assert numbers == [1, 2, 3]
    built = authority.package(second.subject_id)
    package = verify_provisioning(built.data, {authority.ca.fingerprint})
    assert package.sequence == 4 and package.workstation.workstation_id == second.subject_id
    assert package.workstation.server_url == SERVER
    assert package.workstation.tls_certificate == second.certificate
    assert {recipient.purpose for recipient in package.recipients} == {"agency", "recovery"}
    assert [entry.expert_number for entry in package.experts] == ["SZ-M-001"]
    assert package.experts[0].enrolment is not None and not package.demo
    # One signer for all of them, with the provisioning purpose, under the agency CA.
    signer = package.signer_certificate
    assert PROVISIONING_SIGNING in signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert package.signer_ca_fingerprint == authority.ca.fingerprint
    with transaction(authority.engine) as session:
        rows = session.scalars(select(ProvisioningPackageRecord).order_by(ProvisioningPackageRecord.sequence)).all()
        assert [row.sequence for row in rows] == [1, 2, 3, 4] and len({row.signer_fingerprint for row in rows}) == 1
        assert verify_trail(session).ok


def test_concurrent_builds_never_share_a_number(authority):
    workstations = [authority.workstation(f"笔记本-{n}").subject_id for n in range(6)]
    numbers, errors = [], []

    def build(workstation_id):
        try:
            numbers.append(authority.package(workstation_id).sequence)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
    threads = [threading.Thread(target=build, args=(identifier,)) for identifier in workstations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(numbers) == list(range(1, 7))


def test_a_revoked_or_unknown_workstation_gets_no_package_and_bad_urls_are_refused(authority):
    workstation = authority.workstation()
    with pytest.raises(AgencyError) as refused:
        authority.package(workstation.subject_id, url="http://agency.example")
    assert refused.value.reason == "server_url_invalid"
    with transaction(authority.engine) as session:
        revoke_workstation(session, workstation.subject_id, reason="丢失", now=T0, crl_reason="key_compromise")
    with pytest.raises(AgencyError) as refused:
        authority.package(workstation.subject_id)
    assert refused.value.reason == "workstation_revoked"
    with pytest.raises(AgencyError) as refused:
        authority.package("no-such-workstation")
    assert refused.value.reason == "workstation_unknown"
    # The revoked laptop's certificate is on the list the next package (for another laptop) carries.
    other = authority.workstation("笔记本-2")
    package = verify_provisioning(authority.package(other.subject_id).data)
    assert [(entry.serial_number, entry.reason) for entry in package.revocations] == [
        (workstation.certificate.serial_number, "key_compromise")]


def test_disabled_experts_are_left_out_and_revoked_ones_are_on_the_list(authority):
    for number in ("SZ-A-001", "SZ-A-002", "SZ-A-003"):
        authority.expert(number)
    workstation = authority.workstation()
    later = T0 + datetime.timedelta(hours=1)
    with transaction(authority.engine) as session:
        disable_expert(session, "SZ-A-002", reason="调离", now=later)
        revoked = revoke_expert(session, "SZ-A-003", reason="私钥泄露", now=later, crl_reason="key_compromise")
    package = verify_provisioning(authority.package(workstation.subject_id, at=later).data)
    assert [entry.expert_number for entry in package.experts] == ["SZ-A-001"]
    assert [(entry.serial_number, entry.revoked_at) for entry in package.revocations] == [
        (int(revoked[0].serial_number), later)]
    with pytest.raises(AgencyError) as refused, transaction(authority.engine) as session:
        revoke_expert(session, "SZ-A-003", reason="again", now=later)
    assert refused.value.reason == "expert_already_revoked"
    with transaction(authority.engine) as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.sequence)).all()
        assert {"expert_added", "expert_disabled", "expert_revoked", "provisioning_built"} <= set(actions)
        assert session.scalar(select(ExpertCertificate.crl_reason).where(
            ExpertCertificate.serial_number == revoked[0].serial_number)) == "key_compromise"


def test_an_expired_code_is_left_out_and_a_new_one_replaces_it(authority):
    first = authority.expert("SZ-A-001")
    workstation = authority.workstation()
    late = first.enrolment_expires_at + datetime.timedelta(minutes=1)
    assert verify_provisioning(authority.package(workstation.subject_id, at=late).data).experts[0].enrolment is None
    with transaction(authority.engine) as session:
        code, expires_at = issue_new_code(session, "SZ-A-001", now=late, code_params=CHEAP_KDF)
    entry = verify_provisioning(authority.package(workstation.subject_id, at=late).data).experts[0]
    assert entry.enrolment.expires_at == expires_at and enrolment_code_matches(code, entry.enrolment.code_hash)
    assert not enrolment_code_matches(first.enrolment_code, entry.enrolment.code_hash)


def test_the_sequence_continues_past_what_a_laptop_holds(authority):
    workstation = authority.workstation()
    with transaction(authority.engine) as session:
        continue_sequence_after(session, 41)
    assert authority.package(workstation.subject_id).sequence == 42
    with transaction(authority.engine) as session:
        continue_sequence_after(session, 10)  # never backwards
    assert authority.package(workstation.subject_id).sequence == 43
