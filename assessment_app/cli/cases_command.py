# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess cases list|add|show` over the case services."""

from __future__ import annotations

import argparse
import datetime
from dataclasses import asdict

from sqlalchemy import select

from forms.canonical import canonical_json_bytes

from assessment_app.cli.expert_sign_in import add_expert_options, signed_in
from assessment_app.cli.output import EXIT_OK, InputFileError, fail, read_input_text, write_line
from assessment_app.cli.records_access import add_records_options, open_records
from assessment_app.domain.case_types import ApplicationType, CaseStatus
from assessment_app.domain.errors import FieldError, FieldErrors
from assessment_app.messages import describe_error
from assessment_app.services.case_queries import case_detail, search_cases
from assessment_app.services.intake import IntakeRequest, register_case
from assessment_app.services.score_request import MalformedRequestError, parse_request_text
from assessment_app.storage.models import Expert
from assessment_app.storage.repositories import CaseQuery
from assessment_app.storage.unit_of_work import unit_of_work

INTAKE_KEYS = ("name", "resident_id", "phone", "address", "insurance_type", "application_type", "task_number",
               "planned_visit_date", "expert_numbers", "materials_received")
REQUIRED_INTAKE_KEYS = INTAKE_KEYS[:6]


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("cases", help="case records: list, add, show")
    actions = parser.add_subparsers(dest="cases_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="search and list cases (ID numbers masked)")
    add_records_options(listing)
    add_expert_options(listing)
    listing.add_argument("--json", action="store_true", help="JSON output")
    listing.add_argument("--search", help="name, ID number (or its beginning) or task number")
    listing.add_argument("--status", action="append", choices=[s.value for s in CaseStatus], default=[])
    listing.add_argument("--sort", choices=("created_at", "planned_visit_date", "name"), default="created_at")
    listing.add_argument("--ascending", action="store_true")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--offset", type=int, default=0)
    listing.set_defaults(run=run_list)

    add = actions.add_parser("add", help="register a case from an intake JSON document")
    add_records_options(add)
    add_expert_options(add)
    add.add_argument("--json", required=True, metavar="FILE", help="intake document, or - for standard input")
    add.set_defaults(run=run_add)

    show = actions.add_parser("show", help="one case: applicant, checklist, prior cases, flags, versions")
    add_records_options(show)
    add_expert_options(show)
    show.add_argument("case_id", metavar="CASE_ID")
    show.set_defaults(run=run_show)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def run_list(args: argparse.Namespace, language: str) -> int:
    query = CaseQuery(text=args.search, statuses=tuple(args.status), sort=args.sort, descending=not args.ascending,
                      limit=args.limit, offset=args.offset)
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        page = search_cases(records, query, actor=actor)
    if args.json:
        write_line(canonical_json_bytes({"total": page.total, "cases": [asdict(row) for row in page.rows]}))
        return EXIT_OK
    for row in page.rows:
        print("  ".join([row.created_on, row.resident_id_masked, row.applicant_name,
                         ApplicationType(row.application_type).label(language), CaseStatus(row.status).label(language),
                         row.task_number or "-", row.case_id]))
    print(("共 {total} 件，显示 {shown} 件" if language != "en" else "{total} case(s), {shown} shown").format(
        total=page.total, shown=len(page.rows)))
    return EXIT_OK


def _intake_request(document: object, records) -> IntakeRequest:
    if not isinstance(document, dict):
        raise MalformedRequestError("$", "not_object")
    unexpected = sorted(set(document) - set(INTAKE_KEYS))
    if unexpected:
        raise MalformedRequestError(unexpected[0], "unexpected_key")
    for key in REQUIRED_INTAKE_KEYS:
        if key not in document:
            raise MalformedRequestError(key, "missing_key")
    for key, value in document.items():
        is_list = key in ("expert_numbers", "materials_received")
        if is_list and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise MalformedRequestError(key, "not_string")
        if not is_list and not isinstance(value, str):
            raise MalformedRequestError(key, "not_string")
    expert_ids = []
    with unit_of_work(records.engine) as session:
        for number in document.get("expert_numbers", []):
            expert_id = session.scalar(select(Expert.id).where(Expert.expert_number == number))
            if expert_id is None:
                raise FieldErrors([FieldError("expert_ids", "unknown_expert", number)])
            expert_ids.append(expert_id)
    return IntakeRequest(
        **{key: document[key] for key in REQUIRED_INTAKE_KEYS},
        task_number=document.get("task_number", ""), planned_visit_date=document.get("planned_visit_date", ""),
        expert_ids=tuple(expert_ids), materials_received=tuple(document.get("materials_received", [])),
    )


def run_add(args: argparse.Namespace, language: str) -> int:
    try:
        text = read_input_text(args.json)
    except InputFileError as error:
        return fail(describe_error(error, language))
    document = parse_request_text(text)
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        result = register_case(records, _intake_request(document, records), datetime.date.today(), _now(), actor=actor)
    write_line(canonical_json_bytes({
        "case_id": result.case_id,
        "applicant_id": result.applicant_id,
        "applicant_was_known": result.applicant_was_known,
        "flags": [{"code": flag.code.value, "message": flag.message(language), "detail": flag.detail}
                  for flag in result.flags],
        "missing_materials": [requirement.code for requirement in result.missing_materials],
    }))
    return EXIT_OK


def run_show(args: argparse.Namespace, language: str) -> int:
    with open_records(args, language) as records, signed_in(records, args, language) as actor:
        detail = case_detail(records, args.case_id, actor=actor)
    document = asdict(detail)
    document["flags"] = [{"code": flag.code.value, "message": flag.message(language), "detail": flag.detail}
                         for flag in detail.flags]
    write_line(canonical_json_bytes(document))
    return EXIT_OK

