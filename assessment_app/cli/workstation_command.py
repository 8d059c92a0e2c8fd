# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess workstation request | show` and `ltc-assess upload CASE_ID | list`: the laptop's
enrolment with the agency server and its upload queue, headless, over the services the GUI uses.

    ltc-assess workstation request --name 评估笔记本-07 --out ws07.csr    # the key stays here
    # the agency: ltc-agency workstations add 评估笔记本-07 --csr ws07.csr; provision build …
    ltc-assess provision import ws07.ltc-provisioning.json [--confirm-fingerprint HEX]
    ltc-assess workstation show                                           # can this laptop upload?
    ltc-assess upload CASE_ID --expert NUMBER [--wait SECONDS]            # queue and send now

`upload` queues the case's newest exported bundle and works the queue until that bundle is sent
(or fails; with --wait 0 it only queues): the same queue the GUI shows, so an upload begun here
and cut off is resumed by the application, and the other way round.
"""

from __future__ import annotations

import argparse
import datetime
import os
import time
from dataclasses import asdict

from forms.canonical import canonical_json_bytes

from assessment_app.cli.expert_sign_in import add_expert_options, signed_in
from assessment_app.cli.output import EXIT_OK, EXIT_USAGE, EXIT_VERIFICATION_FAILED, write_line
from assessment_app.cli.records_access import add_records_options, open_records


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("workstation", help="this laptop's TLS identity towards the agency server")
    actions = parser.add_subparsers(dest="workstation_action", metavar="ACTION", required=True)
    request = actions.add_parser("request", help="make this laptop's key and a certificate request for the agency")
    add_records_options(request)
    add_expert_options(request)
    request.add_argument("--name", required=True, help="the laptop's name, e.g. 评估笔记本-07")
    request.add_argument("--out", required=True, metavar="FILE", help="where the request (PEM) goes, e.g. ws07.csr")
    request.set_defaults(run=run_request)
    show = actions.add_parser("show", help="whether this laptop can upload, and to which server")
    add_records_options(show)
    show.set_defaults(run=run_show)

    upload = commands.add_parser("upload", help="send a case's exported bundle to the agency server")
    add_records_options(upload)
    add_expert_options(upload)
    upload.add_argument("case_id", metavar="CASE_ID", nargs="?", help="the case (omit with --list)")
    upload.add_argument("--list", action="store_true", help="show the upload queue instead")
    upload.add_argument("--directory", metavar="DIR", help="the bundle folder, if it is no longer where it was written")
    upload.add_argument("--wait", type=float, default=3600.0, metavar="SECONDS",
                        help="send now and wait at most this long (0: only queue it; default 3600)")
    upload.set_defaults(run=run_upload)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def run_request(args: argparse.Namespace, language: str) -> int:
    from assessment_app.services.provisioning_import import pinned_fingerprint
    from assessment_app.services.workstation_identity import request_workstation_certificate

    with open_records(args, language) as records:
        # Before any agency package the data key alone may ask (as for the first package).
        if pinned_fingerprint(records) is None and not args.expert:
            made = request_workstation_certificate(records, args.name, _now())
        else:
            with signed_in(records, args, language) as actor:
                made = request_workstation_certificate(records, args.name, _now(), actor=actor)
    descriptor = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "w", encoding="ascii") as stream:
        stream.write(made.csr_pem)
    write_line(canonical_json_bytes({"request": args.out, "name": made.name,
                                     "public_key_sha256": made.public_key_sha256}))
    return EXIT_OK


def run_show(args: argparse.Namespace, language: str) -> int:
    from assessment_app.services.workstation_identity import UploadNotConfigured, workstation_connection

    with open_records(args, language) as records:
        try:
            connection = workstation_connection(records)
        except UploadNotConfigured as error:
            write_line(canonical_json_bytes({"configured": False, "reason": error.reason}))
            return EXIT_OK
    write_line(canonical_json_bytes({"configured": True, "workstation_id": connection.workstation_id,
                                     "name": connection.name, "server_url": connection.server_url}))
    return EXIT_OK


def run_upload(args: argparse.Namespace, language: str) -> int:
    from assessment_app.services import upload_queue as queue
    from assessment_app.services.upload_runner import UploadRunner

    if not args.list and not args.case_id:
        from assessment_app.cli.output import fail

        return fail("CASE_ID 或 --list / CASE_ID or --list", EXIT_USAGE)
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        if args.list:
            write_line(canonical_json_bytes([asdict(row) for row in queue.list_uploads(records, actor=actor)]))
            return EXIT_OK
        queued = queue.enqueue_case_upload(records, args.case_id, _now(), actor=actor, directory=args.directory)
        runner = UploadRunner(lambda: records)
        deadline = time.monotonic() + args.wait
        while args.wait > 0 and time.monotonic() < deadline:
            state = queue.upload_state(records, queued.upload_id)
            if state not in ("queued", "uploading", "waiting"):
                break
            if not runner.run_once():
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
        runner.refresh_case(args.case_id)
        runner.refresh_statuses(force=True)
        row = next(item for item in queue.list_uploads(records, actor=actor) if item.upload_id == queued.upload_id)
    write_line(canonical_json_bytes(asdict(row)))
    return EXIT_VERIFICATION_FAILED if row.state == "failed" or row.server_status == "quarantined" else EXIT_OK
