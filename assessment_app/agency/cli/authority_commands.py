# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency init | server-certificate | workstations add/list | revoke workstation | audit verify`
(experts: expert_commands.py; packages: provision_commands.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select

from assessment_app.agency.authority import (
    initialise_authority, issue_server_certificate, issue_workstation, revoke_workstation, trusted_cas_pem,
)
from assessment_app.agency.audit import verify_trail
from assessment_app.agency.cli import EXIT_OK, EXIT_VERIFICATION_FAILED, write_json
from assessment_app.agency.database import transaction, upgrade_to_head
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import Workstation
from assessment_app.agency.cli.command_support import ca_passphrase, engine_for, now, write_new_file
from assessment_app.agency.cli.secret_input import read_file, read_secret
from assessment_app.security.certificates import (
    CertificateError, certificate_fingerprint, certificate_pem, load_pem_certificate,
)


def _imported_ca(args: argparse.Namespace, language: str):
    if not args.ca_certificate and not args.ca_key:
        return None
    if not (args.ca_certificate and args.ca_key):
        raise AgencyError("ca_file_unreadable", "--ca-certificate and --ca-key go together")
    try:
        certificate = load_pem_certificate(read_file(args.ca_certificate))
    except CertificateError as error:
        raise AgencyError("ca_file_unreadable", f"{args.ca_certificate}: {error.reason}") from None
    password = None
    if args.ca_key_passphrase_file:
        password = read_secret(args.ca_key_passphrase_file, "--ca-key-passphrase-file", "").encode("utf-8")
    try:
        key = serialization.load_pem_private_key(read_file(args.ca_key), password)
    except (ValueError, TypeError) as error:
        raise AgencyError("ca_file_unreadable", f"{args.ca_key}: {error}") from None
    return certificate, key


def _recipients(args: argparse.Namespace) -> tuple[list[tuple[str, str]], list[tuple[Path, bytes]]]:
    """The (purpose, recipient) pairs init records, and the identity files it must write: made here
    (--agency-identity-out / --recovery-identity-out) or read (--agency-identity)."""
    from assessment_app.agency.recipients import checked_recipient, new_identity, recipient_of_identity_text

    pairs, files = [], []
    if args.agency_identity:
        pairs.append(("agency", recipient_of_identity_text(read_file(args.agency_identity).decode("utf-8", "replace"))))
    elif args.agency_identity_out:
        made = new_identity()
        pairs.append(("agency", made.recipient))
        files.append((Path(args.agency_identity_out), made.file_text(
            f"{args.name} ({args.code}) agency key: the verification workers decrypt bundles with it").encode()))
    else:
        raise AgencyError("recipients_missing", "agency: --agency-identity-out FILE or --agency-identity FILE")
    if args.recovery_recipient:
        pairs.append(("recovery", checked_recipient(args.recovery_recipient)))
    elif args.recovery_identity_out:
        made = new_identity()
        pairs.append(("recovery", made.recipient))
        files.append((Path(args.recovery_identity_out), made.file_text(
            f"{args.name} ({args.code}) recovery key: keep it offline, not on the server").encode()))
    else:
        raise AgencyError("recipients_missing", "recovery: --recovery-recipient AGE1… or --recovery-identity-out FILE")
    return pairs, files


def run_init(args: argparse.Namespace, language: str) -> int:
    engine = engine_for(args, current=False)
    upgrade_to_head(engine)
    recipients, identity_files = _recipients(args)
    ca = _imported_ca(args, language)
    prompts = ("新的 CA 口令（至少 12 个字符）: ", "再次输入: ") if language != "en" else \
        ("New CA passphrase (12 characters or more): ", "Again: ")
    passphrase = read_secret(args.passphrase_file, "--passphrase-file", prompts[0], confirm_prompt=prompts[1])
    trusted = []
    for path in args.trust_ca:
        try:
            trusted.append(load_pem_certificate(read_file(path)))
        except CertificateError as error:
            raise AgencyError("ca_file_unreadable", f"{path}: {error.reason}") from None
    with transaction(engine) as session:
        authority = initialise_authority(session, name=args.name, code=args.code, passphrase=passphrase, now=now(),
                                         ca=ca, trusted=tuple(trusted), recipients=tuple(recipients))
        # Inside the transaction: if an identity cannot be written, nothing was initialised.
        for path, text in identity_files:
            write_new_file(path, text, 0o600)
    write_json({"agency": {"name": args.name, "code": args.code}, "ca_fingerprint": authority.fingerprint,
                "origin": authority.origin, "ca_certificate": authority.certificate_pem,
                "recipients": dict(recipients), "identity_files": [str(path) for path, _ in identity_files]})
    return EXIT_OK


def _issue_into(args: argparse.Namespace, language: str, stem: str, issue) -> tuple[object, dict[str, Path]]:
    """Issue (`issue(session, passphrase)`) and write <stem>.pem, <stem>-key.pem (0600; not for a
    request, whose key stays with its owner) and agency-ca.pem into --out, inside the transaction:
    if a file cannot be written, nothing was issued."""
    engine = engine_for(args)
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    passphrase = ca_passphrase(args, language)
    files = {}
    with transaction(engine) as session:
        issued = issue(session, passphrase)
        if out is not None:
            files = {"certificate": out / f"{stem}.pem", "ca": out / "agency-ca.pem"}
            if issued.key is not None:
                files["key"] = out / f"{stem}-key.pem"
                write_new_file(files["key"], issued.key_pem(), 0o600)
            write_new_file(files["certificate"], certificate_pem(issued.certificate).encode("ascii"), 0o644)
            files["ca"].write_text(trusted_cas_pem(session), encoding="ascii")
    return issued, files


def run_server_certificate(args: argparse.Namespace, language: str) -> int:
    _, files = _issue_into(args, language, "server", lambda session, passphrase: issue_server_certificate(
        session, hosts=args.host, passphrase=passphrase, now=now()))
    write_json({"hosts": args.host, **{name: str(path) for name, path in files.items()}})
    return EXIT_OK


def run_workstation_add(args: argparse.Namespace, language: str) -> int:
    csr = None
    if args.csr:
        try:
            csr = x509.load_pem_x509_csr(read_file(args.csr))
        except ValueError as error:
            raise AgencyError("csr_invalid", f"{args.csr}: {error}") from None
    elif not args.out:
        raise AgencyError("output_missing", "--out DIR (the key made here goes there), or --csr FILE")
    issued, files = _issue_into(args, language, "workstation", lambda session, passphrase: issue_workstation(
        session, name=args.name, passphrase=passphrase, now=now(), csr=csr))
    write_json({"workstation_id": issued.subject_id, "name": args.name,
                "fingerprint": certificate_fingerprint(issued.certificate),
                "certificate_pem": certificate_pem(issued.certificate),
                **{name: str(path) for name, path in files.items()}})
    return EXIT_OK


def run_workstation_list(args: argparse.Namespace, language: str) -> int:
    with transaction(engine_for(args)) as session:
        rows = session.scalars(select(Workstation).order_by(Workstation.issued_at)).all()
        write_json([{"workstation_id": row.id, "name": row.name, "fingerprint": row.fingerprint,
                     "issued_at": row.issued_at.isoformat(), "not_after": row.not_after.isoformat(),
                     "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
                     "revoked_reason": row.revoked_reason} for row in rows])
    return EXIT_OK


def run_revoke_workstation(args: argparse.Namespace, language: str) -> int:
    with transaction(engine_for(args)) as session:
        workstation = revoke_workstation(session, args.workstation_id, reason=args.reason, now=now(),
                                         crl_reason=args.crl_reason)
        write_json({"workstation_id": workstation.id, "revoked_at": workstation.revoked_at.isoformat(),
                    "reason": workstation.revoked_reason})
    return EXIT_OK


def run_audit_verify(args: argparse.Namespace, language: str) -> int:
    with transaction(engine_for(args)) as session:
        check = verify_trail(session)
    write_json({"ok": check.ok, "events": check.count, "broken_at": check.broken_at})
    return EXIT_OK if check.ok else EXIT_VERIFICATION_FAILED
