# SPDX-License-Identifier: GPL-3.0-or-later
"""The first tab of a case: who applied (ID number masked), the application itself, and the
person's earlier applications with their dates and grades (double-click opens one)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from forms.model import Form

from assessment_app.domain.case_types import ApplicationType, CaseStatus, InsuranceType
from assessment_app.domain.resident_id import Sex
from assessment_app.services.case_queries import CaseDetail

CASE_ID_ROLE = Qt.ItemDataRole.UserRole
APPLICANT_FIELDS = ("name", "resident_id", "sex", "birth_date", "phone", "address")
CASE_FIELDS = ("task_number", "application_type", "insurance_type", "status", "created_on", "planned_visit_date",
               "experts")


def _value_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(f"detail:{name}")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseOverview(QWidget):
    """Emits `reveal_requested()` for 显示完整号码 and `case_requested(case_id)` for a prior case."""

    reveal_requested = Signal()
    case_requested = Signal(str)

    def __init__(self, form: Form, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        self.detail: CaseDetail | None = None
        self.applicant_group = QGroupBox(self)
        self.case_group = QGroupBox(self)
        self.priors_group = QGroupBox(self)
        self.values = {name: _value_label(self, name) for name in APPLICANT_FIELDS + CASE_FIELDS}
        self.captions = {name: QLabel(self) for name in APPLICANT_FIELDS + CASE_FIELDS}
        self.reveal_button = QPushButton(self)
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.clicked.connect(self.reveal_requested)
        id_row = QHBoxLayout()
        id_row.addWidget(self.values["resident_id"])
        id_row.addWidget(self.reveal_button)
        id_row.addStretch(1)
        applicant_form = QFormLayout(self.applicant_group)
        for name in APPLICANT_FIELDS:
            applicant_form.addRow(self.captions[name], id_row if name == "resident_id" else self.values[name])
        case_form = QFormLayout(self.case_group)
        for name in CASE_FIELDS:
            case_form.addRow(self.captions[name], self.values[name])

        self.priors = QTableWidget(0, 4, self)
        self.priors.setObjectName("priorCases")
        self.priors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.priors.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.priors.verticalHeader().hide()
        self.priors.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.priors.horizontalHeader().setStretchLastSection(True)
        self.priors.itemActivated.connect(self._open_prior)
        self.no_priors = QLabel(self)
        self.no_priors.setObjectName("noPriorCases")
        priors_layout = QVBoxLayout(self.priors_group)
        priors_layout.addWidget(self.no_priors)
        priors_layout.addWidget(self.priors)

        top = QHBoxLayout()
        top.addWidget(self.applicant_group, 1)
        top.addWidget(self.case_group, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.priors_group, 1)

    def show_detail(self, detail: CaseDetail, language: str) -> None:
        self.detail = detail
        experts = "、".join(f"{e.name}（{e.expert_number}）" for e in detail.experts)
        values = {
            "name": detail.applicant_name, "resident_id": detail.resident_id_masked,
            "sex": Sex(detail.sex).label(language), "birth_date": detail.birth_date,
            "phone": detail.phone or "—", "address": detail.address or "—",
            "task_number": detail.task_number or "—",
            "application_type": ApplicationType(detail.application_type).label(language),
            "insurance_type": InsuranceType(detail.insurance_type).label(language),
            "status": CaseStatus(detail.status).label(language), "created_on": detail.created_on,
            "planned_visit_date": detail.planned_visit_date or self.tr("not agreed yet"),
            "experts": experts or self.tr("not assigned yet"),
        }
        for name, value in values.items():
            self.values[name].setText(value)
        self.reveal_button.setEnabled(bool(detail.experts))
        self.priors.setRowCount(len(detail.prior_cases))
        for row, prior in enumerate(detail.prior_cases):
            grade = (self.form.grade(prior.grade_code).label.get(language) if prior.grade_code is not None
                     else self.tr("no signed grade"))
            cells = (prior.applied_on, ApplicationType(prior.application_type).label(language),
                     CaseStatus(prior.status).label(language), grade)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(CASE_ID_ROLE, prior.case_id)
                self.priors.setItem(row, column, item)
        self.priors.setVisible(bool(detail.prior_cases))
        self.no_priors.setVisible(not detail.prior_cases)
        self.retranslate()

    def retranslate(self) -> None:
        self.applicant_group.setTitle(self.tr("Applicant"))
        self.case_group.setTitle(self.tr("Application"))
        self.priors_group.setTitle(self.tr("Earlier applications of this person"))
        captions = {
            "name": self.tr("Name:"), "resident_id": self.tr("ID number:"), "sex": self.tr("Sex:"),
            "birth_date": self.tr("Born:"), "phone": self.tr("Phone:"), "address": self.tr("Address:"),
            "task_number": self.tr("Task number:"), "application_type": self.tr("Application type:"),
            "insurance_type": self.tr("Insurance:"), "status": self.tr("Status:"),
            "created_on": self.tr("Received on:"), "planned_visit_date": self.tr("Planned visit:"),
            "experts": self.tr("Assessors:"),
        }
        for name, text in captions.items():
            self.captions[name].setText(text)
        self.reveal_button.setText(self.tr("Show full number"))
        self.reveal_button.setToolTip(self.tr("For the assessors of this case; shown for 30 seconds"))
        self.no_priors.setText(self.tr("None: this is the person's first application on record."))
        self.priors.setHorizontalHeaderLabels(
            [self.tr("Applied on"), self.tr("Application type"), self.tr("Status"), self.tr("Grade")])

    def _open_prior(self, item: QTableWidgetItem) -> None:
        self.case_requested.emit(item.data(CASE_ID_ROLE))
