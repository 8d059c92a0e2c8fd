# SPDX-License-Identifier: GPL-3.0-or-later
"""What a local demo agency server (`make agency`) needs from a demo laptop to be that laptop's
演示机构: the demo CA exactly as the laptop pinned it, with its key, the demo age recipients and
the agency identity (all rebuilt from the seed the laptop drew at its first start), the demo
experts with the certificates the laptop holds, and the number of the package the laptop holds.

Demo only: refused (`not_demo_agency`) for a workstation of a real agency. Every value here is
public demo material (docs/formats/provisioning.md, "The demo agency").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509
from sqlalchemy import select

from assessment_app.security.certificates import SigningKey, load_pem_certificate
from assessment_app.security.provisioning import DEMO_EXPERTS, build_demo_provisioning
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.signing_identities import DEMO_SEED_SETTING, SigningIdentityError, demo_ca
from assessment_app.storage.models import Expert, Setting
from assessment_app.storage.security_models import Agency, SigningIdentity
from assessment_app.storage.unit_of_work import unit_of_work


@dataclass(frozen=True)
class DemoExpert:
    name: str
    number: str
    qualification: str
    role: str
    certificate: x509.Certificate


@dataclass(frozen=True)
class DemoAgencyMaterial:
    name: str
    code: str
    ca_certificate: x509.Certificate
    recipients: dict[str, str]  # purpose -> age1…
    experts: tuple[DemoExpert, ...]
    held_sequence: int
    ca_key: SigningKey = field(repr=False)
    agency_identity: str = field(repr=False)  # AGE-SECRET-KEY-1…: what the demo server's worker decrypts with


def demo_agency_material(records: CaseRecords, now: datetime) -> DemoAgencyMaterial:
    with unit_of_work(records.engine) as session:
        agency = session.get(Agency, 1)
        seed = session.get(Setting, DEMO_SEED_SETTING)
        if agency is None or not agency.demo or seed is None:
            raise SigningIdentityError("not_demo_agency", agency.code if agency else None)
        ca_certificate, ca_key = demo_ca(session, agency)
        experts = []
        for name, number, role in DEMO_EXPERTS:
            expert = session.scalar(select(Expert).where(Expert.expert_number == number))
            pem = session.scalar(select(SigningIdentity.certificate_pem).where(
                SigningIdentity.expert_id == expert.id, SigningIdentity.certificate_pem.is_not(None))
                .order_by(SigningIdentity.active.desc(), SigningIdentity.created_at.desc()).limit(1))
            experts.append(DemoExpert(expert.name, number, expert.qualification, role, load_pem_certificate(pem)))
        recipients = {entry["purpose"]: entry["age_recipient"] for entry in json.loads(agency.recipients_json)}
        held, name, code = agency.package_sequence, agency.name, agency.code
    # Only the seed matters for the age keys, not the time (provisioning_import.ensure_demo_agency).
    built = build_demo_provisioning(now, bytes.fromhex(json.loads(seed.value_json)))
    return DemoAgencyMaterial(name, code, ca_certificate, recipients, tuple(experts), held, ca_key,
                              built.age_identities["agency"])
