# SPDX-License-Identifier: GPL-3.0-or-later
"""统计与稽核 on a reviewer's or administrator's workstation: sign in to the agency server with
one's own signing key, fetch the supervision dashboard's tables, and make their CSV and the
page's PDF. No Qt: the page calls these on a worker thread and shows what they return.

    desk = open_desk(records, actor, passphrase, connection, now=now)   # Permission.SUPERVISE
    choices = desk.choices()
    tables = desk.tables(DashboardFilter(since=…, until=…, district=…, assessor=…))
    data = desk.csv("visit_duration", filters, "zh_CN")                  # the server's CSV (BOM)
    pdf = dashboard_pdf(tables, charts, filters, …)
    save_export(records, actor, kind="dashboard_pdf", data=pdf, destination=path, now=now)

Every call checks, on this workstation, that the actor is signed in and holds SUPERVISE (as the
role the agency provisioned); the server checks its own session and role besides
(agency/supervision_api.py: reviewers and administrators). The ID numbers of re-applicants are
masked here before anything is shown or saved (domain/dashboard_tables.masked).

Where the agency server is, and the sign-in with the person's signing key, are shared with the
审核 page's remote records: services/agency_desk.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from assessment_app.agency.review_client import ReviewClient
from assessment_app.agency.table_csv import table_csv
from assessment_app.domain import dashboard_tables
from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.reports.supervision_report import ReportSection, render_supervision_report
from assessment_app.services.authorization import authorize
from assessment_app.services.agency_desk import AgencyConnection, SignedInPerson, sign_in_to_desk, sign_out_of_desk
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.plaintext_copies import save_unencrypted_copy
from assessment_app.storage.security_models import Agency
from assessment_app.storage.unit_of_work import unit_of_work

EXPORT_KINDS = ("dashboard_table", "dashboard_report")


class SupervisionError(AppError):
    """reason: period_reversed (since after until), unknown_table (detail: the name)."""

    def __init__(self, reason: str, detail: object = None):
        super().__init__(reason + ("" if detail is None else f" ({detail})"))
        self.reason = reason
        self.detail = "" if detail is None else str(detail)


@dataclass(frozen=True)
class DashboardFilter:
    since: datetime.date | None = None  # first day, inclusive (the visit's start, agency time)
    until: datetime.date | None = None  # last day, inclusive
    district: str | None = None
    assessor: str | None = None  # an expert number

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise SupervisionError("period_reversed", f"{self.since} > {self.until}")

    def query(self) -> dict[str, str]:
        return {key: value for key, value in (
            ("since", self.since.isoformat() if self.since else None),
            ("until", self.until.isoformat() if self.until else None),
            ("district", self.district), ("assessor", self.assessor)) if value}


@dataclass(frozen=True)
class FilterChoices:
    districts: list[str]
    assessors: list[str]
    first_visit: datetime.date | None
    last_visit: datetime.date | None


class SupervisionDesk:
    """A signed-in connection to the agency's dashboard, for one person on this workstation.
    One HTTPS connection: call it from one thread at a time."""

    def __init__(self, records: CaseRecords, actor, client: ReviewClient, person: SignedInPerson):
        self.records, self.actor, self.client, self.person = records, actor, client, person

    def _authorize(self) -> None:
        with unit_of_work(self.records.engine) as session:
            authorize(session, self.records, self.actor, Permission.SUPERVISE)

    def choices(self) -> FilterChoices:
        self._authorize()
        document = self.client.dashboard()
        return FilterChoices(list(document.get("districts") or []), list(document.get("assessors") or []),
                             _day(document.get("first_visit")), _day(document.get("last_visit")))

    def table(self, name: str, filters: DashboardFilter = DashboardFilter()) -> dict:
        self._authorize()
        return dashboard_tables.masked(self.client.dashboard(_known(name), **filters.query()))

    def tables(self, filters: DashboardFilter = DashboardFilter(),
               names: Iterable[str] = dashboard_tables.TABLES) -> dict[str, dict]:
        return {name: self.table(name, filters) for name in names}

    def csv(self, name: str, filters: DashboardFilter = DashboardFilter(), language: str = "zh_CN") -> bytes:
        """The server's CSV of the table (UTF-8 with BOM, CRLF, labels in `language`); the
        re-applicants' table is written here by the server's own writer from the masked rows,
        so its file holds no whole ID number."""
        if _known(name) == dashboard_tables.FREQUENT_REAPPLICANTS:
            return table_csv(self.table(name, filters), language)
        self._authorize()
        return self.client.dashboard(name, form="csv", language=language, **filters.query())

    def close(self) -> None:
        """Sign out on the server (best effort: an unreachable server ends the session by time)."""
        sign_out_of_desk(self.client)


def open_desk(records: CaseRecords, actor, passphrase: str, connection: AgencyConnection, *,
              now: datetime.datetime,
              client_factory: Callable[..., ReviewClient] = ReviewClient) -> SupervisionDesk:
    """Sign `actor` in on the agency server with their signing key (unlocked by `passphrase`,
    under the workstation's lockout); the key is dropped as soon as the challenge is signed."""
    client, person = sign_in_to_desk(records, actor, passphrase, connection, Permission.SUPERVISE, now=now,
                                     client_factory=client_factory)
    return SupervisionDesk(records, actor, client, person)


def dashboard_pdf(tables: dict[str, dict], charts: dict[str, bytes], filters: DashboardFilter, *,
                  agency_name: str, person: SignedInPerson, generated_at: datetime.datetime,
                  language: str = "zh_CN") -> bytes:
    """The page as an A4 landscape PDF in the reports' embedded font: for each table its chart
    (PNG, as the page drew it) and its numbers, in the page's order."""
    sections = []
    for name in dashboard_tables.TABLES:
        if name not in tables:
            continue
        table = dashboard_tables.masked(tables[name])
        header = [dashboard_tables.column_label(column, language) for column in table["columns"]]
        rows = [[dashboard_tables.cell_text(column["key"], row.get(column["key"]), language)
                 for column in table["columns"]] for row in table["rows"]]
        sections.append(ReportSection(dashboard_tables.title(name, language), charts.get(name), header, rows,
                                      _test_note(table, language) if name == dashboard_tables.GRADE_DISTRIBUTION
                                      else None))
    return render_supervision_report(sections, agency_name=agency_name, filters_line=_filters_line(filters, language),
                                     person_line=f"{person.expert_number} {person.name}".strip(),
                                     generated_at=generated_at, language=language)


def export_table_csv(desk: SupervisionDesk, name: str, filters: DashboardFilter, destination: str | Path, *,
                     now: datetime.datetime, language: str = "zh_CN") -> Path:
    """Save one table as CSV where the person chose (the server's CSV, re-applicants masked)."""
    data = desk.csv(name, filters, language)
    return save_export(desk.records, desk.actor, kind="dashboard_table", data=data, destination=destination, now=now)


def export_dashboard_pdf(desk: SupervisionDesk, tables: dict[str, dict], charts: dict[str, bytes],
                         filters: DashboardFilter, destination: str | Path, *, now: datetime.datetime,
                         language: str = "zh_CN") -> Path:
    """Save the page as PDF: the tables it shows, with the charts as it drew them."""
    with unit_of_work(desk.records.engine) as session:
        authorize(session, desk.records, desk.actor, Permission.SUPERVISE)
        agency = session.get(Agency, 1)
        agency_name = agency.name if agency else ""
    data = dashboard_pdf(tables, charts, filters, agency_name=agency_name, person=desk.person, generated_at=now,
                         language=language)
    return save_export(desk.records, desk.actor, kind="dashboard_report", data=data, destination=destination, now=now)


def save_export(records: CaseRecords, actor, *, kind: str, data: bytes, destination: str | Path,
                now: datetime.datetime) -> Path:
    """Write a CSV (`dashboard_table`) or the PDF (`dashboard_report`) where the person chose, the
    one way a document leaves this workstation in the clear (services/plaintext_copies.py:
    recorded in the station chain, never inside the data directory)."""
    if kind not in EXPORT_KINDS:
        raise SupervisionError("unknown_table", kind)
    return save_unencrypted_copy(records, actor, kind=kind, data=data, destination=destination, now=now)


def _known(name: str) -> str:
    if name not in dashboard_tables.TABLES:
        raise SupervisionError("unknown_table", name)
    return name


def _day(value) -> datetime.date | None:
    if not value:
        return None
    return datetime.datetime.fromisoformat(str(value)).date()


def _filters_line(filters: DashboardFilter, language: str) -> str:
    english = language == "en"
    everything = "all" if english else "全部"
    period = f"{filters.since or '…'} – {filters.until or '…'}" if filters.since or filters.until else everything
    if english:
        return (f"Period: {period} · district: {filters.district or everything} · "
                f"assessor: {filters.assessor or everything}")
    return f"期间：{period}　区县：{filters.district or everything}　评估人员：{filters.assessor or everything}"


def _test_note(table: dict, language: str) -> str | None:
    test = table.get("test")
    if not test:
        return None
    outliers = "、".join(test.get("outliers") or []) or ("none" if language == "en" else "无")
    threshold = dashboard_tables.cell_text("p_value", test.get("threshold"), language)
    if language == "en":
        return (f"Chi-square goodness of fit against the agency's grade shares; {test.get('assessors_tested')} "
                f"assessors with at least {test.get('min_visits')} visits tested; outlier when p < α/m = "
                f"{threshold} (α = {test.get('alpha')}, Bonferroni). Outliers: {outliers}.")
    return (f"卡方拟合优度检验（对照全机构各等级占比）；参与检验的评估人员 {test.get('assessors_tested')} 名"
            f"（评估次数不少于 {test.get('min_visits')}）；p < α/m = {threshold} 时判为异常"
            f"（α = {test.get('alpha')}，Bonferroni 校正）。异常：{outliers}。")
