# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo agency on a local server, bound to a demo laptop (`make agency`, agency/demo_server.py).

A demo laptop makes its own 演示机构 from a seed it draws at first start (services/
provisioning_import.ensure_demo_agency). The local server becomes that agency: it imports the
laptop's demo CA with its key, the demo recipients, and the demo experts with the certificates
the laptop holds (services/demo_agency_material.py). Then the laptop is enrolled the way any
laptop is: its administrator (the public demo account DEMO-M-001) makes the workstation key and
request on the laptop, the server signs it and builds the next provisioning package (numbered
after the one the laptop holds), and the administrator imports it. Everything here is public demo
material, including the CA passphrase below.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography import x509
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from assessment_app.agency.authority import initialise_authority, issue_workstation
from assessment_app.agency.authority_models import AgeRecipient, Expert
from assessment_app.agency.database import transaction
from assessment_app.agency.experts import ExpertRequest, add_expert
from assessment_app.agency.models import Agency, CertificateAuthority, Workstation
from assessment_app.agency.provisioning import build_workstation_package, continue_sequence_after
from assessment_app.agency.recipients import add_recipient
from assessment_app.security.certificates import certificate_fingerprint, load_pem_certificate
from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams
from assessment_app.services.accounts import login, logout
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.demo_agency_material import DemoAgencyMaterial, demo_agency_material
from assessment_app.services.demo_workstation import DEMO_ADMINISTRATOR
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES, import_provisioning
from assessment_app.services.workstation_identity import (
    UploadNotConfigured, request_workstation_certificate, workstation_connection,
)

DEMO_CA_PASSPHRASE = "demo-agency-ca-passphrase"  # public on purpose, like every demo secret
DEMO_WORKSTATION_NAME = "演示笔记本 DEMO"
ACTOR = "demo-setup"


@dataclass(frozen=True)
class DemoLink:
    workstation_id: str
    sequence: int  # of the package the laptop imported; 0 when it was linked already


def initialise_demo_authority(engine: Engine, records: CaseRecords, now: datetime.datetime, *,
                              kdf_params: Argon2idParams = DEFAULT_PARAMS) -> DemoAgencyMaterial:
    """The server's authority made the laptop's demo agency (once); the material is returned for
    its agency identity, which the demo's worker decrypts with."""
    material = demo_agency_material(records, now)
    with transaction(engine) as session:
        initialise_authority(session, name=material.name, code=material.code, passphrase=DEMO_CA_PASSPHRASE, now=now,
                             ca=(material.ca_certificate, material.ca_key), kdf_params=kdf_params, actor=ACTOR,
                             recipients=tuple(material.recipients.items()))
        _ensure_demo_experts(session, material, now)
    return material


def serves_laptop(engine: Engine, records: CaseRecords, now: datetime.datetime) -> bool:
    """True when this server is the laptop's demo agency (same CA) — else it must be made anew."""
    material = demo_agency_material(records, now)
    with transaction(engine) as session:
        agency = session.get(Agency, 1)
        fingerprints = set(session.scalars(select(CertificateAuthority.fingerprint)))
    return agency is not None and certificate_fingerprint(material.ca_certificate) in fingerprints


def link_demo_laptop(engine: Engine, records: CaseRecords, now: datetime.datetime, *, server_url: str,
                     name: str = DEMO_WORKSTATION_NAME, ca_passphrase: str = DEMO_CA_PASSPHRASE,
                     kdf_params: Argon2idParams = DEFAULT_PARAMS) -> DemoLink:
    """Enrol the demo laptop with this server unless it is enrolled already (its certificate is a
    registered, unrevoked workstation here and its package names this server). `kdf_params`: the
    hashing cost of the demo accounts and of a new provisioning signer's key."""
    material = demo_agency_material(records, now)
    current = _current_link(engine, records, server_url)
    if current is not None:
        return DemoLink(current, 0)
    administrator = login(records, DEMO_ADMINISTRATOR, DEMO_PASSPHRASES[DEMO_ADMINISTRATOR], now, kdf_params=kdf_params)
    try:
        request = request_workstation_certificate(records, name, now, actor=administrator)
        with transaction(engine) as session:
            _ensure_demo_recipients(session, material, now)
            _ensure_demo_experts(session, material, now)
            issued = issue_workstation(session, name=name, passphrase=ca_passphrase, now=now, actor=ACTOR,
                                       csr=x509.load_pem_x509_csr(request.csr_pem.encode("ascii")))
            continue_sequence_after(session, material.held_sequence)
            built = build_workstation_package(session, issued.subject_id, passphrase=ca_passphrase, now=now,
                                              server_url=server_url, kdf_params=kdf_params, actor=ACTOR)
        import_provisioning(records, built.data, confirm_fingerprint=None, now=now, actor=administrator)
    finally:
        logout(records, administrator, now)
    return DemoLink(issued.subject_id, built.sequence)


def _current_link(engine: Engine, records: CaseRecords, server_url: str) -> str | None:
    try:
        connection = workstation_connection(records)
    except UploadNotConfigured:
        return None
    if connection.server_url.rstrip("/") != server_url.rstrip("/"):
        return None
    fingerprint = certificate_fingerprint(load_pem_certificate(connection.certificate_pem))
    with transaction(engine) as session:
        workstation = session.scalar(select(Workstation).where(Workstation.fingerprint == fingerprint))
        return workstation.id if workstation is not None and workstation.revoked_at is None else None


def _ensure_demo_recipients(session: Session, material: DemoAgencyMaterial, now: datetime.datetime) -> None:
    known = set(session.scalars(select(AgeRecipient.age_recipient)))
    for purpose, recipient in material.recipients.items():
        if recipient not in known:
            add_recipient(session, purpose=purpose, recipient=recipient, agency_name=material.name,
                          agency_code=material.code, now=now, actor=ACTOR)


def _ensure_demo_experts(session: Session, material: DemoAgencyMaterial, now: datetime.datetime) -> None:
    """The demo experts with the certificates the laptop holds: a package that left them out would
    deactivate them on the laptop. They enrolled with public passphrases: no codes."""
    known = set(session.scalars(select(Expert.expert_number)))
    for expert in material.experts:
        if expert.number not in known:
            add_expert(session, ExpertRequest(expert.name, expert.number, expert.qualification, expert.role),
                       passphrase=DEMO_CA_PASSPHRASE, now=now, certificate=expert.certificate, with_code=False,
                       actor=ACTOR)
