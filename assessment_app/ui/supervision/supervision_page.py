# SPDX-License-Identifier: GPL-3.0-or-later
"""The 统计与稽核 page (reviewers and administrators): sign in to the agency server with one's own
signing key, filter by period, district and assessor, and see each of the server's supervision
tables as a plot beside its numbers (dashboard_section.py); export a table as CSV or the page as
PDF through a save dialog. Every slow call runs off the GUI thread, in order (InOrder in
ui/widgets/background.py); each slot makes one service call (services/supervision.py) and shows
its result or its AppError."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from assessment_app.domain import dashboard_tables as tables
from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.services import agency_desk, supervision
from assessment_app.services.supervision import DashboardFilter, FilterChoices, SupervisionDesk
from assessment_app.ui.shell.account_wording import role_label
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import error_text, show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.supervision.dashboard_charts import DashboardCharts
from assessment_app.ui.supervision.dashboard_section import DashboardSection
from assessment_app.ui.widgets.background import InOrder
from assessment_app.ui.widgets.in_memory import confirm_unencrypted_save
from assessment_app.ui.widgets.passphrase_frame import password_field

FILTER_DELAY_MS = 400  # a date typed digit by digit asks the server once, not per keystroke


class SupervisionPage(QWidget):
    def __init__(self, context: WorkContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("supervisionPage")
        self.context = context
        self.desk: SupervisionDesk | None = None
        self.connection: agency_desk.AgencyConnection | None = None  # the one signed in to
        self.choices: FilterChoices | None = None
        self.tables: dict[str, dict] = {}
        self.shown_filters = DashboardFilter()
        self.generation = 0  # results of an older request (filters since changed, signed out) are dropped
        # One HTTPS connection to the desk: its calls run one after another, off the GUI thread.
        self.calls = InOrder(on_busy=self._show_busy, owner=self, name="ltc-supervision")
        self.charts = DashboardCharts(self)

        self.heading = QLabel(self)
        set_look(self.heading, "pageHeading")
        self.connection_line = QLabel(self)
        self.connection_line.setObjectName("supervisionConnection")
        self.connection_line.setWordWrap(True)
        self.passphrase = password_field(self, "supervisionPassphrase")
        self.passphrase.setMinimumWidth(200)
        self.passphrase.returnPressed.connect(self.sign_in)
        self.sign_in_button = QPushButton(self)
        self.sign_in_button.setObjectName("supervisionSignIn")
        self.sign_in_button.clicked.connect(self.sign_in)
        self.sign_out_button = QPushButton(self)
        self.sign_out_button.setObjectName("supervisionSignOut")
        self.sign_out_button.clicked.connect(self.forget)

        self.since = QDateEdit(self)
        self.since.setObjectName("supervisionSince")
        self.until = QDateEdit(self)
        self.until.setObjectName("supervisionUntil")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._filters_changed)
        self.district = QComboBox(self)
        self.district.setObjectName("supervisionDistrict")
        self.assessor = QComboBox(self)
        self.assessor.setObjectName("supervisionAssessor")
        for combo in (self.district, self.assessor):
            combo.setMinimumWidth(150)
            combo.currentIndexChanged.connect(self._filters_changed)
        self.filter_labels = [QLabel(self) for _ in range(4)]
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("supervisionRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("supervisionExportPdf")
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.status = QLabel(self)
        self.status.setObjectName("supervisionStatus")
        set_look(self.status, "fieldHint")
        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self.refresh)

        self.sections = {name: DashboardSection(name, self.charts, self) for name in tables.TABLES}
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("supervisionTabs")
        for section in self.sections.values():
            section.export_requested.connect(lambda name: self.export_csv(name))
            self.tabs.addTab(section, "")

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.connection_line, 1)
        top.addWidget(self.status)  # also while signing in, before the filters show
        top.addWidget(self.passphrase)
        top.addWidget(self.sign_in_button)
        top.addWidget(self.sign_out_button)
        # The filters mean something only with the server's figures: shown once signed in.
        self.filter_bar = QWidget(self)
        filters = QHBoxLayout(self.filter_bar)
        filters.setContentsMargins(0, 0, 0, 0)
        for label, widget in zip(self.filter_labels, (self.since, self.until, self.district, self.assessor)):
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.refresh_button)
        filters.addStretch(1)
        filters.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.tabs, 1)
        layout.addStretch()  # keeps the top line at the top while the tabs are hidden
        self.retranslate(context.language)
        self._show_state()

    # -- signing in and out ---------------------------------------------------------------------

    def _connection(self) -> agency_desk.AgencyConnection | None:
        return agency_desk.workstation_connection(self.context.records)

    def sign_in(self) -> None:
        if self.desk is not None or self.calls.busy:
            return
        try:
            connection = self._connection()
        except AppError as error:
            show_error(self, self.tr("The agency server cannot be reached"), error, self.context.language)
            return
        if connection is None or not self.passphrase.text():
            self._show_state()
            self.passphrase.setFocus()
            return
        records, actor, passphrase, now = self.context.records, self.context.session, self.passphrase.text(), \
            self.context.now()
        self.passphrase.clear()
        self.generation += 1
        generation = self.generation

        def work():
            desk = supervision.open_desk(records, actor, passphrase, connection, now=now)
            try:
                return desk, desk.choices()
            except BaseException:
                desk.close()
                raise

        self.calls.submit(work, lambda result: self._signed_in(generation, connection, *result),
                          lambda error: self._failed(self.tr("Signing in to the agency server failed"), error))

    def _signed_in(self, generation: int, connection: agency_desk.AgencyConnection, desk: SupervisionDesk,
                   choices: FilterChoices) -> None:
        if generation != self.generation:
            self.calls.submit(desk.close, lambda _: None, lambda _: None)
            return
        self.desk, self.connection, self.choices = desk, connection, choices
        self._fill_choices(choices)
        self._show_state()
        self.refresh()

    def forget(self) -> None:
        """Sign out of the server (on 退出, or when another person signs in on the workstation)
        and clear every figure from the page."""
        self.generation += 1
        desk, self.desk, self.connection, self.choices, self.tables = self.desk, None, None, None, {}
        if desk is not None:
            self.calls.submit(desk.close, lambda _: None, lambda _: None)
        for section in self.sections.values():
            section.clear()
        self._show_state()

    def follow_session(self) -> None:
        """After a change of who is signed in on the workstation: the server session was the
        previous person's, so it ends."""
        if self.desk is not None and self.desk.actor is not self.context.session:
            self.forget()
        self._show_state()

    # -- filters and tables ---------------------------------------------------------------------

    def _fill_choices(self, choices: FilterChoices) -> None:
        for edit in (self.since, self.until):
            edit.blockSignals(True)
        first = choices.first_visit or self.context.today()
        last = choices.last_visit or self.context.today()
        self.since.setDate(QDate(first.year, first.month, first.day))
        self.until.setDate(QDate(last.year, last.month, last.day))
        for edit in (self.since, self.until):
            edit.blockSignals(False)
        for combo, values, everything in ((self.district, choices.districts, self.tr("All districts")),
                                          (self.assessor, choices.assessors, self.tr("All assessors"))):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(value, value)
            combo.blockSignals(False)

    def filters(self) -> DashboardFilter:
        """What the filter row says now; SupervisionError when the period is reversed."""
        return DashboardFilter(self.since.date().toPython(), self.until.date().toPython(),
                               self.district.currentData(), self.assessor.currentData())

    def _filters_changed(self, *_) -> None:
        if self.desk is not None:
            self.filter_timer.start()

    def refresh(self) -> None:
        self.filter_timer.stop()
        if self.desk is None:
            return
        try:
            filters = self.filters()
        except AppError as error:
            self.status.setText(error_text(error, self.context.language))
            return
        self.generation += 1
        generation, desk = self.generation, self.desk
        self.calls.submit(lambda: desk.tables(filters), lambda result: self._show_tables(generation, filters, result),
                          lambda error: self._failed(self.tr("The figures cannot be shown"), error))

    def _show_tables(self, generation: int, filters: DashboardFilter, result: dict[str, dict]) -> None:
        if generation != self.generation:
            return
        self.tables, self.shown_filters = result, filters
        for name, section in self.sections.items():
            section.show_table(result[name])
        self._show_state()

    # -- export ---------------------------------------------------------------------------------

    def export_csv(self, name: str, destination: str | None = None) -> None:
        if self.desk is None or name not in self.tables:
            return
        if destination is None:
            if name == tables.FREQUENT_REAPPLICANTS and not self.confirm_unencrypted():
                return
            suggested = f"{tables.title(name, self.context.language)}-{self.context.today().isoformat()}.csv"
            destination, _ = QFileDialog.getSaveFileName(self, self.tr("Save the table as CSV"), suggested,
                                                         self.tr("CSV files (*.csv)"))
            if not destination:
                return
        desk, filters, now, language = self.desk, self.shown_filters, self.context.now(), self.context.language
        self.calls.submit(lambda: supervision.export_table_csv(desk, name, filters, destination, now=now,
                                                               language=language),
                          self._saved, lambda error: self._failed(self.tr("The table was not saved"), error))

    def export_pdf(self, destination: str | None = None) -> None:
        if self.desk is None or not self.tables:
            return
        if destination is None:
            if not self.confirm_unencrypted():
                return
            suggested = self.tr("Supervision dashboard") + f"-{self.context.today().isoformat()}.pdf"
            destination, _ = QFileDialog.getSaveFileName(self, self.tr("Save the page as PDF"), suggested,
                                                         self.tr("PDF files (*.pdf)"))
            if not destination:
                return
        charts = {name: png for name, section in self.sections.items() if (png := section.chart_png())}
        desk, shown, filters = self.desk, dict(self.tables), self.shown_filters
        now, language = self.context.now(), self.context.language
        self.calls.submit(lambda: supervision.export_dashboard_pdf(desk, shown, charts, filters, destination, now=now,
                                                                   language=language),
                          self._saved, lambda error: self._failed(self.tr("The PDF was not saved"), error))

    def confirm_unencrypted(self) -> bool:
        """The re-applicants' names leave the encrypted data directory: said before the file is chosen."""
        return confirm_unencrypted_save(self, self.tr("Unencrypted file"), self.tr(
            "The file is NOT encrypted: it lists frequent re-applicants by name (ID numbers masked). Save it "
            "only where it is protected, and delete it when it is no longer needed. Save anyway?"))

    def _saved(self, path) -> None:
        self.status.setText(self.tr("Saved (not encrypted): {path}").format(path=path))

    # -- showing --------------------------------------------------------------------------------

    def _failed(self, title: str, error: AppError) -> None:
        self.status.setText("")
        show_error(self, title, error, self.context.language)

    def _show_busy(self, busy: bool) -> None:
        if busy:
            self.status.setText(self.tr("Asking the agency server…"))
        elif self.status.text() == self.tr("Asking the agency server…"):
            self.status.setText("")
        self._show_state()

    def _show_state(self) -> None:
        allowed = self.context.may(Permission.SUPERVISE)
        signed_in = self.desk is not None
        busy = self.calls.busy
        connection, problem = self.connection, None
        if not signed_in:
            try:
                connection = self._connection() if allowed else None
            except AppError as error:
                problem = error_text(error, self.context.language)
        if problem is not None:
            text = problem
        elif connection is None:
            text = self.tr("This workstation has no agency server set up: the supervision figures are kept on the "
                           "agency server. Ask the administrator to connect it.")
        elif signed_in:
            person = self.desk.person
            text = self.tr("Signed in at {server} as {number} {name} ({role})").format(
                server=connection.server_url, number=person.expert_number, name=person.name,
                role=role_label(person.role))
        else:
            text = self.tr("Agency server {server}: sign in with your signing key — type your personal "
                           "passphrase.").format(server=connection.server_url)
        self.connection_line.setText(text)
        can_sign_in = allowed and connection is not None and not signed_in
        self.passphrase.setVisible(can_sign_in)
        self.sign_in_button.setVisible(can_sign_in)
        self.sign_in_button.setEnabled(not busy)
        self.sign_out_button.setVisible(signed_in)
        for widget in (self.since, self.until, self.district, self.assessor, self.refresh_button):
            widget.setEnabled(signed_in)
        self.pdf_button.setEnabled(signed_in and bool(self.tables) and not busy)
        for section in self.sections.values():
            section.export_button.setEnabled(signed_in and section.table_data is not None and not busy)
        self.tabs.setVisible(signed_in)
        self.filter_bar.setVisible(signed_in)

    def retranslate(self, language: str) -> None:
        self.heading.setText(self.tr("Supervision"))
        self.passphrase.setPlaceholderText(self.tr("Personal passphrase"))
        self.sign_in_button.setText(self.tr("Sign in"))
        self.sign_out_button.setText(self.tr("Sign out of the server"))
        for label, text in zip(self.filter_labels, (self.tr("From"), self.tr("to"), self.tr("District"),
                                                    self.tr("Assessor"))):
            label.setText(text)
        self.refresh_button.setText(self.tr("Refresh"))
        self.pdf_button.setText(self.tr("Export PDF…"))
        self.pdf_button.setToolTip(self.tr("Save the whole page, plots and tables, as a PDF file"))
        short = {tables.GRADE_DISTRIBUTION: self.tr("Grades"), tables.SEVERE_SHARE_BY_MONTH: self.tr("Severe share"),
                 tables.REVIEW_OUTCOMES: self.tr("Review outcomes"), tables.VISITS_PER_DAY: self.tr("Visits per day"),
                 tables.VISIT_DURATION: self.tr("Duration"), tables.ANSWER_CHANGES: self.tr("Answer changes"),
                 tables.DUAL_ENTRY_AGREEMENT: self.tr("Dual entry"),
                 tables.FREQUENT_REAPPLICANTS: self.tr("Re-applicants")}
        for index, name in enumerate(tables.TABLES):
            self.tabs.setTabText(index, short[name])
            self.sections[name].retranslate(language)
        if self.choices is not None:
            self.district.setItemText(0, self.tr("All districts"))
            self.assessor.setItemText(0, self.tr("All assessors"))
        self._show_state()

