# SPDX-License-Identifier: GPL-3.0-or-later
"""Provisioning a workstation: import an agency's signed package, or create the demo agency once.

Trust (docs/formats/provisioning.md): the first real package is applied only after the
administrator confirms the fingerprint of the CA that signed it (or the installer passes it in
`trusted_fingerprints`); that fingerprint is then pinned in the Agency row, and every later
package must be signed under it. One workstation serves one agency: a package of another agency
is refused. A refused package changes nothing (one transaction). The first package on an empty
workstation is its own authority (the data key that opened the records and the confirmed
fingerprint); every later one is imported by a signed-in actor who may provision.

Replay: the workstation keeps the sequence number and content hash of the package it holds and
refuses a package with a lower sequence, or the same sequence with other content; an identical
package is a no-op. So an administrator the agency removed cannot come back with an old file,
nor its old recipients, CAs or revocation list. A version 1 package counts as sequence 0.
With the package come its revocation lists (kept as signed, see services/trust_anchors.py), the
experts' enrolment codes (services/enrolment.py) and the workstation's own entry.

The demo agency 演示机构 is built on the workstation (security/provisioning.build_demo_provisioning)
and trusted by construction. Its three users get public, documented passphrases (below) that they
are not asked to change, so a tester can sign in at once; everything about it says DEMO.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.domain.roles import Permission
from assessment_app.durable_files import atomic_write_bytes
from assessment_app.errors import AppError
from assessment_app.security.certificates import (
    certificate_fingerprint,
    certificate_pem,
    encrypt_private_key,
    load_pem_certificate,
)
from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams
from assessment_app.security.passphrases import hash_passphrase
from assessment_app.security.provisioning import (
    DEMO_EXPERTS,
    DemoProvisioning,
    ProvisioningPackage,
    build_demo_provisioning,
    verify_provisioning,
)
from assessment_app.services.accounts import ensure_account
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.enrolment import apply_agency_enrolment
from assessment_app.services.signing_identities import DEMO_SEED_SETTING, activate_identity
from assessment_app.services.trust_anchors import revocation_lists_text, revocation_of
from assessment_app.storage.models import Expert, Setting, utc_timestamp
from assessment_app.storage.security_models import Account, Agency, SigningIdentity
from assessment_app.storage.unit_of_work import unit_of_work
from forms.canonical import canonical_json_bytes

DEMO_AGENCY_DIR = "demo-agency"
# The agency's CA certificates (public), kept beside the identity files: with them a reviewer
# checks whom a bundle's signatures chain to (`ltc-assess bundle verify` finds them there).
AGENCY_CA_FILE = "agency-ca.pem"
# Public on purpose (README, `ltc-assess provision demo`): the expert number in lower case.
DEMO_PASSPHRASES = {number: number.lower() for _, number, _ in DEMO_EXPERTS}


class ProvisioningImportError(AppError):
    """reason: fingerprint_not_confirmed / fingerprint_mismatch (`.fingerprint` is the package's
    CA fingerprint, to show to the administrator), agency_already_provisioned (`.detail`: the
    code of the agency this workstation belongs to), package_older / package_sequence_reused
    (`.held` and `.given`: the sequence numbers of the held and the given package)."""

    def __init__(self, reason: str, *, fingerprint: str | None = None, detail: object = None,
                 held: int | None = None, given: int | None = None):
        super().__init__(reason + ("" if detail is None else f" ({detail})")
                         + ("" if held is None else f" (held {held}, given {given})"))
        self.reason = reason
        self.fingerprint = fingerprint
        self.detail = detail
        self.held = held
        self.given = given


@dataclass(frozen=True)
class ProvisioningResult:
    agency_name: str
    agency_code: str
    demo: bool
    signer_ca_fingerprint: str
    package_sha256: str
    experts_added: tuple[str, ...]  # expert numbers
    experts_updated: tuple[str, ...]
    experts_deactivated: tuple[str, ...]
    certificates_stored: int
    unchanged: bool = False  # the same file was imported before: nothing was done
    sequence: int = 0
    revocations: int = 0  # entries in the package's revocation lists
    enrolment_codes: int = 0  # codes put on accounts still waiting for their first passphrase
    identities_revoked: tuple[str, ...] = ()  # experts whose active signing certificate was revoked


@dataclass(frozen=True)
class DemoAccount:
    name: str
    expert_number: str
    role: str
    passphrase: str  # the initial, public demo passphrase


@dataclass(frozen=True)
class DemoAgencyResult:
    created: bool  # False: an agency (demo or real) already existed and nothing was done
    agency_name: str
    agency_code: str
    demo: bool
    accounts: tuple[DemoAccount, ...]  # empty when the workstation belongs to a real agency
    identity_files: tuple[Path, ...]  # the demo age identities (agency, recovery)


def import_provisioning(records: CaseRecords, package_bytes: bytes, *, trusted_fingerprints=None,
                        confirm_fingerprint: str | None, now: datetime, actor=None) -> ProvisioningResult:
    """`actor`: the signed-in administrator; None only for the first package on an empty workstation."""
    with unit_of_work(records.engine) as session:
        agency = session.get(Agency, 1)
        actor_id = None if agency is None else authorize(session, records, actor, Permission.PROVISION, now=now).id
        package = verify_provisioning(package_bytes)
        # Another agency's package is named as such, before its CA is found untrusted here.
        if agency is not None and agency.code != package.agency.code:
            raise ProvisioningImportError("agency_already_provisioned", detail=agency.code)
        if agency is None and trusted_fingerprints is None:
            _check_confirmation(package, confirm_fingerprint)
        else:
            pinned = {agency.signer_ca_fingerprint} if agency is not None else set()
            verify_provisioning(package_bytes, set(trusted_fingerprints or ()) | pinned)
        sha256 = hashlib.sha256(package_bytes).hexdigest()
        if agency is not None:
            # The same package again (byte for byte, or re-indented): nothing to do.
            if sha256 == agency.package_sha256 or _content_sha256(package) == agency.package_content_sha256:
                return _result(package, sha256, (), (), (), 0, unchanged=True)
            _check_sequence(agency, package)
        result = _apply_package(session, package, sha256, now)
        _log_import(session, package, sha256, now, actor_id=actor_id, result=result)
        return result


def pinned_fingerprint(records: CaseRecords) -> str | None:
    with unit_of_work(records.engine) as session:
        agency = session.get(Agency, 1)
        return None if agency is None else agency.signer_ca_fingerprint


def ensure_demo_agency(records: CaseRecords, now: datetime, seed_bytes: bytes, *,
                       kdf_params: Argon2idParams = DEFAULT_PARAMS) -> DemoAgencyResult:
    """Create the demo agency with its three users, their passphrases and signing identities, and
    write its age identities to <data dir>/demo-agency/ — once: whenever any agency exists already,
    the records are left as they are and the result describes what is there.
    `seed_bytes`: 32 random bytes (tests pass a constant)."""
    with unit_of_work(records.engine) as session:
        agency = session.get(Agency, 1)
        created = agency is None
        if created:
            demo = build_demo_provisioning(now, seed_bytes)
            _create_demo_agency(session, demo, seed_bytes, now, kdf_params)
            agency = session.get(Agency, 1)
        seed = session.get(Setting, DEMO_SEED_SETTING)
    if not agency.demo or seed is None:
        return DemoAgencyResult(created, agency.name, agency.code, agency.demo, (), ())
    # The identity files are written after the commit and checked on every call, so neither a
    # crash in between nor a second process racing to create the agency leaves them missing or
    # belonging to a seed that lost the race. Only the seed matters for them, not the time.
    identities = build_demo_provisioning(now, bytes.fromhex(json.loads(seed.value_json)))
    # The CA certificate as stored (issued once, at creation), not one rebuilt at today's date.
    files = _write_identity_files(records.layout.root / DEMO_AGENCY_DIR, identities, agency.ca_certificates_pem)
    return DemoAgencyResult(created, agency.name, agency.code, True, _demo_accounts(), files)


# --- internals ----------------------------------------------------------------------------------

def _normalised(fingerprint: str) -> str:
    return re.sub(r"[\s:]", "", fingerprint).lower()


def _check_confirmation(package: ProvisioningPackage, confirm_fingerprint: str | None) -> None:
    if confirm_fingerprint is None:
        raise ProvisioningImportError("fingerprint_not_confirmed", fingerprint=package.signer_ca_fingerprint)
    if _normalised(confirm_fingerprint) != package.signer_ca_fingerprint:
        raise ProvisioningImportError("fingerprint_mismatch", fingerprint=package.signer_ca_fingerprint,
                                      detail=_normalised(confirm_fingerprint))


def _content_sha256(package: ProvisioningPackage) -> str:
    """The package's meaning: the same whatever indentation the file has."""
    return hashlib.sha256(canonical_json_bytes(package.document)).hexdigest()


def _check_sequence(agency: Agency, package: ProvisioningPackage) -> None:
    held, given = agency.package_sequence, package.sequence
    if given < held:
        raise ProvisioningImportError("package_older", held=held, given=given)
    if given == held:
        # Different content under a sequence number already used: at best an agency's mistake,
        # at worst a package altered by whoever held the agency's signing key.
        raise ProvisioningImportError("package_sequence_reused", held=held, given=given)


def _apply_package(session: Session, package: ProvisioningPackage, sha256: str, now: datetime) -> ProvisioningResult:
    agency = session.get(Agency, 1)
    first_package = agency is None
    agency = agency or Agency(id=1)
    agency.name, agency.code, agency.demo = package.agency.name, package.agency.code, package.demo
    agency.package_sha256, agency.imported_at = sha256, utc_timestamp(now)
    agency.package_sequence, agency.package_content_sha256 = package.sequence, _content_sha256(package)
    agency.signer_ca_fingerprint = package.signer_ca_fingerprint
    agency.ca_certificates_pem = "".join(certificate_pem(ca) for ca in package.ca_certificates)
    agency.recipients_json = canonical_json_bytes(
        [{"label": r.label, "age_recipient": r.age_recipient, "purpose": r.purpose}
         for r in package.recipients]).decode("utf-8")
    agency.revocation_lists_pem = revocation_lists_text(package.revocation_lists)
    agency.workstation_json = None if package.workstation is None else canonical_json_bytes(
        package.document["workstation"]).decode("utf-8")
    session.add(agency)
    added, updated, certificates, codes = [], [], 0, 0
    for entry in package.experts:
        expert = session.scalar(select(Expert).where(Expert.expert_number == entry.expert_number))
        if expert is None:
            expert = Expert(expert_number=entry.expert_number, created_at=utc_timestamp(now))
            session.add(expert)
            added.append(entry.expert_number)
        else:
            updated.append(entry.expert_number)
        expert.name, expert.role, expert.qualification, expert.active = (
            entry.name, entry.role, entry.qualification, True)
        expert.provisioned_role = entry.role
        session.flush()
        codes += apply_agency_enrolment(session, ensure_account(session, expert.id, now), entry.enrolment)
        if entry.certificate is not None and session.scalar(select(SigningIdentity.id).where(
                SigningIdentity.fingerprint == certificate_fingerprint(entry.certificate))) is None:
            # The certificate only: its key is with the expert (a PKCS#12 to import later).
            session.add(SigningIdentity(expert_id=expert.id, certificate_pem=certificate_pem(entry.certificate),
                                        fingerprint=certificate_fingerprint(entry.certificate),
                                        encrypted_private_key=None, active=False, created_at=utc_timestamp(now)))
            certificates += 1
    # From the second package on, the agency's list decides who may log in: an account holder it
    # no longer lists is deactivated (kept, since cases name them). The first package leaves the
    # experts entered by hand before provisioning alone.
    deactivated = []
    listed = {entry.expert_number for entry in package.experts}
    if not first_package:
        for expert in session.scalars(select(Expert).join(Account, Account.expert_id == Expert.id)
                                      .where(Expert.active.is_(True))):
            if expert.expert_number not in listed:
                expert.active = False
                deactivated.append(expert.expert_number)
    for expert in session.scalars(select(Expert).where(Expert.provisioned_role.is_not(None))):
        if expert.expert_number not in listed:
            expert.provisioned_role = None  # no longer the agency's: may not decide, may not enrol
    session.flush()
    revoked = _deactivate_revoked_identities(session, package, now)
    return _result(package, sha256, added, updated, deactivated, certificates, sequence=package.sequence,
                   revocations=len(package.revocations), enrolment_codes=codes, identities_revoked=revoked)


def _deactivate_revoked_identities(session: Session, package: ProvisioningPackage, now: datetime) -> tuple[str, ...]:
    """An active signing identity whose certificate the new list revokes stops being active at
    once (signing would refuse it anyway); the audit chain says whose and why."""
    anchors, revoked = package.trust_anchors, []
    for identity in session.scalars(select(SigningIdentity).where(SigningIdentity.active.is_(True))).all():
        certificate = load_pem_certificate(identity.certificate_pem)
        revocation = revocation_of(anchors, certificate, now)
        if revocation is None:
            continue
        identity.active = False
        number = session.get(Expert, identity.expert_id).expert_number
        revoked.append(number)
        append_station_event(session, "signing_identity_revoked", now=now, actor_ids=[identity.expert_id], data={
            "fingerprint": identity.fingerprint, "serial_number": format(certificate.serial_number, "x"),
            "revoked_at": utc_timestamp(revocation.revoked_at), "reason": revocation.reason})
    session.flush()
    return tuple(sorted(revoked))


def _log_import(session: Session, package: ProvisioningPackage, sha256: str, now: datetime, *,
                actor_id: str | None, result: ProvisioningResult) -> None:
    append_station_event(session, "provisioning_imported", now=now, actor_ids=[actor_id], data={
        "agency_code": package.agency.code, "demo": package.demo, "package_sha256": sha256,
        "signer_ca_fingerprint": package.signer_ca_fingerprint, "experts": len(package.experts),
        "sequence": package.sequence, "revocations": result.revocations,
        "enrolment_codes": result.enrolment_codes, "deactivated": list(result.experts_deactivated)})


def _result(package: ProvisioningPackage, sha256: str, added, updated, deactivated, certificates: int, *,
            unchanged: bool = False, **counts) -> ProvisioningResult:
    return ProvisioningResult(package.agency.name, package.agency.code, package.demo, package.signer_ca_fingerprint,
                              sha256, tuple(added), tuple(updated), tuple(sorted(deactivated)), certificates,
                              unchanged, **{"sequence": package.sequence, **counts})


def _create_demo_agency(session: Session, demo: DemoProvisioning, seed_bytes: bytes, now: datetime,
                        kdf_params: Argon2idParams) -> None:
    package = verify_provisioning(demo.package_bytes, {certificate_fingerprint(demo.ca_certificate)})
    sha256 = hashlib.sha256(demo.package_bytes).hexdigest()
    result = _apply_package(session, package, sha256, now)
    _log_import(session, package, sha256, now, actor_id=None, result=result)
    session.add(Setting(key=DEMO_SEED_SETTING, value_json=json.dumps(seed_bytes.hex())))
    _set_up_demo_users(session, demo, now, kdf_params)


def _set_up_demo_users(session: Session, demo: DemoProvisioning, now: datetime, kdf_params: Argon2idParams) -> None:
    for _, number, _ in DEMO_EXPERTS:
        passphrase = DEMO_PASSPHRASES[number]
        expert = session.scalar(select(Expert).where(Expert.expert_number == number))
        account = session.get(Account, expert.id)
        # Demo only: a public passphrase, not checked for strength and not to be changed first.
        account.passphrase_hash = hash_passphrase(passphrase, params=kdf_params)
        account.must_change_passphrase = False
        certificate = demo.expert_certificates[number]
        identity = session.scalar(select(SigningIdentity).where(
            SigningIdentity.fingerprint == certificate_fingerprint(certificate)))
        identity.encrypted_private_key = encrypt_private_key(demo.expert_keys[number], passphrase,
                                                             params=kdf_params).decode("utf-8")
        activate_identity(session, identity, certificate, now, source="demo_ca")


def _demo_accounts() -> tuple[DemoAccount, ...]:
    return tuple(DemoAccount(name, number, role, DEMO_PASSPHRASES[number]) for name, number, role in DEMO_EXPERTS)


def _write_identity_files(directory: Path, demo: DemoProvisioning, ca_certificates_pem: str) -> tuple[Path, ...]:
    """age identity files (age-keygen's layout, '#' comments) a reviewer passes to `age -d -i`;
    rewritten only when missing or different, so a repeated call leaves them untouched."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    paths = []
    for purpose in ("agency", "recovery"):
        path = directory / f"{purpose}-identity.txt"
        text = (f"# 演示机构 DEMO {purpose} key: a public demo key, never use it for real data\n"
                f"# public key: {demo.age_recipients[purpose]}\n"
                f"{demo.age_identities[purpose]}\n").encode("utf-8")
        if not path.is_file() or path.read_bytes() != text:
            atomic_write_bytes(path, text)
            os.chmod(path, 0o600)
        paths.append(path)
    ca_text = ca_certificates_pem.encode("ascii")
    ca_path = directory / AGENCY_CA_FILE
    if not ca_path.is_file() or ca_path.read_bytes() != ca_text:
        atomic_write_bytes(ca_path, ca_text)
    return tuple(paths)
