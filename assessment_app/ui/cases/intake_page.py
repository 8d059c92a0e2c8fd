# SPDX-License-Identifier: GPL-3.0-or-later
"""新建受理: the intake form. Each field is checked as it is typed (the ID number shows the birth
date, sex and age it encodes, or exactly what is wrong); saving hands everything to
`register_case`, whose field errors are shown under their fields and summed up by the button.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QScrollArea, QVBoxLayout, QWidget,
)

from assessment_app.domain.applicant import validate_address, validate_name, validate_phone
from assessment_app.domain.case_types import ApplicationType, InsuranceType
from assessment_app.domain.errors import FieldError, FieldErrors
from assessment_app.domain.resident_id import LENGTH, RESIDENT_ID_LENGTH, parse_resident_id
from assessment_app.errors import AppError
from assessment_app.services.errors import DuplicateTaskNumber, OpenCaseExists
from assessment_app.services.experts import list_experts
from assessment_app.services.intake import IntakeRequest, IntakeResult, existing_applicant, register_case
from assessment_app.ui.cases.intake_report import IntakeReport
from assessment_app.ui.cases.materials_checklist import MaterialsChecklist
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import busy_cursor, error_text, show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.field_box import FieldBox

ASSESSOR_ROLE = "assessor"
TEXT_FIELDS = ("name", "resident_id", "phone", "address", "task_number")
LIVE_CHECKS = {"name": validate_name, "phone": validate_phone, "address": validate_address}


class IntakePage(QWidget):
    """Emits `case_requested(case_id)` to open a case: the one just registered, or the open
    case that blocked a second one."""

    case_requested = Signal(str)

    def __init__(self, context: WorkContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("intakePage")
        set_look(self, "page")
        self.context = context
        self.known_applicant = None
        self.boxes: dict[str, FieldBox] = {}
        self.editors: dict[str, QLineEdit] = {}
        self.report = IntakeReport(self)

        self.heading = QLabel(self)
        set_look(self.heading, "pageHeading")
        self.applicant_group = QGroupBox(self)
        self.case_group = QGroupBox(self)
        self.materials_group = QGroupBox(self)
        self.applicant_form = QFormLayout(self.applicant_group)
        self.case_form = QFormLayout(self.case_group)
        for form in (self.applicant_form, self.case_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for field in TEXT_FIELDS:
            editor = QLineEdit(self)
            editor.setObjectName(f"field:{field}")
            self.editors[field] = editor
            self.boxes[field] = FieldBox(field, editor, self)
        self.editors["resident_id"].setMaxLength(RESIDENT_ID_LENGTH + 2)
        self.editors["resident_id"].textChanged.connect(self.check_resident_id)
        for field, check in LIVE_CHECKS.items():
            self.editors[field].editingFinished.connect(lambda f=field, c=check: self._check_field(f, c, True))
            self.editors[field].textChanged.connect(lambda _, f=field, c=check: self._check_field(f, c, False))
        self.fill_button = QPushButton(self)
        self.fill_button.setObjectName("fillKnownApplicantButton")
        self.fill_button.clicked.connect(self.fill_from_record)
        self.known_label = QLabel(self)
        self.known_label.setObjectName("knownApplicantLabel")
        set_look(self.known_label, "infoText")
        self.known_label.setWordWrap(True)
        self.known_bar = QWidget(self)
        known_layout = QHBoxLayout(self.known_bar)
        known_layout.setContentsMargins(0, 0, 0, 0)
        known_layout.addWidget(self.known_label, 1)
        known_layout.addWidget(self.fill_button)
        self.known_bar.hide()

        self.insurance = self._combo("insurance_type", InsuranceType)
        self.application = self._combo("application_type", ApplicationType)
        self.application.currentIndexChanged.connect(lambda _: self._show_checklist())
        self.date_known = QCheckBox(self)
        self.date_known.setObjectName("plannedDateKnown")
        self.planned_date = QDateEdit(self)
        self.planned_date.setObjectName("field:planned_visit_date")
        self.planned_date.setCalendarPopup(True)
        self.planned_date.setDisplayFormat("yyyy-MM-dd")
        self.planned_date.setEnabled(False)
        self.date_known.toggled.connect(self.planned_date.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_known)
        date_row.addWidget(self.planned_date, 1)
        self.boxes["planned_visit_date"] = FieldBox("planned_visit_date", date_row, self)
        self.assessors = (QComboBox(self), QComboBox(self))
        for number, combo in enumerate(self.assessors, start=1):
            combo.setObjectName(f"assessor{number}")
            combo.currentIndexChanged.connect(lambda _: self.check_assessors())
        self.boxes["assessor1"] = FieldBox("assessor1", self.assessors[0], self)
        self.boxes["expert_ids"] = FieldBox("expert_ids", self.assessors[1], self)
        self.checklist = MaterialsChecklist(context.language, self)
        self.boxes["materials_received"] = FieldBox("materials_received", self.checklist, self)

        self.row_labels = {field: QLabel(self) for field in (
            "name", "resident_id", "phone", "address", "insurance_type", "application_type", "task_number",
            "planned_visit_date", "assessor1", "expert_ids")}
        for field in ("name", "resident_id"):
            self.applicant_form.addRow(self.row_labels[field], self.boxes[field])
        self.applicant_form.addRow("", self.known_bar)
        for field in ("phone", "address"):
            self.applicant_form.addRow(self.row_labels[field], self.boxes[field])
        for field in ("insurance_type", "application_type", "task_number", "planned_visit_date", "assessor1",
                      "expert_ids"):
            self.case_form.addRow(self.row_labels[field], self.boxes[field])
        QVBoxLayout(self.materials_group).addWidget(self.boxes["materials_received"])

        self.summary = QLabel(self)
        self.summary.setObjectName("intakeErrorSummary")
        set_look(self.summary, "errorSummary")
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("clearIntakeButton")
        self.clear_button.clicked.connect(self.reset)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveIntakeButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self._layout()
        self.reload_experts()
        self.reset()
        self.retranslate(context.language)

    # -- user actions -------------------------------------------------------------------------

    def check_resident_id(self) -> None:
        """Show what the number says (birth date, sex, age), or exactly what is wrong with it."""
        box, text = self.boxes["resident_id"], self.editors["resident_id"].text()
        self.known_applicant = None
        self.known_bar.hide()
        if not text.strip():
            box.show_error(None)
            box.show_hint(None)
            return
        today = self.context.today()
        try:
            parsed = parse_resident_id(text, today)
        except FieldError as error:
            typing_on = error.reason == LENGTH and error.detail < RESIDENT_ID_LENGTH
            box.show_error(None if typing_on else error_text(error, self.context.language))
            box.show_hint(self.tr("{count} of 18 characters").format(count=error.detail) if typing_on else None)
            return
        box.show_error(None)
        box.show_hint(self.tr("Born {date} · {sex} · {age} years old").format(
            date=parsed.birth_date.isoformat(), sex=parsed.sex.label(self.context.language),
            age=parsed.age_on(today)))
        self._offer_known_applicant(parsed.number)

    def fill_from_record(self) -> None:
        if self.known_applicant is None:
            return
        for field in ("name", "phone", "address"):
            self.editors[field].setText(getattr(self.known_applicant, field) or "")
            self.boxes[field].show_error(None)
        self.known_bar.hide()

    def check_assessors(self) -> bool:
        chosen = [combo.currentData() for combo in self.assessors if combo.currentData()]
        same = len(chosen) == 2 and chosen[0] == chosen[1]
        self.boxes["expert_ids"].show_error(
            error_text(FieldError("expert_ids", "same_person"), self.context.language) if same else None)
        return not same

    def save(self) -> IntakeResult | None:
        self._show_errors(())
        try:
            with busy_cursor():
                result = register_case(self.context.records, self.request(), self.context.today(), self.context.now(),
                                       actor=self.context.session)
        except FieldErrors as errors:
            self._show_errors(errors.errors)
            return None
        except DuplicateTaskNumber as error:
            self._show_errors((FieldError("task_number", "duplicate", error.existing_case_id),))
            return None
        except OpenCaseExists as error:
            if self.report.offer_open_case(error, self.context.language):
                self.case_requested.emit(error.open_case_id)
            return None
        except AppError as error:  # storage faults: told, nothing was saved
            show_error(self, self.tr("The case was not saved"), error, self.context.language)
            return None
        self.report.show_registered(result, self.context.language)
        self.reset()
        self.case_requested.emit(result.case_id)
        return result

    def request(self) -> IntakeRequest:
        return IntakeRequest(
            name=self.editors["name"].text(), resident_id=self.editors["resident_id"].text(),
            phone=self.editors["phone"].text(), address=self.editors["address"].text(),
            insurance_type=self.insurance.currentData() or "", application_type=self.application.currentData() or "",
            task_number=self.editors["task_number"].text(),
            planned_visit_date=self.planned_date.date().toString("yyyy-MM-dd") if self.date_known.isChecked() else "",
            expert_ids=tuple(combo.currentData() for combo in self.assessors if combo.currentData()),
            materials_received=self.checklist.checked_codes(),
        )

    def reset(self) -> None:
        for editor in self.editors.values():
            editor.clear()
        for combo in (self.insurance, self.application, *self.assessors):
            combo.setCurrentIndex(0)
        today = QDate(self.context.today())
        self.planned_date.setMinimumDate(today)
        self.planned_date.setDate(today.addDays(7))
        self.date_known.setChecked(False)
        self.checklist.clear_ticks()
        self._show_errors(())
        for box in self.boxes.values():
            box.show_hint(None)

    def reload_experts(self) -> None:
        """The assessors to choose from (after a restore the list may differ)."""
        experts = list_experts(self.context.records, role=ASSESSOR_ROLE)
        for combo in self.assessors:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("", "")
            for expert in experts:
                combo.addItem(f"{expert.name}（{expert.expert_number}）", expert.expert_id)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)
        self.boxes["assessor1"].show_hint(None if experts else self.tr(
            "No assessor is registered on this computer yet (ltc-assess experts add)."))
        self.retranslate(self.context.language)

    def retranslate(self, language: str) -> None:
        self.heading.setText(self.tr("New application (intake)"))
        self.applicant_group.setTitle(self.tr("Applicant"))
        self.case_group.setTitle(self.tr("Application"))
        self.materials_group.setTitle(self.tr("Materials received"))
        labels = {"name": self.tr("Name:"), "resident_id": self.tr("ID number:"), "phone": self.tr("Phone:"),
                  "address": self.tr("Address:"), "insurance_type": self.tr("Insurance:"),
                  "application_type": self.tr("Application type:"), "task_number": self.tr("Task number:"),
                  "planned_visit_date": self.tr("Planned visit:"), "assessor1": self.tr("Assessor 1:"),
                  "expert_ids": self.tr("Assessor 2:")}
        for field, text in labels.items():
            self.row_labels[field].setText(text)
        self.editors["resident_id"].setPlaceholderText(self.tr("18 characters, as on the identity card"))
        self.editors["phone"].setPlaceholderText(self.tr("Mobile or landline with area code"))
        self.editors["task_number"].setPlaceholderText(self.tr("The agency's task number, if any"))
        self.date_known.setText(self.tr("Agreed"))
        for combo, enum_type in ((self.insurance, InsuranceType), (self.application, ApplicationType)):
            combo.setItemText(0, self.tr("Please choose…"))
            for index, member in enumerate(enum_type, start=1):
                combo.setItemText(index, member.label(language))
        for combo in self.assessors:
            combo.setItemText(0, self.tr("Not assigned yet"))
        self.fill_button.setText(self.tr("Fill in name, phone and address"))
        self.clear_button.setText(self.tr("Clear form"))
        self.save_button.setText(self.tr("Save application"))
        self.checklist.retranslate(language)
        if self.editors["resident_id"].text():
            self.check_resident_id()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload_experts()  # experts may have been added (CLI, provisioning) since the last visit

    # -- plumbing -----------------------------------------------------------------------------

    def _combo(self, field: str, enum_type) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(f"field:{field}")
        combo.addItem("", "")
        for member in enum_type:
            combo.addItem("", member.value)
        self.boxes[field] = FieldBox(field, combo, self)
        return combo

    def _layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.applicant_group)
        left.addWidget(self.case_group)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(self.materials_group, 2, Qt.AlignmentFlag.AlignTop)
        content = QWidget(self)
        set_look(content, "page")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(20, 14, 20, 14)
        content_layout.addWidget(self.heading)
        content_layout.addLayout(columns)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(content)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignBottom)
        buttons.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        bar = QWidget(self)
        set_look(bar, "buttonBar")
        bar.setLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(bar)

    def _check_field(self, field: str, check, finished: bool) -> None:
        """On leaving a field, say what is wrong; while typing, only take back an error once fixed."""
        box, text = self.boxes[field], self.editors[field].text()
        if not finished and not box.has_error():
            return
        try:
            check(text)
        except FieldError as error:
            empty_untouched = error.reason == "empty" and not box.has_error()
            box.show_error(None if empty_untouched else error_text(error, self.context.language))
            return
        box.show_error(None)

    def _offer_known_applicant(self, number: str) -> None:
        try:
            known = existing_applicant(self.context.records, number, actor=self.context.session)
        except AppError:  # pre-filling is a convenience; saving reports storage faults
            return
        if known is None:
            return
        self.known_applicant = known
        self.known_label.setText(self.tr("This ID number is on record for {name}.").format(name=known.name))
        self.known_bar.show()

    def _show_checklist(self) -> None:
        value = self.application.currentData()
        self.checklist.set_application_type(ApplicationType(value) if value else None)

    def _show_errors(self, errors) -> None:
        """Each error under its field, and all of them together by the save button."""
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error_text(error, self.context.language))
        for field, box in self.boxes.items():
            box.show_error("\n".join(by_field.get(field, ())) or None)
        lines = [text for texts in by_field.values() for text in texts]
        self.summary.setText(self.tr("Not saved. Please correct {count} field(s):").format(count=len(by_field))
                             + "\n" + "\n".join(lines) if lines else "")
        self.summary.setVisible(bool(lines))
        first = next((box for box in self.boxes.values() if box.has_error()), None)
        if first is not None:
            self.scroll.ensureWidgetVisible(first)
            editor = self.editors.get(first.field)
            if editor is not None:
                editor.setFocus()
