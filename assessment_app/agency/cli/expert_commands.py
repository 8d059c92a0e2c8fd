# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency experts add | enrolment-code | disable | list` and `ltc-agency revoke expert`.

The enrolment code is printed once (`enrolment_code` in the JSON on stdout; stderr reminds the
person at the terminal) and never stored: only its hash is, and it travels in the next packages. The PKCS#12
file of a key made here is written once, 0600, under a password the administrator chooses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cryptography import x509

from assessment_app.agency.cli import EXIT_OK, write_json
from assessment_app.agency.cli.command_support import ca_passphrase, engine_for, now, write_new_file
from assessment_app.agency.cli.secret_input import read_file, read_secret
from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.experts import (
    ExpertRequest, add_expert, disable_expert, issue_new_code, listed_experts, revoke_expert,
)
from assessment_app.security.certificates import CertificateError, certificate_pem, load_pem_certificate

_CODE_NOTICE = {
    "zh_CN": "一次性注册码（enrolment_code）只在本次输出中出现，服务器只保存其哈希：请当面、信函或电话交给 {name}，"
             "有效期至 {expires}。",
    "en": "The one-time enrolment code (enrolment_code) appears in this output only; the server keeps its hash. "
          "Hand it to {name} in person, by letter or phone; valid until {expires}.",
}


def _tell(language: str, name: str, expires) -> None:
    notice = _CODE_NOTICE["en" if language == "en" else "zh_CN"]
    print(notice.format(name=name, expires=expires.isoformat()), file=sys.stderr)


def _key_material(args: argparse.Namespace, language: str):
    csr = certificate = password = None
    if args.csr:
        try:
            csr = x509.load_pem_x509_csr(read_file(args.csr))
        except ValueError as error:
            raise AgencyError("csr_invalid", f"{args.csr}: {error}") from None
    elif args.certificate:
        try:
            certificate = load_pem_certificate(read_file(args.certificate))
        except CertificateError as error:
            raise AgencyError("certificate_rejected", f"{args.certificate}: {error.reason}") from None
    else:
        if not args.out:
            raise AgencyError("output_missing", "--out DIR (where NUMBER.p12 goes)")
        prompts = ("PKCS#12 文件口令（交给评估人员）: ", "再次输入: ") if language != "en" else \
            ("Password of the PKCS#12 file (for the expert): ", "Again: ")
        password = read_secret(args.p12_password_file, "--p12-password-file", prompts[0], confirm_prompt=prompts[1])
    return csr, certificate, password


def run_expert_add(args: argparse.Namespace, language: str) -> int:
    csr, certificate, password = _key_material(args, language)
    engine = engine_for(args)
    passphrase = ca_passphrase(args, language)
    out = Path(args.out) if args.out else None
    written = None
    with transaction(engine) as session:
        added = add_expert(session, ExpertRequest(args.name, args.number, args.qualification, args.role),
                           passphrase=passphrase, now=now(), csr=csr, certificate=certificate,
                           pkcs12_password=password, code_days=args.code_days)
        if out is not None:
            # Inside the transaction: a file that cannot be written means nothing was issued.
            out.mkdir(parents=True, exist_ok=True)
            if added.pkcs12 is not None:
                written = out / f"{added.expert_number}.p12"
                write_new_file(written, added.pkcs12, 0o600)
            else:
                written = out / f"{added.expert_number}.pem"
                write_new_file(written, certificate_pem(added.certificate).encode("ascii"), 0o644)
    _tell(language, args.name, added.enrolment_expires_at)
    write_json({"expert_number": added.expert_number, "expert_id": added.expert_id, "role": args.role,
                "certificate_serial": str(added.certificate.serial_number),
                "enrolment_code": added.enrolment_code,
                "enrolment_expires_at": added.enrolment_expires_at.isoformat(),
                "file": str(written) if written else None})
    return EXIT_OK


def run_expert_code(args: argparse.Namespace, language: str) -> int:
    with transaction(engine_for(args)) as session:
        code, expires_at = issue_new_code(session, args.number, now=now(), code_days=args.code_days)
    _tell(language, args.number, expires_at)
    write_json({"expert_number": args.number, "enrolment_code": code, "enrolment_expires_at": expires_at.isoformat()})
    return EXIT_OK


def run_expert_disable(args: argparse.Namespace, language: str) -> int:
    with transaction(engine_for(args)) as session:
        expert = disable_expert(session, args.number, reason=args.reason, now=now())
        write_json({"expert_number": expert.expert_number, "disabled_at": expert.disabled_at.isoformat(),
                    "reason": expert.disabled_reason})
    return EXIT_OK


def run_revoke_expert(args: argparse.Namespace, language: str) -> int:
    with transaction(engine_for(args)) as session:
        revoked = revoke_expert(session, args.number, reason=args.reason, now=now(), crl_reason=args.crl_reason)
        write_json({"expert_number": args.number, "revoked_certificates": [
            {"fingerprint": row.fingerprint, "serial_number": row.serial_number,
             "revoked_at": row.revoked_at.isoformat()} for row in revoked],
            "note": "the next provisioning package carries the revocation list"})
    return EXIT_OK


def run_expert_list(args: argparse.Namespace, language: str) -> int:
    def moment(value):
        return value.isoformat() if value else None
    with transaction(engine_for(args)) as session:
        write_json([{
            "expert_number": item.expert.expert_number, "name": item.expert.name, "role": item.expert.role,
            "qualification": item.expert.qualification, "created_at": moment(item.expert.created_at),
            "disabled_at": moment(item.expert.disabled_at), "disabled_reason": item.expert.disabled_reason,
            "enrolment_pending_until": moment(item.expert.enrolment_expires_at),
            "certificate": None if item.certificate is None else {
                "fingerprint": item.certificate.fingerprint, "serial_number": item.certificate.serial_number,
                "key_origin": item.certificate.key_origin, "not_after": moment(item.certificate.not_after)},
        } for item in listed_experts(session)])
    return EXIT_OK
