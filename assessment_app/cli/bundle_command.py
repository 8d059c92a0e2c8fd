# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess export VISIT_ID --out DIR`, `ltc-assess bundle verify PATH --identity FILE`,
`ltc-assess bundle import PATH --identity FILE`.

Export needs both experts of the visit: each signs in with their personal passphrase, which also
unlocks their signing key: --passphrase-file-1/-2 (first line of each file, in the visit's expert
order) or two hidden prompts. Import signs in with --expert NUMBER (a reviewer). Verification needs trust anchors the
identity file cannot give, and never takes them from a file it merely finds: the CAs (and
revocations) provisioned in the data directory (--data-dir, or the default one), or an explicit
--ca FILE (the agency CA certificates, PEM), or — only when asked with --ca-beside-identity — the
agency-ca.pem kept beside the identity file (as the demo agency writes it). A CA taken from a
file is announced on stderr with its SHA-256 fingerprint, so whoever runs the check sees which
CA they trusted. Exit 0 valid / imported, 1 invalid / quarantined, 2 usage.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from forms.canonical import canonical_json_bytes

from cryptography import x509

from assessment_app.bundle.parts import DEFAULT_PART_SIZE
from assessment_app.bundle.verification import verify_bundle
from assessment_app.cli.output import EXIT_OK, EXIT_USAGE, EXIT_VERIFICATION_FAILED, fail, read_input_bytes, write_line
from assessment_app.cli.expert_sign_in import add_expert_options, signed_in
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.cli.secret_input import read_secret
from assessment_app.messages.bundle_text import describe_validation_report
from assessment_app.security.certificates import certificate_fingerprint, subject_identity
from assessment_app.security.trust import TrustAnchors
from assessment_app.services.bundle_export import export_signers, export_signing_in
from assessment_app.services.bundle_import import import_bundle
from assessment_app.services.case_records import DataState, data_state
from assessment_app.services.provisioning_import import AGENCY_CA_FILE
from assessment_app.services.trust_anchors import TrustUnavailable, workstation_trust_anchors


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="export a signed visit as an encrypted, signed bundle")
    export.add_argument("visit_id", metavar="VISIT_ID")
    export.add_argument("--out", required=True, metavar="DIR", help="directory to create the bundle directory in")
    export.add_argument("--passphrase-file-1", metavar="FILE", help="first expert's signing passphrase (first line)")
    export.add_argument("--passphrase-file-2", metavar="FILE", help="second expert's signing passphrase (first line)")
    export.add_argument("--part-size-mb", type=int, default=DEFAULT_PART_SIZE // (1024 * 1024), metavar="N",
                        help="largest part file in MiB (default 256)")
    add_records_options(export)
    export.set_defaults(run=run_export)

    bundle = commands.add_parser("bundle", help="verify or import a bundle")
    actions = bundle.add_subparsers(dest="bundle_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="verify a bundle and list every check")
    verify.add_argument("path", metavar="PATH", help="the bundle directory (index.json and part files)")
    verify.add_argument("--identity", required=True, metavar="FILE", help="age identity file (AGE-SECRET-KEY-1…)")
    verify.add_argument("--ca", metavar="FILE", help="agency CA certificates (PEM); default: the data directory's")
    verify.add_argument("--ca-beside-identity", action="store_true",
                        help=f"trust the {AGENCY_CA_FILE} beside the identity file (its fingerprint is printed)")
    verify.add_argument("--json", action="store_true", help="the validation report as JSON on stdout")
    add_records_options(verify)
    verify.set_defaults(run=run_verify)
    importing = actions.add_parser("import", help="verify, then import into the data directory (or quarantine)")
    importing.add_argument("path", metavar="PATH")
    importing.add_argument("--identity", required=True, metavar="FILE", help="age identity file (AGE-SECRET-KEY-1…)")
    add_records_options(importing)
    add_expert_options(importing)
    importing.set_defaults(run=run_import)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def run_export(args: argparse.Namespace, language: str) -> int:
    if args.part_size_mb < 1:
        return fail("分卷大小至少 1 MiB。" if language != "en" else "The part size must be at least 1 MiB.", EXIT_USAGE)
    with open_records(args, language) as records:
        passphrases = []
        for position, expert in enumerate(export_signers(records, args.visit_id), start=1):
            prompt = (f"{expert.expert_number} 的个人口令: " if language != "en"
                      else f"Personal passphrase of {expert.expert_number}: ")
            passphrases.append((expert.expert_number, read_secret(
                getattr(args, f"passphrase_file_{position}"), f"--passphrase-file-{position}", prompt)))
        result = export_signing_in(records, args.visit_id, Path(args.out), passphrases=passphrases, now=_now(),
                                   part_size=args.part_size_mb * 1024 * 1024, progress=_progress_printer())
    write_line(canonical_json_bytes({"bundle_dir": str(result.bundle_dir), "bundle_id": result.bundle_id,
                                     "parts": result.parts, "bytes": result.bytes,
                                     "manifest_sha256": result.manifest_sha256}))
    return EXIT_OK


def _progress_printer():
    if not sys.stderr.isatty():
        return None
    started = datetime.datetime.now().timestamp()

    def show(done: int, total: int) -> None:
        elapsed = max(datetime.datetime.now().timestamp() - started, 1e-3)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0
        sys.stderr.write(f"\r{done * 100 // max(total, 1):3d}%  {rate / 1e6:6.1f} MB/s  {left:5.0f} s left")
        if done >= total:
            sys.stderr.write("\n")
    return show


def _trust_anchors(args: argparse.Namespace, language: str) -> TrustAnchors | str:
    """The anchors to verify with, or the message saying why there are none."""
    english = language == "en"
    if args.ca and args.ca_beside_identity:
        return "--ca and --ca-beside-identity exclude each other." if english else "--ca 与 --ca-beside-identity 只能选一个。"
    if args.ca or args.ca_beside_identity:
        name = args.ca or str(Path(args.identity).with_name(AGENCY_CA_FILE))
        try:
            certificates = tuple(x509.load_pem_x509_certificates(read_input_bytes(name)))
        except ValueError:
            return (f"{name} holds no PEM certificate." if english else f"{name} 中没有 PEM 格式的证书。")
        for certificate in certificates:
            subject = subject_identity(certificate).common_name or certificate.subject.rfc4514_string()
            print((f"Trusting the agency CA in {name}: {subject}, SHA-256 {certificate_fingerprint(certificate)}"
                   if english else
                   f"信任文件 {name} 中的机构 CA：{subject}，SHA-256 {certificate_fingerprint(certificate)}"),
                  file=sys.stderr)
        return TrustAnchors(certificates)
    no_anchors = ("No trusted CA: give a provisioned --data-dir, or --ca FILE." if english
                  else "没有信任的 CA：请用 --data-dir 指定已配置的数据目录，或用 --ca FILE 指定。")
    if Path(args.identity).with_name(AGENCY_CA_FILE).is_file():
        no_anchors += (f" An {AGENCY_CA_FILE} lies beside the identity file: it is trusted only with "
                       "--ca-beside-identity (compare the fingerprint it prints with the agency's)." if english else
                       f" 身份文件旁有 {AGENCY_CA_FILE}：只有加 --ca-beside-identity 才会信任它（请核对显示的指纹）。")
    if data_state(args.data_dir) is DataState.NEW:
        return no_anchors  # verifying must not create a data directory
    with open_records(args, language) as records:
        try:
            return workstation_trust_anchors(records)
        except TrustUnavailable as error:
            if error.reason != "not_provisioned":
                raise  # a damaged revocation list is said as such, never taken for "no CA"
            return no_anchors


def run_verify(args: argparse.Namespace, language: str) -> int:
    if not Path(args.identity).is_file():
        return fail(f"找不到身份文件 {args.identity}。" if language != "en"
                    else f"There is no identity file {args.identity}.", EXIT_USAGE)
    anchors = _trust_anchors(args, language)
    if isinstance(anchors, str):
        return fail(anchors, EXIT_USAGE)
    report = verify_bundle(Path(args.path), Path(args.identity), anchors, now=_now())
    if args.json:
        write_line(canonical_json_bytes(report.to_json()))
    else:
        for line in describe_validation_report(report, language):
            print(line)
    return EXIT_OK if report.ok else EXIT_VERIFICATION_FAILED


def run_import(args: argparse.Namespace, language: str) -> int:
    if not Path(args.identity).is_file():
        return fail(f"找不到身份文件 {args.identity}。" if language != "en"
                    else f"There is no identity file {args.identity}.", EXIT_USAGE)
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        result = import_bundle(records, Path(args.path), Path(args.identity), now=_now(), actor=actor)
    write_line(canonical_json_bytes({"status": result.status, "bundle_id": result.bundle_id,
                                     "visit_id": result.visit_id,
                                     "quarantine_path": str(result.quarantine_path) if result.quarantine_path else None,
                                     "report": result.report.to_json()}))
    if result.status == "quarantined":
        return fail("\n".join(describe_validation_report(result.report, language)), EXIT_VERIFICATION_FAILED)
    return EXIT_OK
