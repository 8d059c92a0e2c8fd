"""`ltc-agency init | server-certificate | workstations add/list | revoke workstation | audit verify`."""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from sqlalchemy import select

from assessment_app.agency.authority import (
    initialise_authority, issue_server_certificate, issue_workstation, revoke_workstation, trusted_cas_pem,
)
from assessment_app.agency.audit import verify_trail
from assessment_app.agency.cli import EXIT_OK, EXIT_VERIFICATION_FAILED, write_json
from assessment_app.agency.config import load_config
from assessment_app.agency.database import open_engine, require_head, transaction, upgrade_to_head
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import Workstation
from assessment_app.agency.cli.secret_input import read_file, read_secret
from assessment_app.security.certificates import (
    CertificateError, certificate_fingerprint, certificate_pem, load_pem_certificate,
)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _engine(args: argparse.Namespace, *, current: bool = True):
    config = load_config(args.config).need("database_url")
    engine = open_engine(config.database_url, pool_size=2, max_overflow=2)
    if current:
        require_head(engine)
    return engine


def _ca_passphrase(args: argparse.Namespace, language: str) -> str:
    prompt = "CA 口令: " if language != "en" else "CA passphrase: "
    return read_secret(args.passphrase_file, "--passphrase-file", prompt)


def _write(path: Path, data: bytes, mode: int) -> None:
    """Create a new file (never overwrite an issued key) with the given permissions."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise AgencyError("output_exists", str(path)) from None
    except OSError as error:
        raise AgencyError("output_unwritable", f"{path}: {error.strerror}") from None
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)


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


def run_init(args: argparse.Namespace, language: str) -> int:
    engine = _engine(args, current=False)
    upgrade_to_head(engine)
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
        authority = initialise_authority(session, name=args.name, code=args.code, passphrase=passphrase, now=_now(),
                                         ca=ca, trusted=tuple(trusted))
    write_json({"agency": {"name": args.name, "code": args.code}, "ca_fingerprint": authority.fingerprint,
                "origin": authority.origin, "ca_certificate": authority.certificate_pem})
    return EXIT_OK


def _issue_into(args: argparse.Namespace, language: str, stem: str, issue) -> tuple[object, dict[str, Path]]:
    """Issue (`issue(session, passphrase)`) and write <stem>.pem, <stem>-key.pem (0600) and
    agency-ca.pem into --out, inside the transaction: if a file cannot be written, nothing was issued."""
    engine = _engine(args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    passphrase = _ca_passphrase(args, language)
    files = {"certificate": out / f"{stem}.pem", "key": out / f"{stem}-key.pem", "ca": out / "agency-ca.pem"}
    with transaction(engine) as session:
        issued = issue(session, passphrase)
        _write(files["key"], issued.key_pem(), 0o600)
        _write(files["certificate"], certificate_pem(issued.certificate).encode("ascii"), 0o644)
        files["ca"].write_text(trusted_cas_pem(session), encoding="ascii")
    return issued, files


def run_server_certificate(args: argparse.Namespace, language: str) -> int:
    _, files = _issue_into(args, language, "server", lambda session, passphrase: issue_server_certificate(
        session, hosts=args.host, passphrase=passphrase, now=_now()))
    write_json({"hosts": args.host, **{name: str(path) for name, path in files.items()}})
    return EXIT_OK


def run_workstation_add(args: argparse.Namespace, language: str) -> int:
    issued, files = _issue_into(args, language, "workstation", lambda session, passphrase: issue_workstation(
        session, name=args.name, passphrase=passphrase, now=_now()))
    write_json({"workstation_id": issued.subject_id, "name": args.name,
                "fingerprint": certificate_fingerprint(issued.certificate),
                **{name: str(path) for name, path in files.items()}})
    return EXIT_OK


def run_workstation_list(args: argparse.Namespace, language: str) -> int:
    with transaction(_engine(args)) as session:
        rows = session.scalars(select(Workstation).order_by(Workstation.issued_at)).all()
        write_json([{"workstation_id": row.id, "name": row.name, "fingerprint": row.fingerprint,
                     "issued_at": row.issued_at.isoformat(), "not_after": row.not_after.isoformat(),
                     "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
                     "revoked_reason": row.revoked_reason} for row in rows])
    return EXIT_OK


def run_revoke_workstation(args: argparse.Namespace, language: str) -> int:
    with transaction(_engine(args)) as session:
        workstation = revoke_workstation(session, args.workstation_id, reason=args.reason, now=_now())
        write_json({"workstation_id": workstation.id, "revoked_at": workstation.revoked_at.isoformat(),
                    "reason": workstation.revoked_reason})
    return EXIT_OK


def run_audit_verify(args: argparse.Namespace, language: str) -> int:
    with transaction(_engine(args)) as session:
        check = verify_trail(session)
    write_json({"ok": check.ok, "events": check.count, "broken_at": check.broken_at})
    return EXIT_OK if check.ok else EXIT_VERIFICATION_FAILED
