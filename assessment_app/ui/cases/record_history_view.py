# SPDX-License-Identifier: GPL-3.0-or-later
"""The record-history tab: every version of the assessment record side by side (a column per
version, a row per item), each answer that differs from the version before it marked, and
更正 on the newest version once it is signed."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from assessment_app.errors import AppError
from assessment_app.services.case_actions import CaseActions
from assessment_app.services.record_versions import RecordVersion, correct_record, version_history
from assessment_app.ui.cases.correction_dialog import CorrectionDialog
from assessment_app.ui.shell.theme import PENDING_BG, set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.wording import item_numbers

CHANGED_ROLE = Qt.ItemDataRole.UserRole + 8
STATUS_ROW, CREATED_ROW, AUTHOR_ROW, REASON_ROW = range(4)
META_ROWS = 4


def _local_time(utc_text: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    except ValueError:
        return utc_text
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class RecordHistoryView(QWidget):
    changed = Signal()

    def __init__(self, context: WorkContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.case_id: str | None = None
        self.versions: tuple[RecordVersion, ...] = ()
        self.actions: CaseActions | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("historySummary")
        self.summary.setWordWrap(True)
        set_look(self.summary, "body")
        self.correct_button = QPushButton(self)
        self.correct_button.setObjectName("correctRecordButton")
        self.correct_button.clicked.connect(self.correct_newest)
        self.table = QTableWidget(self)
        self.table.setObjectName("versionTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # One line per cell keeps the 17 items aligned across versions; long reasons are written
        # out in full in the summary above and in the cell's tooltip.
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.correct_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def show_case(self, case_id: str, actions: CaseActions) -> None:
        self.case_id, self.actions = case_id, actions
        try:
            self.versions = version_history(self.context.records, case_id, self.context.form,
                                            actor=self.context.session)
        except AppError as error:
            show_error(self, self.tr("The record history cannot be shown"), error, self.context.language)
            self.versions = ()
        self._show()

    def correct_newest(self) -> str | None:
        newest = self.versions[-1]
        dialog = CorrectionDialog(newest.version, self.context.session, self)
        accepted = self.run_dialog(dialog)
        reason = dialog.reason_text()
        dialog.deleteLater()
        if not accepted:
            return None
        try:
            with busy_cursor():
                new_visit_id = correct_record(self.context.records, newest.visit_id, actor=self.context.session,
                                              reason=reason, now=self.context.now())
        except AppError as error:  # refused (reason, not signed, not newest) or storage fault
            show_error(self, self.tr("No correction was made"), error, self.context.language)
            return None
        self.changed.emit()
        return new_visit_id

    def run_dialog(self, dialog: CorrectionDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def retranslate(self) -> None:
        if self.case_id is not None:
            self._show()

    def status_label(self, status: str) -> str:
        labels = {"draft": self.tr("Draft (being corrected)"), "in_visit": self.tr("Visit in progress"),
                  "signed": self.tr("Signed"), "exported": self.tr("Exported")}
        return labels.get(status, status)

    def _show(self) -> None:
        form, language, versions = self.context.form, self.context.language, self.versions
        self.correct_button.setText(self.tr("Correct…"))
        correctable = self.actions is not None and self.actions.newest_locked
        self.correct_button.setEnabled(self.actions is not None and self.actions.can_correct)
        self.correct_button.setToolTip(self.tr("Create a new version of the signed record, with author and reason")
                                       if correctable else self.tr("Only the newest version, once signed"))
        if not versions:
            self.summary.setText(self.tr("No assessment record yet. Versions appear here once a visit is recorded."))
            self.table.clear()
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        lines = [self.tr("{count} version(s). Answers that differ from the version before are marked.").format(
            count=len(versions))]
        lines += [self.tr("Version {version}: corrected by {author}. Reason: {reason}").format(
            version=v.version, author=v.corrected_by_name or "—", reason=v.correction_reason)
            for v in versions if v.correction_reason]
        self.summary.setText("\n".join(lines))
        self.table.clear()
        self.table.setColumnCount(len(versions))
        self.table.setRowCount(META_ROWS + len(form.items) + 1)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Version {version}").format(version=v.version) for v in versions])
        numbers = item_numbers(form)
        row_names = [self.tr("Status"), self.tr("Created"), self.tr("Corrected by"), self.tr("Reason")]
        row_names += [f"{numbers[item.id]}. {item.name.get(language)}" for item in form.items]
        row_names.append(self.tr("Grade"))
        self.table.setVerticalHeaderLabels(row_names)
        for column, version in enumerate(versions):
            previous = versions[column - 1] if column else None
            meta = (self.status_label(version.status), _local_time(version.created_at),
                    version.corrected_by_name or "—", version.correction_reason or "—")
            for row, text in enumerate(meta):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
            for offset, item in enumerate(form.items):
                option_id = version.answers.get(item.id)
                option = item.option(option_id) if option_id is not None else None
                cell = QTableWidgetItem(self.tr("{score} pts").format(score=option.score) if option else "—")
                cell.setToolTip(option.text.get(language) if option else "")
                changed = previous is not None and previous.answers.get(item.id) != option_id
                self._mark(cell, changed, previous)
                self.table.setItem(META_ROWS + offset, column, cell)
            grade = (f"{form.grade(version.grade_code).label.get(language)}（{version.grade_code}）"
                     if version.grade_code is not None else "—")
            grade_cell = QTableWidgetItem(grade)
            self._mark(grade_cell, previous is not None and previous.grade_code != version.grade_code, previous)
            self.table.setItem(META_ROWS + len(form.items), column, grade_cell)

    def _mark(self, cell: QTableWidgetItem, changed: bool, previous: RecordVersion | None) -> None:
        cell.setData(CHANGED_ROLE, changed)
        if not changed:
            return
        cell.setBackground(QBrush(QColor(PENDING_BG)))
        font = QFont(cell.font())
        font.setBold(True)
        cell.setFont(font)
        cell.setToolTip(self.tr("Changed since version {version}").format(version=previous.version)
                        + (f"\n{cell.toolTip()}" if cell.toolTip() else ""))
