# SPDX-License-Identifier: GPL-3.0-or-later
"""The last step of a visit: what is still missing, plausibility warnings to confirm, the
result with its full trace beside the self-assessment and the previous grade, the conclusion
and care notes, and the signatures (both experts with their passphrases, and the informant).

The widget shows what it is given and collects what the experts write and sign;
visit_finish_control.py hands that to the signing use case (services/visit_flow.sign_visit).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QSplitter,
    QVBoxLayout, QWidget,
)

from forms.model import Form
from scoring import ScoreResult

from assessment_app.services.calculator import DimensionProgress
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.widgets.result_panel import ResultPanel
from assessment_app.ui.widgets.signature_pad import SignaturePad
from assessment_app.ui.widgets.trace_view import TraceView


@dataclass(frozen=True)
class WarningLine:
    code: str
    text: str
    confirmed_reason: str | None


@dataclass(frozen=True)
class ExpertSigner:
    expert_id: str
    label: str


class VisitFinishStep(QWidget):
    item_requested = Signal(str)
    warning_confirmation_requested = Signal(str)  # warning code
    sign_requested = Signal()
    draft_requested = Signal()

    def __init__(self, form: Form, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("visitFinishStep")
        self.form = form
        self.heading = QLabel(self)
        set_look(self.heading, "pageHeading")

        self.warnings_heading = QLabel(self)
        set_look(self.warnings_heading, "panelHeading")
        self.warnings_box = QVBoxLayout()
        self.comparison = QLabel(self)
        self.comparison.setObjectName("finishComparison")
        self.comparison.setWordWrap(True)
        self.conclusion_heading = QLabel(self)
        set_look(self.conclusion_heading, "panelHeading")
        self.conclusion = QPlainTextEdit(self)
        self.conclusion.setObjectName("conclusionText")
        self.conclusion.setFixedHeight(80)
        self.care_notes = QPlainTextEdit(self)
        self.care_notes.setObjectName("careNotesText")
        self.care_notes.setFixedHeight(64)

        self.signatures_heading = QLabel(self)
        set_look(self.signatures_heading, "panelHeading")
        self.expert_pads: list[SignaturePad] = []
        self.expert_passphrases: list[QLineEdit] = []
        signatures = QGridLayout()
        for index in range(2):
            pad = SignaturePad(self)
            pad.setObjectName(f"expertSignature:{index}")
            pad.canvas.setMinimumSize(260, 110)
            passphrase = QLineEdit(self)
            passphrase.setObjectName(f"expertSigningPassphrase:{index}")
            passphrase.setEchoMode(QLineEdit.EchoMode.Password)
            # One signer under the other: side by side they do not fit beside the result at 150 %
            # scaling or with large text.
            signatures.addWidget(pad, 2 * index, 0)
            signatures.addWidget(passphrase, 2 * index + 1, 0)
            self.expert_pads.append(pad)
            self.expert_passphrases.append(passphrase)
        self.informant_pad = SignaturePad(self)
        self.informant_pad.setObjectName("informantSignature")
        self.informant_pad.canvas.setMinimumSize(260, 110)
        signatures.addWidget(self.informant_pad, 4, 0)

        self.problem = QLabel(self)
        self.problem.setObjectName("finishProblem")
        set_look(self.problem, "fieldError")
        self.problem.setWordWrap(True)
        self.draft_button = QPushButton(self)
        self.draft_button.setObjectName("draftReportButton")
        self.draft_button.clicked.connect(self.draft_requested)
        self.sign_button = QPushButton(self)
        self.sign_button.setObjectName("signAndLockButton")
        self.sign_button.clicked.connect(self.sign_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_button)

        left = QWidget()
        set_look(left, "page")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(16, 8, 16, 16)
        left_layout.addWidget(self.heading)
        left_layout.addWidget(self.warnings_heading)
        left_layout.addLayout(self.warnings_box)
        left_layout.addWidget(self.comparison)
        left_layout.addWidget(self.conclusion_heading)
        left_layout.addWidget(self.conclusion)
        left_layout.addWidget(self.care_notes)
        left_layout.addWidget(self.signatures_heading)
        left_layout.addLayout(signatures)
        left_layout.addWidget(self.problem)
        left_layout.addLayout(buttons)
        left_layout.addStretch(1)
        left_scroll = QScrollArea(self)
        left_scroll.setObjectName("finishScroll")
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_scroll.setWidget(left)

        self.result_panel = ResultPanel(form, self)
        self.result_panel.item_requested.connect(self.item_requested)
        self.trace = TraceView(form, self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.result_panel, 2)
        right_layout.addWidget(self.trace, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left_scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([640, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._warning_rows: list[QWidget] = []
        self.retranslate()

    # --- what the page shows ----------------------------------------------------------------------

    def show_result(self, progress: tuple[DimensionProgress, ...], result: ScoreResult | None,
                    missing: tuple[str, ...], language: str) -> None:
        self.result_panel.show_state(progress, result, missing, language)
        self.trace.show_trace(progress, result, language)

    def show_warnings(self, warnings: list[WarningLine]) -> None:
        for row in self._warning_rows:
            row.deleteLater()
        self._warning_rows = []
        if not warnings:
            none = QLabel(self.tr("No plausibility warnings."), self)
            none.setObjectName("noWarnings")
            self.warnings_box.addWidget(none)
            self._warning_rows.append(none)
            return
        for line in warnings:
            row = QFrame(self)
            row.setObjectName(f"warning:{line.code}")
            set_look(row, "warningBanner")
            text = QLabel(line.text if line.confirmed_reason is None else self.tr(
                "{warning} Confirmed: {reason}").format(warning=line.text, reason=line.confirmed_reason), row)
            text.setWordWrap(True)
            set_look(text, "warningText")
            button = QPushButton(self.tr("Confirm with reason…") if line.confirmed_reason is None else
                                 self.tr("Change reason…"), row)
            button.setObjectName(f"confirmWarning:{line.code}")
            button.clicked.connect(lambda _=False, code=line.code: self.warning_confirmation_requested.emit(code))
            row_layout = QHBoxLayout(row)
            row_layout.addWidget(text, 1)
            row_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.warnings_box.addWidget(row)
            self._warning_rows.append(row)

    def show_comparison(self, text: str) -> None:
        self.comparison.setText(text)

    def show_signers(self, experts: tuple[ExpertSigner, ExpertSigner]) -> None:
        for pad, passphrase, expert in zip(self.expert_pads, self.expert_passphrases, experts):
            pad.set_caption(self.tr("Expert {person} signs").format(person=expert.label))
            passphrase.setPlaceholderText(self.tr("Passphrase of {person}").format(person=expert.label))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)

    def clear_passphrases(self) -> None:
        for field in self.expert_passphrases:
            field.clear()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Finish, conclude and sign"))
        self.warnings_heading.setText(self.tr("Plausibility warnings"))
        self.conclusion_heading.setText(self.tr("Conclusion and care notes"))
        self.conclusion.setPlaceholderText(self.tr("Assessment conclusion (required)"))
        self.care_notes.setPlaceholderText(self.tr("Care notes and recommendations (optional)"))
        self.signatures_heading.setText(self.tr("Signatures"))
        self.informant_pad.set_caption(self.tr("The informant signs"))
        for pad in (*self.expert_pads, self.informant_pad):
            pad.retranslate()
        self.draft_button.setText(self.tr("Draft report (PDF)…"))
        self.sign_button.setText(self.tr("Sign and lock the record"))
