# SPDX-License-Identifier: GPL-3.0-or-later
"""The 审核 page: the queue of signed records with filters (review status, expert, grade, flag),
a seeded spot-check sample of N %, the export of the 公示 list, and the record view of one record.

The records are where the RecordSource says (services/record_source.py): this workstation's own,
or — once the reviewer signs in on the desk bar (desk_bar.py) — the agency server's shared queue,
where a record is claimed (or the next one), released, and shown with who holds it."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDoubleSpinBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QPushButton, QSpinBox, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from assessment_app.domain.resident_id import mask_resident_id
from assessment_app.domain.review_flags import ReviewFlagCode
from assessment_app.domain.review_publicity import mask_name
from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.services.experts import list_experts
from assessment_app.services.record_source import LocalRecordSource, RecordSource
from assessment_app.services.remote_records import RemoteRecordSource
from assessment_app.services.review_queue import ANY_FLAG, REVIEW_STATUSES, QueueFilter, QueueRow
from assessment_app.ui.review.bundle_import_dialog import BundleImportDialog
from assessment_app.ui.review.desk_bar import DeskBar
from assessment_app.ui.review.source_calls import SourceCalls
from assessment_app.ui.review.review_record_view import ReviewRecordView
from assessment_app.ui.shell.user_feedback import show_error
from assessment_app.ui.shell.work_context import WorkContext

SEED_LIMIT = 999_999_999
COLUMNS = 9
FLAGS_COLUMN, CLAIM_COLUMN = 7, 8


class ReviewPage(QWidget):
    def __init__(self, context: WorkContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewPage")
        self.context = context
        self.rows: list[QueueRow] = []
        self.sampled: set[str] = set()
        self.calls = SourceCalls(self)
        self.desk_bar = DeskBar(context, self.calls, self)
        self.desk_bar.signed_in.connect(lambda _: self._source_changed())
        self.desk_bar.signed_out.connect(self._source_changed)

        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("reviewStatusFilter")
        self.expert_filter = QComboBox(self)
        self.expert_filter.setObjectName("reviewExpertFilter")
        self.grade_filter = QComboBox(self)
        self.grade_filter.setObjectName("reviewGradeFilter")
        self.flag_filter = QComboBox(self)
        self.flag_filter.setObjectName("reviewFlagFilter")
        for combo in (self.status_filter, self.expert_filter, self.grade_filter, self.flag_filter):
            combo.currentIndexChanged.connect(lambda _: self.reload())
        self.filter_labels = [QLabel(self) for _ in range(4)]
        self.percent = QDoubleSpinBox(self)
        self.percent.setObjectName("reviewSamplePercent")
        self.percent.setRange(0.5, 100)
        self.percent.setDecimals(1)
        self.percent.setValue(10)
        self.percent.setSuffix(" %")
        self.seed = QSpinBox(self)
        self.seed.setObjectName("reviewSampleSeed")
        self.seed.setRange(0, SEED_LIMIT)
        self.seed.setValue(secrets.randbelow(SEED_LIMIT))
        self.seed_label = QLabel(self)
        self.sample_button = QPushButton(self)
        self.sample_button.setObjectName("reviewDrawSample")
        self.sample_button.clicked.connect(self.draw_sample)
        self.publicity_button = QPushButton(self)
        self.publicity_button.setObjectName("reviewExportPublicity")
        self.publicity_button.clicked.connect(lambda: self.export_publicity())
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("reviewImportBundle")
        self.import_button.clicked.connect(lambda: self.import_bundle())
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("reviewOpenRecord")
        self.open_button.clicked.connect(self.open_selected)
        self.claim_button = QPushButton(self)
        self.claim_button.setObjectName("reviewClaim")
        self.claim_button.clicked.connect(self.claim_selected)
        self.claim_next_button = QPushButton(self)
        self.claim_next_button.setObjectName("reviewClaimNext")
        self.claim_next_button.clicked.connect(self.claim_next)
        self.release_button = QPushButton(self)
        self.release_button.setObjectName("reviewRelease")
        self.release_button.clicked.connect(self.release_selected)
        self.summary = QLabel(self)
        self.summary.setObjectName("reviewQueueSummary")
        self.summary.setWordWrap(True)

        self.table = QTableWidget(self)
        self.table.setObjectName("reviewQueue")
        self.table.setColumnCount(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.cellDoubleClicked.connect(lambda row, _: self.open_row(row))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FLAGS_COLUMN, QHeaderView.ResizeMode.Stretch)

        filters = QHBoxLayout()
        for label, combo in zip(self.filter_labels, (self.status_filter, self.expert_filter, self.grade_filter,
                                                     self.flag_filter)):
            filters.addWidget(label)
            filters.addWidget(combo)
        filters.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.percent)
        actions.addWidget(self.seed_label)
        actions.addWidget(self.seed)
        actions.addWidget(self.sample_button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.claim_next_button)
        actions.addWidget(self.claim_button)
        actions.addWidget(self.release_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.publicity_button)
        queue = QWidget(self)
        queue_layout = QVBoxLayout(queue)
        queue_layout.setContentsMargins(8, 8, 8, 8)
        queue_layout.addWidget(self.desk_bar)
        queue_layout.addLayout(filters)
        queue_layout.addLayout(actions)
        queue_layout.addWidget(self.summary)
        queue_layout.addWidget(self.table, 1)
        self.queue_view = queue

        self.record_view = ReviewRecordView(context, self.calls, self)
        self.record_view.source = self.source
        self.record_view.back_requested.connect(self.show_queue)
        self.record_view.decided.connect(lambda _: self.reload())
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.queue_view)
        self.stack.addWidget(self.record_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.retranslate(context.language)

    # -- the queue ----------------------------------------------------------------------------

    def _filters(self) -> QueueFilter:
        return QueueFilter(review_status=self.status_filter.currentData(), expert_id=self.expert_filter.currentData(),
                           grade_code=self.grade_filter.currentData(), flag=self.flag_filter.currentData())

    def source(self) -> RecordSource:
        """Where the records are: the agency server once the reviewer signed in there, else here."""
        if self.desk_bar.source is not None:
            return self.desk_bar.source
        return LocalRecordSource(self.context.records, self.context.session)

    @property
    def remote(self) -> RemoteRecordSource | None:
        return self.desk_bar.source

    def _source_changed(self) -> None:
        self.calls.changed(self.remote is not None)
        self.sampled = set()
        self._fill_filters()
        self._show_mode()
        if self.stack.currentWidget() is self.record_view:
            self.show_queue()
        else:
            self.reload()

    def _show_mode(self) -> None:
        remote = self.remote is not None
        for button in (self.claim_button, self.claim_next_button, self.release_button):
            button.setVisible(remote)
        self.import_button.setVisible(not remote)  # bundles reach the server by upload or its own import
        self.table.setColumnHidden(CLAIM_COLUMN, not remote)

    def follow_session(self) -> None:
        """After a change of who is signed in on the workstation."""
        self.desk_bar.follow_session()

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Ask the source for the queue; show it, then `then()`."""
        if not self.context.may(Permission.REVIEW):  # the page is built for everyone, shown to reviewers
            self._show_rows([])
            return
        source, filters = self.source(), self._filters()

        def shown(rows) -> None:
            self._show_rows(rows)
            if then is not None:
                then()

        def failed(error: AppError) -> None:
            show_error(self, self.tr("The queue cannot be shown"), error, self.context.language)
            self._show_rows([])
        self.calls.run(lambda: source.queue(filters), shown, failed)

    def _show_rows(self, rows: list[QueueRow]) -> None:
        self.rows = rows
        language = self.context.language
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            values = [row.task_number or row.case_id[:8], f"{mask_name(row.applicant_name)}  "
                      f"{mask_resident_id(row.resident_id)}", (row.signed_at or "")[:10],
                      row.grade_label.get(language, "") if row.grade_label else "", "、".join(row.expert_names),
                      self.record_view.decision_name(row.review_status),
                      self.tr("in sample") if row.visit_id in self.sampled else "",
                      "；".join(flag.message(language) for flag in row.flags), self.claim_text(row)]
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                if column == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, row.visit_id)
                self.table.setItem(index, column, cell)
        self.summary.setText(self.tr("{count} signed records; {flagged} flagged").format(
            count=len(self.rows), flagged=sum(1 for row in self.rows if row.flags)))

    def claim_text(self, row: QueueRow) -> str:
        if row.claimed_by is None:
            return ""
        until = (row.claim_expires_at or "")[11:16]
        if self.remote is not None and self.remote.holds_claim(row):
            return self.tr("you, until {time} UTC").format(time=until)
        return self.tr("{reviewer}, until {time} UTC").format(reviewer=row.claimed_by, time=until)

    def _selected_row(self) -> QueueRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _select(self, visit_ids: set[str]) -> None:
        """Select the first shown row of these records."""
        index = next((index for index, row in enumerate(self.rows) if row.visit_id in visit_ids), None)
        if index is not None:
            self.table.selectRow(index)

    def claim_selected(self) -> bool:
        row, source = self._selected_row(), self.remote
        if source is None or row is None:
            return False
        return self._claim_call(lambda: source.claim(row.visit_id) and row.visit_id,
                                self.tr("The record was not claimed"))

    def claim_next(self) -> bool:
        source, filters = self.remote, self._filters()
        if source is None:
            return False
        return self._claim_call(lambda: source.claim_next(filters), self.tr("No record was claimed"))

    def release_selected(self) -> bool:
        row, source = self._selected_row(), self.remote
        if source is None or row is None:
            return False
        return self._claim_call(lambda: source.release(row.visit_id) or row.visit_id,
                                self.tr("The claim was not released"))

    def _claim_call(self, call: Callable[[], str | None], title: str) -> bool:
        """A claim call on the server, then the queue again with the record selected."""
        def done(visit_id: str | None) -> None:
            if visit_id is None:
                self.reload(lambda: self.summary.setText(self.tr("No unclaimed record is left in the shown queue.")))
            else:
                self.reload(lambda: self._select({visit_id}))

        def failed(error: AppError) -> None:  # the server's refusal (claimed by another …), in the user's language
            show_error(self, title, error, self.context.language)
            self.reload()
        return self.calls.run(call, done, failed)

    def open_selected(self) -> bool:
        rows = self.table.selectionModel().selectedRows()
        return self.open_row(rows[0].row()) if rows else False

    def open_row(self, row: int) -> bool:
        if not 0 <= row < len(self.rows):
            return False
        return self.open_visit(self.rows[row].visit_id)

    def open_visit(self, visit_id: str) -> bool:
        return self.record_view.show_visit(visit_id, then=lambda: self.stack.setCurrentWidget(self.record_view))

    def show_queue(self) -> None:
        self.record_view.player.pause()
        self.stack.setCurrentWidget(self.queue_view)
        self.reload()

    def draw_sample(self) -> bool:
        source, percent, seed, now, filters = (self.source(), self.percent.value(), self.seed.value(),
                                               self.context.now(), self._filters())
        return self.calls.run(lambda: source.draw_sample(percent, seed, now=now, filters=filters), self._sampled,
                              lambda error: show_error(self, self.tr("No sample was drawn"), error,
                                                       self.context.language))

    def _sampled(self, sample) -> None:
        self.sampled = set(sample.visit_ids)
        self.reload(lambda: self._show_sample(sample))

    def _show_sample(self, sample) -> None:
        self._select(self.sampled)
        self.summary.setText(self.tr("Sample of {percent} % with seed {seed}: {count} of {total} records "
                                     "(logged in the audit log)").format(
            percent=f"{sample.percent:g}", seed=sample.seed, count=len(sample.visit_ids),
            total=len(sample.population)))

    def import_bundle(self) -> BundleImportDialog:
        """Opens the import dialog (window-modal, not blocking); an imported record joins the queue."""
        dialog = BundleImportDialog(self.context, self)
        dialog.imported.connect(lambda _: self.reload())
        dialog.open_requested.connect(self.open_visit)
        dialog.finished.connect(dialog.deleteLater)
        dialog.setModal(True)
        dialog.open()
        return dialog

    def export_publicity(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the public list (公示)"), "公示名单.csv",
                                                  self.tr("CSV for Excel (*.csv);;PDF (*.pdf)"))
            if not path:
                return False
        source, now, language = self.source(), self.context.now(), self.context.language
        return self.calls.run(lambda: source.export_publicity(path, now=now, language=language),
                              lambda count: self._exported(count, path),
                              lambda error: show_error(self, self.tr("The public list was not exported"), error,
                                                       language))

    def _exported(self, count: int, path: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Public list exported"), self.tr(
            "{count} approved assessments, names and ID numbers masked, written to {path}.").format(
            count=count, path=path), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("publicityExported")
        box.exec()

    # -- language -----------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        language = self.context.language
        statuses = {"pending": self.tr("Pending"), "approved": self.tr("Approved"),
                    "returned": self.tr("Returned"), "recheck_ordered": self.tr("Review (复核) ordered")}
        flags = {ReviewFlagCode.ANSWERED_WHILE_PAUSED: self.tr("Answered while paused"),
                 ReviewFlagCode.SHORT_VISIT: self.tr("Short visit"),
                 ReviewFlagCode.MANY_CHANGES: self.tr("Many changes"),
                 ReviewFlagCode.SELF_ASSESSMENT_GAP: self.tr("Self-assessment ≥ 2 grades apart"),
                 ReviewFlagCode.EARLY_REASSESSMENT: self.tr("Early reassessment")}
        try:
            experts = [expert for expert in list_experts(self.context.records) if expert.role == "assessor"]
        except AppError:  # the filter is a convenience; the queue still shows
            experts = []
        choices = (
            (self.status_filter, [(self.tr("All"), None)] + [(statuses[code], code) for code in REVIEW_STATUSES]),
            (self.expert_filter, [(self.tr("All"), None)] + [(f"{expert.name} ({expert.expert_number})",
                                                              getattr(expert, self.source().expert_key))
                                                             for expert in experts]),
            (self.grade_filter, [(self.tr("All"), None)] + [(grade.label.get(language), grade.code)
                                                           for grade in self.context.form.grades]),
            (self.flag_filter, [(self.tr("All"), None), (self.tr("Any flag"), ANY_FLAG)]
             + [(text, code.value) for code, text in flags.items()]),
        )
        for combo, entries in choices:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, value in entries:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
            combo.blockSignals(False)

    def retranslate(self, language: str) -> None:
        for label, text in zip(self.filter_labels, (self.tr("Status"), self.tr("Expert"), self.tr("Grade"),
                                                    self.tr("Flag"))):
            label.setText(text)
        self.seed_label.setText(self.tr("seed"))
        self.sample_button.setText(self.tr("Draw sample"))
        self.sample_button.setToolTip(self.tr("A reproducible random sample of the shown queue; the seed and the "
                                              "sample are written to the audit log"))
        self.import_button.setText(self.tr("Import data bundle…"))
        self.import_button.setToolTip(self.tr("Import an expert's bundle: it is verified check by check before "
                                              "anything is stored"))
        self.open_button.setText(self.tr("Open record"))
        self.publicity_button.setText(self.tr("Export 公示 list…"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Case"), self.tr("Applicant"), self.tr("Signed"), self.tr("Grade"), self.tr("Experts"),
            self.tr("Review"), self.tr("Sample"), self.tr("Flags"), self.tr("Claimed by")])
        self.claim_button.setText(self.tr("Claim"))
        self.claim_button.setToolTip(self.tr("Hold the selected record on the shared queue: only you can decide it "
                                             "until you release it or the claim expires"))
        self.claim_next_button.setText(self.tr("Claim next"))
        self.release_button.setText(self.tr("Release"))
        self.desk_bar.retranslate()
        self._show_mode()
        self._fill_filters()
        self.record_view.retranslate(language)
        self.reload()
