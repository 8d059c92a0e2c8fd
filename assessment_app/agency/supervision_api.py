# SPDX-License-Identifier: GPL-3.0-or-later
"""The review desk's supervision routes: the agency-wide sample and 公示 list, the dashboard's
tables (JSON or CSV), and the settings (docs/formats/agency-api.md). Same authentication and
machinery as review_api.py."""

from __future__ import annotations

import datetime

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from assessment_app.agency import dashboard_queries, review_lists, review_settings
from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.review_api import _JSON_LIMIT, READ_ONLY, Call, _filters, _names, _trust_or_none, endpoint
from assessment_app.agency.review_registration import refresh_all_flags
from assessment_app.agency.review_trust import ADMINISTRATOR, REVIEWER
from assessment_app.agency.table_csv import table_csv
from forms import default_registry


def post_sample(call: Call) -> Response:
    document = call.json()
    try:
        percent = float(document.get("percent"))
    except (TypeError, ValueError):
        raise AgencyError("request_invalid", "percent") from None
    with transaction(call.engine) as session:
        sample = review_lists.draw_sample(session, _filters(document.get("filters") or {}), percent,
                                          str(document.get("seed", "")), drawn_by=call.reviewer.expert_number,
                                          now=call.now)
    return JSONResponse(sample, status_code=201)


def get_sample(call: Call) -> Response:
    with transaction(call.engine) as session:
        return JSONResponse(review_lists.get_sample(session, call.param("sample_id")))


def _date(call: Call, name: str) -> datetime.date | None:
    value = call.query(name)
    try:
        return None if value is None else datetime.date.fromisoformat(value)
    except ValueError:
        raise AgencyError("request_invalid", f"{name}: YYYY-MM-DD") from None


def publicity(call: Call) -> Response:
    from assessment_app.services.review_publicity import publicity_csv, publicity_pdf

    language = "en" if call.query("lang") == "en" else "zh_CN"
    with transaction(call.engine) as session:
        entries = review_lists.publicity_entries(session, call.key, since=_date(call, "since"),
                                                 until=_date(call, "until"), language=language)
        trust = _trust_or_none(session)
    agency_name = trust.package.agency.name if trust else ""
    form = call.query("format", "json")
    if form == "csv":
        return Response(publicity_csv(entries, language), media_type="text/csv; charset=utf-8")
    if form == "pdf":
        return Response(publicity_pdf(entries, agency_name, call.now.date(), language),
                        media_type="application/pdf")
    return JSONResponse({"entries": [vars(entry) for entry in entries]})


def dashboard_choices(call: Call) -> Response:
    with transaction(call.engine) as session:
        return JSONResponse(dashboard_queries.filter_choices(session))


def dashboard_table(call: Call) -> Response:
    filters = dashboard_queries.DashboardFilter(_date(call, "since"), _date(call, "until"), call.query("district"),
                                                call.query("assessor"))
    with transaction(call.engine) as session:
        context = dashboard_queries.Context(filters, review_settings.read_settings(session))
        form = default_registry().get("cn-ltc-2021")
        table = dashboard_queries.run_query(session, call.param("name"), context, key=call.key,
                                            names=_names(_trust_or_none(session)),
                                            grade_labels={grade.code: grade.label.as_dict() for grade in form.grades})
    if call.query("format") == "csv":
        filename = f"{call.param('name')}.csv"
        return Response(table_csv(table, call.query("lang", "zh_CN")), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    return JSONResponse(table)


def get_settings(call: Call) -> Response:
    with transaction(call.engine) as session:
        values = review_settings.read_settings(session)
    language = call.query("lang", "zh_CN")
    return JSONResponse({key: spec.describe(values[key], language) for key, spec in review_settings.SPECS.items()})


def put_setting(call: Call) -> Response:
    document = call.json()
    key = call.param("key")
    with transaction(call.engine) as session:
        value = review_settings.change_setting(session, key, str(document.get("value", "")),
                                               actor=f"administrator:{call.reviewer.expert_number}", now=call.now)
        if key in review_settings.FLAG_SETTINGS:
            refresh_all_flags(session)
    return JSONResponse({"key": key, "value": value})


def routes(api: str) -> list[Route]:
    desk = f"{api}/review"
    return [
        Route(f"{desk}/samples", endpoint(post_sample, roles=(REVIEWER,), body_limit=_JSON_LIMIT), methods=["POST"]),
        Route(f"{desk}/samples/{{sample_id:int}}", endpoint(get_sample, roles=(REVIEWER,)), methods=["GET"]),
        Route(f"{desk}/publicity", endpoint(publicity, roles=READ_ONLY), methods=["GET"]),
        Route(f"{desk}/dashboard", endpoint(dashboard_choices, roles=READ_ONLY), methods=["GET"]),
        Route(f"{desk}/dashboard/{{name:str}}", endpoint(dashboard_table, roles=READ_ONLY), methods=["GET"]),
        Route(f"{desk}/settings", endpoint(get_settings, roles=READ_ONLY), methods=["GET"]),
        Route(f"{desk}/settings/{{key:str}}", endpoint(put_setting, roles=(ADMINISTRATOR,), body_limit=_JSON_LIMIT),
              methods=["PUT"]),
    ]
