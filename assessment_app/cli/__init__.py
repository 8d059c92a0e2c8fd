"""`ltc-assess`: headless commands over the same services as the GUI.

Exit status 0 on success, 1 when a verification fails, 2 on bad input or usage; errors go to
stderr in the user's language, results go to stdout as JSON.
"""

from __future__ import annotations

import argparse
import os
import sys

from assessment_app import APP_NAME, APP_VERSION
from assessment_app.cli import (
    accounts_command,
    audit_command,
    backup_command,
    bundle_command,
    cases_command,
    demo_command,
    demo_data_command,
    experts_command,
    forms_command,
    identity_command,
    provision_command,
    record_command,
    report_command,
    review_command,
    score_command,
    selftest_command,
    settings_command,
    video_command,
)
from assessment_app.cli.output import EXIT_INTERNAL, EXIT_USAGE, EXIT_VERIFICATION_FAILED, fail
from assessment_app.messages import describe_error

LANGUAGE_CHOICES = ("zh_CN", "en")
# Reasons that mean "the data was checked and is not what it claims to be" (exit status 1).
VERIFICATION_FAILURES = frozenset({"backup_tampered", "backup_truncated", "attachment_corrupt", "corrupt",
                                   "bad_signature"})


def detect_language(environ: dict[str, str] | os._Environ = os.environ) -> str:
    """zh_CN unless the environment asks for English: Chinese is the product's first language."""
    explicit = environ.get("LTC_ASSESS_LANG")
    if explicit in LANGUAGE_CHOICES:
        return explicit
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "en" if value.startswith("en") else "zh_CN"
    return "zh_CN"


def version_text() -> str:
    from forms import default_registry
    from scoring import ENGINE_NAME, ENGINE_VERSION

    lines = [f"{APP_NAME} {APP_VERSION}", f"{ENGINE_NAME} {ENGINE_VERSION}"]
    lines += [f"form {entry.id} {entry.version}" for entry in default_registry().entries()]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=APP_NAME, description="长护险失能等级评估工作站 (headless commands)")
    parser.add_argument("--version", action="store_true", help="print application, engine and form versions")
    parser.add_argument("--lang", choices=LANGUAGE_CHOICES, help="language of messages (default: zh_CN, or from LANG)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in (forms_command, score_command, cases_command, experts_command, backup_command, demo_data_command,
                    settings_command, provision_command, accounts_command, identity_command, audit_command,
                    record_command, video_command, report_command, selftest_command, bundle_command, review_command,
                    demo_command):
        command.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    language = args.lang or detect_language()
    try:
        if args.version:
            print(version_text())
            return 0
        if not args.command:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return args.run(args, language)
    except BrokenPipeError:
        # A reader such as `head` went away; nothing is wrong with the data.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the edge: never show a traceback to a user
        return _report(exc, language)


def _report(error: Exception, language: str) -> int:
    """A typed error becomes its message (exit 1 for a failed verification, else 2); anything else is a bug."""
    try:
        message = describe_error(error, language)
    except TypeError:
        return fail(f"内部错误 / internal error: {type(error).__name__}: {error}", EXIT_INTERNAL)
    failed_check = getattr(error, "reason", "") in VERIFICATION_FAILURES
    return fail(message, EXIT_VERIFICATION_FAILED if failed_check else EXIT_USAGE)
