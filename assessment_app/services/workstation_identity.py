# SPDX-License-Identifier: GPL-3.0-or-later
"""The workstation's TLS identity towards the agency server: the laptop makes its key and a
certificate signing request (`ltc-assess workstation request`); the agency signs it
(`ltc-agency workstations add --csr`) and the certificate comes back in the provisioning package's
`workstation` member, with the server's address. The key never leaves the laptop: it lives in the
encrypted database (storage/upload_models.WorkstationKey), in backups with the rest.

Python's ssl module loads a client key only from a file. So for each connection the key is written,
encrypted (PKCS#8, under a random password held in memory only), beside the certificate into a
scratch file of the data directory, loaded, and the file removed at once: only ciphertext ever
touches the disk.

The first request on a workstation that no agency has provisioned yet needs only the data key
(as the first package does); afterwards a signed-in administrator makes it (Permission.PROVISION).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from assessment_app.agency.client import AgencyClient
from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError, ReasonAndDetail
from assessment_app.security.certificates import load_pem_certificate
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import utc_timestamp
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work
from assessment_app.storage.upload_models import WorkstationKey

SCRATCH_PREFIX = ".agency-tls-"
Client = TypeVar("Client")


class UploadNotConfigured(ReasonAndDetail, AppError):
    """reason: not_provisioned (no agency package yet), no_workstation (the package names no
    workstation and server: it was not built for this laptop by an agency server), no_workstation_key
    (the package's certificate is not for a key made on this laptop: request again, or ask the
    agency for this laptop's package), workstation_name_invalid."""


@dataclass(frozen=True)
class WorkstationRequest:
    csr_pem: str
    public_key_sha256: str  # to compare by phone with what the agency's `workstations add` shows
    name: str


@dataclass(frozen=True)
class WorkstationConnection:
    workstation_id: str
    name: str
    server_url: str
    certificate_pem: str
    ca_pem: str
    key_pem: str = field(repr=False)


def public_key_sha256(public_key) -> str:
    return hashlib.sha256(public_key.public_bytes(serialization.Encoding.DER,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo)).hexdigest()


def request_workstation_certificate(records: CaseRecords, name: str, now: datetime, *,
                                    actor=None) -> WorkstationRequest:
    """A new key for this laptop (kept in the encrypted database) and its request, PEM, for the
    agency. On a provisioned workstation `actor` must be a signed-in administrator."""
    name = (name or "").strip()
    if not name or len(name) > 200 or "\n" in name:
        raise UploadNotConfigured("workstation_name_invalid", name[:40])
    with unit_of_work(records.engine) as session:
        agency = session.get(Agency, 1)
        actor_id = None if agency is None else authorize(session, records, actor, Permission.PROVISION, now=now).id
        key = ec.generate_private_key(ec.SECP256R1())
        attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
        if agency is not None:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.code))
        csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attributes)).sign(key, hashes.SHA256())
        digest = public_key_sha256(key.public_key())
        csr_pem = csr.public_bytes(serialization.Encoding.PEM).decode("ascii")
        session.add(WorkstationKey(name=name, private_key_pem=key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode("ascii"),
            public_key_sha256=digest, csr_pem=csr_pem, created_at=utc_timestamp(now), created_by=actor_id))
        append_station_event(session, "workstation_key_created", now=now, actor_ids=[actor_id],
                             data={"name": name, "public_key_sha256": digest})
        return WorkstationRequest(csr_pem, digest, name)


def workstation_connection(records: CaseRecords) -> WorkstationConnection:
    """Where and as whom this laptop uploads, from the held package and the matching key here;
    UploadNotConfigured says what is missing."""
    with unit_of_work(records.engine) as session:
        agency = session.get(Agency, 1)
        if agency is None:
            raise UploadNotConfigured("not_provisioned")
        if not agency.workstation_json:
            raise UploadNotConfigured("no_workstation")
        member = json.loads(agency.workstation_json)
        certificate = load_pem_certificate(member["tls_certificate"])
        key = session.scalar(select(WorkstationKey).where(
            WorkstationKey.public_key_sha256 == public_key_sha256(certificate.public_key())))
        if key is None:
            raise UploadNotConfigured("no_workstation_key", member["id"])
        return WorkstationConnection(member["id"], member["name"], member["server_url"], member["tls_certificate"],
                                     agency.ca_certificates_pem, key.private_key_pem)


def upload_configured(records: CaseRecords) -> str | None:
    """None when this laptop can upload; else the reason it cannot (for a screen to say so)."""
    try:
        workstation_connection(records)
    except UploadNotConfigured as error:
        return error.reason
    return None


def open_agency_client(records: CaseRecords, **options) -> AgencyClient:
    """A client for this laptop's agency server, authenticated by its workstation certificate.
    `options` as AgencyClient's (retry, timeout, …)."""
    return _with_identity(records, lambda url, ca_pem, identity, password: AgencyClient(
        url, ca_pem=ca_pem, certificate=identity, key=None, key_password=password, **options))


def open_review_client(records: CaseRecords, **options):
    """The review desk's client (agency/review_client.ReviewClient) as this laptop: the routes a
    laptop pulls its decisions from (services/decision_pull.py), over the same workstation
    certificate. `options`: timeout."""
    # Imported here: the desk client brings the server's session models along, which the
    # laptop needs only once it talks to the server.
    from assessment_app.agency.review_client import ReviewClient

    return _with_identity(records, lambda url, ca_pem, identity, password: ReviewClient(
        url, ca_pem=ca_pem, certificate=identity, key=None, key_password=password, **options))


def _with_identity(records: CaseRecords, make: Callable[[str, str, Path, bytes], Client]) -> Client:
    """`make(server_url, ca_pem, identity_file, password)` while the identity file exists: the
    certificate and the key encrypted under `password` (held in memory only); removed at once."""
    connection = workstation_connection(records)
    password = secrets.token_bytes(32)
    key = serialization.load_pem_private_key(connection.key_pem.encode("ascii"), None)
    encrypted = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.BestAvailableEncryption(password))
    scratch = records.layout.root / f"{SCRATCH_PREFIX}{secrets.token_hex(8)}.pem"
    descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(connection.certificate_pem.encode("ascii") + encrypted)
        return make(connection.server_url.rstrip("/"), connection.ca_pem, scratch, password)
    finally:
        scratch.unlink(missing_ok=True)
