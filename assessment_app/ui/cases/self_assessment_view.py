# SPDX-License-Identifier: GPL-3.0-or-later
"""The self-assessment tab: the applicant's own answers next to the experts' newest version,
item by item, differences marked, and the two grades."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from assessment_app.errors import AppError
from assessment_app.services.case_queries import CaseDetail
from assessment_app.domain.roles import Permission
from assessment_app.services.comparison_report import comparison_pdf
from assessment_app.services.plaintext_copies import save_unencrypted_copy
from assessment_app.services.self_assessment import SelfAssessmentComparison, compare_with_experts
from assessment_app.ui.cases.self_assessment_dialog import SelfAssessmentDialog
from assessment_app.ui.shell.theme import PENDING_BG, set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.pdf_preview import PdfPreviewDialog
from assessment_app.ui.widgets.wording import item_numbers

ITEM, SELF, EXPERTS, DIFFERS = range(4)
DIFFERS_ROLE = Qt.ItemDataRole.UserRole + 7


class SelfAssessmentView(QWidget):
    changed = Signal()

    def __init__(self, context: WorkContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.detail: CaseDetail | None = None
        self.comparison: SelfAssessmentComparison | None = None
        self.enter_button = QPushButton(self)
        self.enter_button.setObjectName("enterSelfAssessmentButton")
        self.enter_button.clicked.connect(self.enter_self_assessment)
        self.grades = QLabel(self)
        self.grades.setObjectName("selfAssessmentGrades")
        self.grades.setWordWrap(True)
        set_look(self.grades, "body")
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("selfAssessmentComparison")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        for column in (SELF, EXPERTS, DIFFERS):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("comparisonPdfButton")
        self.pdf_button.clicked.connect(self.preview_comparison)
        top = QHBoxLayout()
        top.addWidget(self.grades, 1)
        top.addWidget(self.pdf_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.enter_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def show_detail(self, detail: CaseDetail) -> None:
        self.detail = detail
        try:
            self.comparison = compare_with_experts(self.context.records, detail.case_id, self.context.form,
                                                   actor=self.context.session)
        except AppError as error:
            show_error(self, self.tr("The self-assessment cannot be shown"), error, self.context.language)
            self.comparison = None
        self._show()

    def enter_self_assessment(self) -> bool:
        answers = {c.item_id: c.self_option for c in self.comparison.items if c.self_option} if self.comparison else {}
        dialog = SelfAssessmentDialog(self.context, self.detail.case_id, answers, self)
        saved = self.run_dialog(dialog)
        dialog.deleteLater()
        if saved:
            self.changed.emit()
        return saved

    def preview_comparison(self) -> PdfPreviewDialog | None:
        """The comparison from memory; a copy leaves the data directory only by 另存为."""
        context, case_id = self.context, self.detail.case_id
        try:
            with busy_cursor():
                data = comparison_pdf(context.records, case_id, context.form, today=context.today(),
                                      actor=context.session)
        except AppError as error:  # no self-assessment, a damaged record: said plainly
            show_error(self, self.tr("The comparison cannot be shown"), error, context.language)
            return None
        dialog = PdfPreviewDialog(
            data, self.tr("Self-assessment and assessment compared"), "self-assessment-comparison.pdf",
            lambda path: save_unencrypted_copy(context.records, context.session, kind="self_assessment_comparison",
                                               data=data, destination=path, now=context.now(), case_id=case_id),
            context.language, self)
        self.show_preview(dialog)
        return dialog

    def show_preview(self, dialog: PdfPreviewDialog) -> None:
        dialog.exec()

    def run_dialog(self, dialog: SelfAssessmentDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def retranslate(self) -> None:
        if self.detail is not None:
            self._show()

    def _show(self) -> None:
        form, language, comparison = self.context.form, self.context.language, self.comparison
        self.enter_button.setText(self.tr("Change self-assessment…") if comparison else
                                  self.tr("Enter self-assessment…"))
        self.enter_button.setEnabled(self.context.may(Permission.EDIT_CASES))
        self.pdf_button.setText(self.tr("Comparison as PDF…"))
        self.pdf_button.setEnabled(comparison is not None)
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Self-assessment"), self.tr("Experts"),
                                              self.tr("Differs")])
        if comparison is None:
            self.grades.setText(self.tr("No self-assessment has been entered for this case yet."))
            self.table.setRowCount(0)
            return

        def grade_text(code: int | None, missing: str) -> str:
            return missing if code is None else f"{form.grade(code).label.get(language)}（{code}）"

        lines = [self.tr("Self-assessment grade: {grade}").format(grade=grade_text(
            comparison.self_grade, self.tr("not graded (incomplete)")))]
        if comparison.expert_version is None:
            lines.append(self.tr("The experts have no record yet; the comparison appears once they have."))
        else:
            lines.append(self.tr("Experts' grade (version {version}): {grade}").format(
                version=comparison.expert_version,
                grade=grade_text(comparison.expert_grade, self.tr("not graded (incomplete)"))))
            differing = sum(1 for item in comparison.items if item.differs)
            lines.append(self.tr("{count} item(s) differ (marked).").format(count=differing))
        self.grades.setText("\n".join(lines))
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Self-assessment"), self.tr(
            "Experts (version {version})").format(version=comparison.expert_version)
            if comparison.expert_version else self.tr("Experts"), self.tr("Differs")])
        numbers = item_numbers(form)
        self.table.setRowCount(len(comparison.items))
        for row, item_comparison in enumerate(comparison.items):
            item = form.items_by_id[item_comparison.item_id]
            cells = [f"{numbers[item.id]}. {item.name.get(language)}"]
            tips = [""]
            for option_id in (item_comparison.self_option, item_comparison.expert_option):
                option = item.option(option_id) if option_id is not None else None
                cells.append(self.tr("{score} pts").format(score=option.score) if option else "—")
                tips.append(option.text.get(language) if option else "")
            cells.append(self.tr("differs") if item_comparison.differs else "")
            tips.append("")
            for column, (text, tip) in enumerate(zip(cells, tips)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(tip)
                if item_comparison.differs:
                    cell.setBackground(QBrush(QColor(PENDING_BG)))
                    font = QFont(cell.font())
                    font.setBold(True)
                    cell.setFont(font)
                    cell.setData(DIFFERS_ROLE, True)
                self.table.setItem(row, column, cell)

