# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency`: the agency server's command line.

Exit status as `ltc-assess`: 0 on success, 1 when a verification failed (a quarantined import, a
broken audit trail), 2 on bad input, usage or an unreachable service; errors on stderr in zh_CN
(or en: --lang en, LANG=en…), results as JSON on stdout. Only argparse is imported at start: each
command imports its modules when it runs, so `ltc-agency --help` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from assessment_app.agency.cli.authority_parser import add_crl_reason_option, add_expert_commands, add_recipient_options

EXIT_OK, EXIT_VERIFICATION_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
LANGUAGES = ("zh_CN", "en")
SERVER_PACKAGES = {"starlette", "uvicorn", "psycopg", "anyio"}  # pyproject's `agency` extra


def detect_language(environ=os.environ) -> str:
    explicit = environ.get("LTC_ASSESS_LANG")
    if explicit in LANGUAGES:
        return explicit
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(variable):
            return "en" if environ[variable].startswith("en") else "zh_CN"
    return "zh_CN"


def _command(commands, name: str, handler: str, help_text: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text)
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ltc-agency", description="长护险评估机构服务器 (agency server)")
    parser.add_argument("--config", metavar="FILE", help="settings file (TOML); default: $LTC_AGENCY_CONFIG")
    parser.add_argument("--lang", choices=LANGUAGES, help="language of messages (default zh_CN, or from LANG)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    authority = "assessment_app.agency.cli.authority_commands"
    service = "assessment_app.agency.cli.service_commands"

    _command(commands, "migrate", f"{service}:run_migrate", "create or upgrade the database schema")
    init = _command(commands, "init", f"{authority}:run_init", "initialise the agency and its CA (once)")
    init.add_argument("--name", required=True, help="the agency's name, e.g. 某市医疗保障局")
    init.add_argument("--code", required=True, help="the agency's code, e.g. SZ-LTC")
    init.add_argument("--ca-certificate", metavar="FILE", help="import this CA certificate (PEM) instead of creating one")
    init.add_argument("--ca-key", metavar="FILE", help="the imported CA's private key (PEM)")
    init.add_argument("--ca-key-passphrase-file", metavar="FILE", help="passphrase of an encrypted --ca-key")
    init.add_argument("--trust-ca", action="append", default=[], metavar="FILE",
                      help="also trust this CA certificate (PEM, no key), e.g. the one the experts' certificates come from")
    init.add_argument("--passphrase-file", metavar="FILE", help="the new CA passphrase (first line); else asked twice")
    add_recipient_options(init)

    server_certificate = _command(commands, "server-certificate", f"{authority}:run_server_certificate",
                                  "issue the server's TLS certificate under the agency CA")
    server_certificate.add_argument("--host", action="append", required=True, help="host name or IP (repeatable)")
    server_certificate.add_argument("--out", required=True, metavar="DIR")
    server_certificate.add_argument("--passphrase-file", metavar="FILE", help="the CA passphrase (first line)")

    workstations = commands.add_parser("workstations", help="workstation (laptop) TLS certificates")
    actions = workstations.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = _command(actions, "add", f"{authority}:run_workstation_add", "issue a workstation's TLS client certificate")
    add.add_argument("name", help="a name for the laptop, e.g. 评估笔记本-07")
    add.add_argument("--csr", metavar="FILE", help="the laptop's request (`ltc-assess workstation request`): "
                                                   "its key stays on the laptop")
    add.add_argument("--out", metavar="DIR", help="where workstation.pem (and without --csr workstation-key.pem) go")
    add.add_argument("--passphrase-file", metavar="FILE", help="the CA passphrase (first line)")
    _command(actions, "list", f"{authority}:run_workstation_list", "list workstations")

    revoke = commands.add_parser("revoke", help="revoke a workstation or an expert")
    what = revoke.add_subparsers(dest="what", metavar="WHAT", required=True)
    revoke_workstation = _command(what, "workstation", f"{authority}:run_revoke_workstation", "revoke a workstation")
    revoke_workstation.add_argument("workstation_id")
    revoke_workstation.add_argument("--reason", required=True)
    add_crl_reason_option(revoke_workstation)
    add_expert_commands(commands, what)

    audit = commands.add_parser("audit", help="the server's audit trail")
    audit_actions = audit.add_subparsers(dest="action", metavar="ACTION", required=True)
    _command(audit_actions, "verify", f"{authority}:run_audit_verify", "check the hash chain of the audit trail")

    _command(commands, "serve", f"{service}:run_serve", "serve the API (HTTPS, client certificates)")
    worker = _command(commands, "worker", f"{service}:run_worker", "verify and register received bundles")
    worker.add_argument("--until-idle", action="store_true", help="stop when no bundle is waiting")
    worker.add_argument("--name", help="this worker's name in the audit trail (default host:pid)")

    importing = _command(commands, "import", f"{service}:run_import", "take an exported bundle directory in")
    importing.add_argument("path", metavar="PATH", help="the bundle directory (index.json and part files)")
    importing.add_argument("--wait", type=float, metavar="SECONDS",
                           help="wait this long for a worker's verdict (exit 1 when quarantined)")
    status = _command(commands, "status", f"{service}:run_status", "a bundle's status")
    status.add_argument("bundle", help="the bundle's id on the server (SHA-256 of its index.json)")

    from assessment_app.agency.cli.desk_parser import add_commands

    add_commands(commands, _command)

    upload = _command(commands, "upload", "assessment_app.agency.cli.upload_command:run_upload",
                      "send a bundle directory to an agency server (the laptop's client)")
    upload.add_argument("path", metavar="PATH")
    upload.add_argument("--server", required=True, help="https://host:port")
    upload.add_argument("--certificate", required=True, metavar="FILE", help="the workstation's certificate (PEM)")
    upload.add_argument("--key", required=True, metavar="FILE", help="the workstation's key (PEM)")
    upload.add_argument("--ca", required=True, metavar="FILE", help="the agency CA certificate (PEM)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    language = args.lang or detect_language()
    if not args.command or not hasattr(args, "handler"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    module_name, function = args.handler.split(":")
    try:
        return getattr(importlib.import_module(module_name), function)(args, language)
    except KeyboardInterrupt:
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the edge: a message, never a traceback
        return report_error(error, language)


def report_error(error: Exception, language: str) -> int:
    from assessment_app.agency.errors import AgencyError
    from assessment_app.agency.messages import describe_agency_reason

    if isinstance(error, ModuleNotFoundError) and (error.name or "").split(".")[0] in SERVER_PACKAGES:
        error = AgencyError("server_packages_missing", error.name)
    if isinstance(error, AgencyError):
        print(describe_agency_reason(error.reason, error.detail, language), file=sys.stderr)
        return EXIT_USAGE
    print(f"内部错误 / internal error: {type(error).__name__}: {error}", file=sys.stderr)
    return EXIT_INTERNAL


def write_json(document: object) -> None:
    import json

    sys.stdout.write(json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n")
    sys.stdout.flush()
