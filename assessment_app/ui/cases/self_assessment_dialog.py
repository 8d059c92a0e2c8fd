# SPDX-License-Identifier: GPL-3.0-or-later
"""录入自评表: the applicant's self-assessment entered on the instrument's own item cards (the
calculator's widgets), possibly incomplete, then saved apart from the experts' record."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget,
)

from assessment_app.errors import AppError
from assessment_app.services.calculator import CalculatorSession
from assessment_app.services.self_assessment import record_self_assessment
from assessment_app.ui.shell.user_feedback import busy_cursor, show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.item_column import ItemColumn
from assessment_app.ui.widgets.navigator import ItemNavigator


class SelfAssessmentDialog(QDialog):
    def __init__(self, context: WorkContext, case_id: str, answers: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("selfAssessmentDialog")
        self.context = context
        self.case_id = case_id
        self.session = CalculatorSession(context.form)
        for item_id, option_id in answers.items():
            self.session.choose(item_id, option_id)
        self.setWindowTitle(self.tr("Self-assessment of the applicant"))
        intro = QLabel(self.tr(
            "Enter the answers as the applicant or the family gave them on the self-assessment form. Items they "
            "left blank stay blank; the form can be saved incomplete."), self)
        intro.setWordWrap(True)
        self.navigator = ItemNavigator(context.form)
        self.column = ItemColumn(context.form)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.column)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 860])
        self.column.chosen.connect(self.choose)
        self.navigator.item_requested.connect(self.column.scroll_to)
        self.progress = QLabel(self)
        self.progress.setObjectName("selfAssessmentProgress")
        self.note = QLineEdit(self)
        self.note.setObjectName("selfAssessmentNote")
        self.note.setPlaceholderText(self.tr("Note, e.g. filled in by the daughter"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveSelfAssessmentButton")
        self.save_button.setText(self.tr("Save self-assessment"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress)
        bottom.addWidget(self.note, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.navigator.retranslate(context.language)
        self.column.retranslate(context.language)
        self.resize(1200, 720)
        self._refresh()

    def choose(self, item_id: str, option_id: str) -> None:
        self.session.choose(item_id, option_id)
        self._refresh()

    def save(self) -> bool:
        try:
            with busy_cursor():
                record_self_assessment(self.context.records, self.case_id, self.context.form, self.session.answers,
                                       now=self.context.now(), actor=self.context.session,
                                       note=self.note.text().strip() or None)
        except AppError as error:  # told; the dialog stays open with the answers
            show_error(self, self.tr("The self-assessment was not saved"), error, self.context.language)
            return False
        self.accept()
        return True

    def _refresh(self) -> None:
        answers = self.session.answers
        self.column.show_progress(self.session.progress(), answers, self.context.language)
        self.navigator.show_answers(frozenset(answers))
        self.progress.setText(self.tr("{answered} of {total} items filled in").format(
            answered=len(answers), total=len(self.context.form.items)))
