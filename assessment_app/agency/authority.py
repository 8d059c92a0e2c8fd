# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency's certificate authority on the server: create it (or import an existing CA and its
key), issue TLS certificates to workstations (client; from a key made here or from the laptop's
own certificate signing request) and to the server itself, revoke a workstation. The CA key is
kept in PostgreSQL encrypted under the authority passphrase (Argon2id + PKCS#8,
security/certificates.encrypt_private_key); everything issued is a row and an audit event.

Experts: agency/experts.py; recipients: agency/recipients.py; revocation lists and provisioning
packages: agency/revocation.py and agency/provisioning.py.
"""

from __future__ import annotations

import datetime
import ipaddress
import secrets
import uuid
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.agency.audit import append_event
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import Agency, CertificateAuthority, Workstation
from assessment_app.agency.recipients import add_recipient
from assessment_app.security.certificates import (
    CertificateError, SigningKey, certificate_fingerprint, certificate_pem, decrypt_private_key,
    encrypt_private_key, find_issuer, load_pem_certificate,
)
from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams

CA_DAYS, WORKSTATION_DAYS, SERVER_DAYS = 3650, 825, 825
MIN_PASSPHRASE = 12


@dataclass(frozen=True)
class IssuedCertificate:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey | None  # None: issued for a request, the key stays with its owner
    subject_id: str  # the workstation id, or the server's host names

    def key_pem(self) -> bytes:
        assert self.key is not None, "issued for a certificate signing request: no key here"
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())


def new_serial() -> int:
    return secrets.randbits(127) | 1  # positive, at most 16 octets, unpredictable (CA/B BR 7.1)


def create_ca_certificate(name: str, code: str, now: datetime.datetime) -> tuple[x509.Certificate, SigningKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} CA"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, code)])
    start = now.replace(microsecond=0)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
                   .serial_number(new_serial()).not_valid_before(start)
                   .not_valid_after(start + datetime.timedelta(days=CA_DAYS))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                   .add_extension(_usage(key_cert_sign=True, crl_sign=True), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                   .sign(key, hashes.SHA256()))
    return certificate, key


def _usage(**enabled: bool) -> x509.KeyUsage:
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{name: enabled.get(name, False) for name in names})


def initialise_authority(session: Session, *, name: str, code: str, passphrase: str, now: datetime.datetime,
                         ca: tuple[x509.Certificate, SigningKey] | None = None,
                         trusted: tuple[x509.Certificate, ...] = (), recipients: tuple[tuple[str, str], ...] = (),
                         kdf_params: Argon2idParams = DEFAULT_PARAMS, actor: str = "administrator") -> CertificateAuthority:
    """Once: the agency row and its CA (created, or the given certificate and key imported), any
    further CAs only trusted, without their keys (e.g. the CA that signed the experts'
    certificates until now, so their bundles verify), and the age recipients bundles are encrypted
    to, as (purpose, "age1…") pairs (agency/recipients.py; provisioning needs one of each)."""
    if session.get(Agency, 1) is not None:
        raise AgencyError("authority_exists", session.get(Agency, 1).code)
    if len(passphrase) < MIN_PASSPHRASE:
        raise AgencyError("passphrase_too_short", MIN_PASSPHRASE)
    if ca is None:
        certificate, key = create_ca_certificate(name, code, now)
        origin = "created"
    else:
        certificate, key = ca
        if find_issuer(certificate, (certificate,)) is None:
            raise AgencyError("ca_not_self_signed", certificate.subject.rfc4514_string())
        if _public(certificate.public_key()) != _public(key.public_key()):
            raise AgencyError("ca_key_mismatch", certificate.subject.rfc4514_string())
        origin = "imported"
    session.add(Agency(id=1, name=name, code=code, created_at=now))
    authority = CertificateAuthority(fingerprint=certificate_fingerprint(certificate),
                                     certificate_pem=certificate_pem(certificate),
                                     encrypted_key=encrypt_private_key(key, passphrase, params=kdf_params),
                                     origin=origin, created_at=now)
    session.add(authority)
    append_event(session, actor=actor, action="authority_initialised", subject=authority.fingerprint,
                 detail={"name": name, "code": code, "origin": origin,
                         "not_after": certificate.not_valid_after_utc.isoformat()}, now=now)
    for extra in trusted:
        if find_issuer(extra, (extra,)) is None:
            raise AgencyError("ca_not_self_signed", extra.subject.rfc4514_string())
        fingerprint = certificate_fingerprint(extra)
        if fingerprint == authority.fingerprint:
            continue
        session.add(CertificateAuthority(fingerprint=fingerprint, certificate_pem=certificate_pem(extra),
                                         encrypted_key=None, origin="trusted", created_at=now))
        append_event(session, actor=actor, action="ca_trusted", subject=fingerprint,
                     detail={"subject": extra.subject.rfc4514_string()}, now=now)
    for purpose, recipient in recipients:
        add_recipient(session, purpose=purpose, recipient=recipient, agency_name=name, agency_code=code, now=now,
                      actor=actor)
    return authority


def _public(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def trusted_cas(session: Session) -> tuple[x509.Certificate, ...]:
    """The agency's CA certificates: they anchor bundle signatures and workstation certificates."""
    return tuple(load_pem_certificate(row.certificate_pem)
                 for row in session.scalars(select(CertificateAuthority).order_by(CertificateAuthority.id)))


def trusted_cas_pem(session: Session) -> str:
    return "".join(row.certificate_pem for row in session.scalars(select(CertificateAuthority)))


def signing_ca(session: Session, passphrase: str) -> tuple[x509.Certificate, SigningKey, Agency]:
    """The newest CA whose key the agency holds, its key (decrypted with `passphrase`) and the agency."""
    agency = session.get(Agency, 1)
    row = session.scalar(select(CertificateAuthority).where(CertificateAuthority.encrypted_key.is_not(None))
                         .order_by(CertificateAuthority.id.desc()).limit(1))
    if agency is None or row is None:
        raise AgencyError("authority_missing")
    try:
        key = decrypt_private_key(row.encrypted_key, passphrase)
    except CertificateError as error:
        raise AgencyError("wrong_passphrase" if error.reason == "wrong_passphrase" else "ca_key_unreadable") from None
    return load_pem_certificate(row.certificate_pem), key, agency


def _leaf(subject: x509.Name, ca_certificate: x509.Certificate, ca_key: SigningKey, now: datetime.datetime, days: int,
          usage: x509.ObjectIdentifier, alternative_names: list | None = None, public_key=None
          ) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey | None]:
    """A TLS certificate for a new key made here, or for `public_key` (from a request: no key here)."""
    key = None if public_key is not None else ec.generate_private_key(ec.SECP256R1())
    public_key = public_key if public_key is not None else key.public_key()
    start = now.replace(microsecond=0)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_certificate.subject)
               .public_key(public_key).serial_number(new_serial()).not_valid_before(start)
               .not_valid_after(min(start + datetime.timedelta(days=days), ca_certificate.not_valid_after_utc))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(_usage(digital_signature=True), critical=True)
               .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False))
    if alternative_names:
        builder = builder.add_extension(x509.SubjectAlternativeName(alternative_names), critical=False)
    return builder.sign(ca_key, hashes.SHA256()), key


def issue_workstation(session: Session, *, name: str, passphrase: str, now: datetime.datetime,
                      actor: str = "administrator", csr: x509.CertificateSigningRequest | None = None
                      ) -> IssuedCertificate:
    """A TLS client certificate for a laptop (CN = name, serialNumber = its id, O = agency code):
    for the key in the laptop's request `csr` (`ltc-assess workstation request`: the key never
    leaves the laptop), or for a key made here and handed over (scripts, tests, the benchmark)."""
    if not name.strip():
        raise AgencyError("workstation_name_missing")
    public_key = None if csr is None else request_public_key(csr)
    ca_certificate, ca_key, agency = signing_ca(session, passphrase)
    workstation_id = str(uuid.uuid4())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name.strip()),
                         x509.NameAttribute(NameOID.SERIAL_NUMBER, workstation_id),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.code)])
    certificate, key = _leaf(subject, ca_certificate, ca_key, now, WORKSTATION_DAYS, ExtendedKeyUsageOID.CLIENT_AUTH,
                             public_key=public_key)
    fingerprint = certificate_fingerprint(certificate)
    session.add(Workstation(id=workstation_id, name=name.strip(), serial_number=str(certificate.serial_number),
                            fingerprint=fingerprint, certificate_pem=certificate_pem(certificate), issued_at=now,
                            not_after=certificate.not_valid_after_utc))
    append_event(session, actor=actor, action="workstation_issued", subject=workstation_id,
                 detail={"name": name.strip(), "fingerprint": fingerprint, "key": "request" if csr else "issued",
                         "serial_number": str(certificate.serial_number),
                         "not_after": certificate.not_valid_after_utc.isoformat()}, now=now)
    return IssuedCertificate(certificate, key, workstation_id)


def issue_server_certificate(session: Session, *, hosts: list[str], passphrase: str, now: datetime.datetime,
                             actor: str = "administrator") -> IssuedCertificate:
    """The server's own TLS certificate under the agency CA, for the host names / IPs laptops use."""
    if not hosts:
        raise AgencyError("server_host_missing")
    names = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    ca_certificate, ca_key, agency = signing_ca(session, passphrase)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0]),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.code)])
    certificate, key = _leaf(subject, ca_certificate, ca_key, now, SERVER_DAYS, ExtendedKeyUsageOID.SERVER_AUTH, names)
    append_event(session, actor=actor, action="server_certificate_issued", subject=",".join(hosts),
                 detail={"fingerprint": certificate_fingerprint(certificate),
                         "not_after": certificate.not_valid_after_utc.isoformat()}, now=now)
    return IssuedCertificate(certificate, key, ",".join(hosts))


def request_public_key(csr: x509.CertificateSigningRequest):
    """The key of a certificate signing request, once its self-signature proves its holder has the
    private key: EC P-256/P-384 or RSA of 2048 bits or more."""
    if not csr.is_signature_valid:
        raise AgencyError("csr_invalid", "the request is not signed by its own key")
    key = csr.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name in ("secp256r1", "secp384r1"):
        return key
    if isinstance(key, rsa.RSAPublicKey) and key.key_size >= 2048:
        return key
    raise AgencyError("csr_invalid", f"unsupported key {type(key).__name__}")


def revoke_workstation(session: Session, workstation_id: str, *, reason: str, now: datetime.datetime,
                       actor: str = "administrator", crl_reason: str = "unspecified") -> Workstation:
    if not reason.strip():
        raise AgencyError("revoke_reason_missing")
    workstation = session.get(Workstation, workstation_id, with_for_update=True)
    if workstation is None:
        raise AgencyError("workstation_unknown", workstation_id)
    if workstation.revoked_at is not None:
        raise AgencyError("workstation_already_revoked", workstation_id)
    workstation.revoked_at, workstation.revoked_reason, workstation.crl_reason = now, reason.strip(), crl_reason
    append_event(session, actor=actor, action="workstation_revoked", subject=workstation_id,
                 detail={"reason": reason.strip(), "crl_reason": crl_reason, "fingerprint": workstation.fingerprint},
                 now=now)
    return workstation


def workstation_for_certificate(session: Session, der: bytes | None) -> Workstation:
    """The registered, unrevoked workstation that holds this client certificate, else
    AgencyError workstation_unknown / workstation_revoked (the API answers 403)."""
    if not der:
        raise AgencyError("workstation_unknown", "no client certificate")
    fingerprint = certificate_fingerprint(x509.load_der_x509_certificate(der))
    workstation = session.scalar(select(Workstation).where(Workstation.fingerprint == fingerprint))
    if workstation is None:
        raise AgencyError("workstation_unknown", fingerprint)
    if workstation.revoked_at is not None:
        raise AgencyError("workstation_revoked", workstation.id)
    return workstation
