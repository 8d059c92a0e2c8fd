# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess video verify DIR [--key-file FILE] [--json]`.

Checks a visit's recording directory: chain hashes and links, no missing or extra segment,
ciphertext hashes; with the key also decryption, plaintext hashes and that every segment
decodes. Exit 0 when intact, 1 with the first bad segment named on stderr, 2 on usage errors.
The result is JSON on stdout either way.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from forms.canonical import canonical_json_bytes

from assessment_app.cli.output import EXIT_OK, EXIT_USAGE, EXIT_VERIFICATION_FAILED, fail, write_line
from assessment_app.cli.record_command import read_key_file
from assessment_app.messages.recording_text import describe_video_verification
from assessment_app.recording.verify import verify_recording


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("video", help="recorded visit video")
    actions = parser.add_subparsers(dest="video_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="verify a recording and name its first bad segment")
    verify.add_argument("directory", metavar="DIR", help="the visit's recording directory (holding chain-1, ...)")
    verify.add_argument("--key-file", metavar="FILE",
                        help="the key (64 hex digits): also decrypt and check that every segment plays")
    verify.add_argument("--json", action="store_true", help="JSON on stdout (the default; accepted for scripts)")
    verify.set_defaults(run=run_verify)


def run_verify(args: argparse.Namespace, language: str) -> int:
    directory = Path(args.directory)
    if not directory.is_dir():
        return fail(f"找不到录像目录 {directory}。" if language != "en"
                    else f"There is no recording directory {directory}.", EXIT_USAGE)
    key = read_key_file(Path(args.key_file)) if args.key_file else None
    report = verify_recording(directory, key)
    write_line(canonical_json_bytes({"directory": str(directory), **report.to_json()}))
    if not report.ok:
        return fail(describe_video_verification(report, language), EXIT_VERIFICATION_FAILED)
    return EXIT_OK
