# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess backup create PATH` and `ltc-assess backup restore PATH`."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from forms.canonical import canonical_json_bytes

from assessment_app.cli.expert_sign_in import add_expert_options, sign_in, signed_in
from assessment_app.cli.output import EXIT_OK, read_input_text, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.services.backups import create_backup_file, restore_backup_file


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("backup", help="encrypted backup of all case records")
    actions = parser.add_subparsers(dest="backup_action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="write an encrypted backup file (signed in as an administrator)")
    add_records_options(create)
    add_expert_options(create)
    create.add_argument("path", metavar="PATH")
    create.add_argument("--backup-passphrase-file",
                        help="also protect the backup with this passphrase, so it can be restored on another computer")
    create.set_defaults(run=run_create)
    restore = actions.add_parser("restore", help="verify a backup completely, then replace the data with it "
                                                 "(signed in as an administrator)")
    add_records_options(restore)
    add_expert_options(restore)
    restore.add_argument("path", metavar="PATH")
    restore.add_argument("--backup-passphrase-file",
                         help="the backup's passphrase (for a backup made on another computer)")
    restore.set_defaults(run=run_restore)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _backup_passphrase(args: argparse.Namespace) -> str | None:
    if not args.backup_passphrase_file:
        return None
    text = read_input_text(args.backup_passphrase_file)
    return text.splitlines()[0] if text.strip() else ""


def run_create(args: argparse.Namespace, language: str) -> int:
    backup_passphrase = _backup_passphrase(args)
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        summary = create_backup_file(records, Path(args.path), backup_passphrase, actor=actor, now=_now())
    write_line(canonical_json_bytes({
        "path": str(summary.path), "created_at": summary.created_at, "members": summary.member_count,
        "bytes": summary.file_bytes, "passphrase_protected": summary.has_passphrase,
    }))
    return EXIT_OK


def run_restore(args: argparse.Namespace, language: str) -> int:
    backup_passphrase = _backup_passphrase(args)
    records = open_records(args, language)
    try:
        # No sign-out afterwards: the records it was issued on are gone, replaced by the backup's.
        # Without --expert only a new workstation (no agency yet) restores; the service decides.
        actor = sign_in(records, args, language) if args.expert else None
        summary = restore_backup_file(records, Path(args.path), backup_passphrase, actor=actor, now=_now())
    finally:
        records.close()
    write_line(canonical_json_bytes({"restored": True, "created_at": summary.created_at,
                                     "members": summary.member_count}))
    return EXIT_OK
