# SPDX-License-Identifier: GPL-3.0-or-later
"""The shared queue on the server: the newest version of every verified case, newest signed
first, with the laptop's filters (domain/review_queue.QueueFilter, here as SQL over indexed
columns; tests/agency/test_review_queue.py checks it selects what domain.matches selects) and
its flags, one page at a time.

A row shows the applicant's name and ID number to the signed-in reviewer: they are opened from
the sealed identity of the rows on the page only.
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from forms import default_registry

from assessment_app.agency.errors import AgencyError
from assessment_app.agency.records_key import IDENTITY, RecordsKey
from assessment_app.domain.review_flags import ReviewFlag, ReviewFlagCode
from assessment_app.domain.review_queue import ANY_FLAG, REVIEW_STATUSES, QueueFilter

MAX_PAGE_SIZE = 200
# Not the record: its JSON is large (stored apart, TOAST) and a page needs none of it.
_COLUMNS = """visit_id, case_id, version, application_type, signed_at, grade_code, form_id, form_version,
              first_expert, second_expert, review_status, review_reason, flags, claimed_by, claim_expires_at,
              district, synthetic, identity_sealed"""
_ORDER = "ORDER BY signed_at DESC NULLS LAST, visit_id DESC"


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    size: int

    def __post_init__(self) -> None:
        if self.number < 1 or not 1 <= self.size <= MAX_PAGE_SIZE:
            raise AgencyError("request_invalid", f"page {self.number}, size {self.size} (1–{MAX_PAGE_SIZE})")


def check_filter(filters: QueueFilter) -> QueueFilter:
    if filters.review_status is not None and filters.review_status not in REVIEW_STATUSES:
        raise AgencyError("request_invalid", f"review_status {filters.review_status}")
    if filters.flag is not None and filters.flag != ANY_FLAG and filters.flag not in set(ReviewFlagCode):
        raise AgencyError("request_invalid", f"flag {filters.flag}")
    return filters


def filter_sql(filters: QueueFilter) -> tuple[str, dict]:
    """`AND …` conditions (values bound) that select what domain.review_queue.matches selects."""
    check_filter(filters)
    conditions, parameters = [], {}
    if filters.review_status is not None:
        conditions.append("review_status = :review_status")
        parameters["review_status"] = filters.review_status
    if filters.expert_id is not None:
        conditions.append("(first_expert = :expert OR second_expert = :expert)")
        parameters["expert"] = filters.expert_id
    if filters.grade_code is not None:
        conditions.append("grade_code = :grade_code")
        parameters["grade_code"] = filters.grade_code
    if filters.flag == ANY_FLAG:
        conditions.append("cardinality(flag_codes) > 0")
    elif filters.flag is not None:
        conditions.append("flag_codes @> ARRAY[CAST(:flag AS text)]")
        parameters["flag"] = filters.flag
    return "".join(f" AND {condition}" for condition in conditions), parameters


def queue_sql(filters: QueueFilter) -> tuple[str, str, dict]:
    """(the page statement, the count statement, their parameters): what bench/agency.py times alone."""
    where, parameters = filter_sql(filters)
    rows = f"SELECT {_COLUMNS} FROM review_records WHERE is_newest{where} {_ORDER} LIMIT :limit OFFSET :offset"
    count = f"SELECT count(*) FROM review_records WHERE is_newest{where}"
    return rows, count, parameters


@functools.lru_cache(maxsize=64)
def _grade_labels(form_id: str, form_version: str) -> dict[int, dict]:
    try:
        form = default_registry().get(form_id, form_version)
    except Exception:  # noqa: BLE001 - a form this server does not have (a synthetic row): no label
        return {}
    return {grade.code: grade.label.as_dict() for grade in form.grades}


def grade_label(form_id: str, form_version: str, code: int | None) -> dict:
    return {} if code is None else _grade_labels(form_id, form_version).get(code, {})


def flag_json(flag: dict) -> dict:
    described = ReviewFlag(ReviewFlagCode(flag["code"]), flag["detail"])
    return {"code": flag["code"], "detail": {key: value for key, value in flag["detail"].items() if key != "item_names"},
            "message": {"zh_CN": described.message("zh_CN"), "en": described.message("en")}}


def open_identity(key: RecordsKey, visit_id: str, sealed: bytes) -> dict:
    return json.loads(key.open(IDENTITY, f"record:{visit_id}", sealed))


def queue_page(session: Session, key: RecordsKey, filters: QueueFilter, page: Page, names: dict[str, str],
               now: datetime.datetime) -> dict:
    rows_sql, count_sql, parameters = queue_sql(filters)
    total = session.execute(text(count_sql), parameters).scalar_one()
    rows = session.execute(text(rows_sql), {**parameters, "limit": page.size,
                                            "offset": (page.number - 1) * page.size}).mappings().all()
    return {"total": total, "page": page.number, "page_size": page.size, "filters": filters.used(),
            "rows": [queue_row_json(row, key, names, now) for row in rows]}


def queue_row_json(row, key: RecordsKey, names: dict[str, str], now: datetime.datetime) -> dict:
    identity = open_identity(key, row["visit_id"], row["identity_sealed"])
    claimed = row["claimed_by"] is not None and row["claim_expires_at"] > now
    return {
        "visit_id": row["visit_id"], "case_id": row["case_id"], "version": row["version"],
        "task_number": identity["task_number"], "applicant_name": identity["applicant"]["name"],
        "resident_id": identity["applicant"]["resident_id"], "application_type": row["application_type"],
        "signed_at": row["signed_at"].isoformat() if row["signed_at"] else None, "grade_code": row["grade_code"],
        "grade_label": grade_label(row["form_id"], row["form_version"], row["grade_code"]), "district": row["district"],
        "experts": [{"number": number, "name": names.get(number, number)}
                    for number in (row["first_expert"], row["second_expert"])],
        "review_status": row["review_status"], "review_reason": row["review_reason"],
        "flags": [flag_json(flag) for flag in row["flags"]],
        "claim": {"claimed_by": row["claimed_by"], "expires_at": row["claim_expires_at"].isoformat()} if claimed
        else None,
        "synthetic": row["synthetic"],
    }
