# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess`: headless commands over the same services as the GUI.

Exit status 0 on success, 1 when a verification fails, 2 on bad input or usage; errors go to
stderr in the user's language, results go to stdout as JSON.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from assessment_app.cli.output import EXIT_INTERNAL, EXIT_USAGE, EXIT_VERIFICATION_FAILED, fail
from assessment_app.security.process_hardening import disable_core_dumps
from assessment_app.version import APP_NAME, version_text

LANGUAGE_CHOICES = ("zh_CN", "en")
# Reasons that mean "the data was checked and is not what it claims to be" (exit status 1).
VERIFICATION_FAILURES = frozenset({"backup_tampered", "backup_truncated", "attachment_corrupt", "corrupt",
                                   "bad_signature"})

# Command name -> the module that registers it. Only the module of the command being run is
# imported: a command's services (SQLCipher, PyAV, reportlab, pyHanko …) cost a second or more
# to import, and `ltc-assess --version` or `score` needs none of the others.
COMMAND_MODULES = {
    "forms": "forms_command", "score": "score_command", "cases": "cases_command",
    "experts": "experts_command", "backup": "backup_command", "demo-data": "demo_data_command",
    "settings": "settings_command", "provision": "provision_command", "accounts": "accounts_command",
    "identity": "identity_command", "audit": "audit_command", "record": "record_command",
    "video": "video_command", "report": "report_command", "selftest": "selftest_command",
    "export": "bundle_command", "bundle": "bundle_command", "review": "review_command",
    "demo": "demo_command", "workstation": "workstation_command", "upload": "workstation_command",
}


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


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv`: only the command it names is imported and registered; `--version`
    alone registers none; help, usage errors and no argument at all register every command."""
    parser = argparse.ArgumentParser(prog=APP_NAME, description="长护险失能等级评估工作站 (headless commands)")
    parser.add_argument("--version", action="store_true", help="print application, engine and form versions")
    parser.add_argument("--lang", choices=LANGUAGE_CHOICES, help="language of messages (default: zh_CN, or from LANG)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _modules_for(sys.argv[1:] if argv is None else argv):
        importlib.import_module(f"assessment_app.cli.{module}").register(commands)
    return parser


def _modules_for(words: list[str]) -> list[str]:
    command = next((word for index, word in enumerate(words)
                    if not word.startswith("-") and (index == 0 or words[index - 1] != "--lang")), None)
    if command in COMMAND_MODULES:
        return [COMMAND_MODULES[command]]
    if command is None and "--version" in words and not {"-h", "--help"} & set(words):
        return []
    return list(dict.fromkeys(COMMAND_MODULES.values()))


def main(argv: list[str] | None = None) -> int:
    disable_core_dumps()
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words)
    args = parser.parse_args(words)
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
    from assessment_app.messages import NoMessage, describe_error

    try:
        message = describe_error(error, language)
    except NoMessage:
        return fail(f"内部错误 / internal error: {type(error).__name__}: {error}", EXIT_INTERNAL)
    failed_check = getattr(error, "reason", "") in VERIFICATION_FAILURES
    return fail(message, EXIT_VERIFICATION_FAILED if failed_check else EXIT_USAGE)
