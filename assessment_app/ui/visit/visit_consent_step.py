# SPDX-License-Identifier: GPL-3.0-or-later
"""Step 3 of a visit: consent to the video recording, given by handwritten signature on screen,
or refused with a reason. Whether a visit may go on without recording is the agency's rule
(by default it may not: the visit ends with the outcome 拒绝录像); services/visit_flow.py applies
it, visit_opening_control.py shows the outcome."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QRadioButton, QVBoxLayout, QWidget

from assessment_app.recording.disk import Preflight
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.widgets.signature_pad import SignaturePad

APPLICANT, INFORMANT = "applicant", "informant"


def gigabytes(count: int) -> str:
    return f"{count / 1024 ** 3:.1f} GB"


class VisitConsentStep(QWidget):
    consent_given = Signal()
    refusal_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("visitConsentStep")
        self.heading = QLabel(self)
        set_look(self.heading, "pageHeading")
        self.text = QLabel(self)
        self.text.setObjectName("consentText")
        self.text.setWordWrap(True)
        set_look(self.text, "infoText")
        self.by_applicant = QRadioButton(self)
        self.by_applicant.setObjectName("consentByApplicant")
        self.by_informant = QRadioButton(self)
        self.by_informant.setObjectName("consentByInformant")
        self.by_applicant.setChecked(True)
        self.signer_group = QButtonGroup(self)
        self.signer_group.addButton(self.by_applicant)
        self.signer_group.addButton(self.by_informant)
        self.pad = SignaturePad(self)
        self.pad.setObjectName("consentSignature")
        self.pad.changed.connect(lambda signed: self.consent_button.setEnabled(signed))
        self.rule = QLabel(self)
        self.rule.setObjectName("recordingRule")
        self.rule.setWordWrap(True)
        set_look(self.rule, "fieldHint")
        self.disk_warning = QLabel(self)
        self.disk_warning.setObjectName("diskPreflightWarning")
        self.disk_warning.setWordWrap(True)
        set_look(self.disk_warning, "errorSummary")
        self.disk_warning.setVisible(False)
        self.consent_button = QPushButton(self)
        self.consent_button.setObjectName("consentButton")
        self.consent_button.setEnabled(False)
        self.consent_button.clicked.connect(self.consent_given)
        self.refuse_button = QPushButton(self)
        self.refuse_button.setObjectName("refuseRecordingButton")
        self.refuse_button.clicked.connect(self.refusal_requested)
        signer_row = QHBoxLayout()
        signer_row.addWidget(self.by_applicant)
        signer_row.addWidget(self.by_informant)
        signer_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.consent_button)
        buttons.addWidget(self.refuse_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.disk_warning)
        layout.addWidget(self.text)
        layout.addLayout(signer_row)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.rule)
        layout.addLayout(buttons)
        self._may_continue_without = False
        self._preflight: tuple[Preflight | None, int] = (None, 0)
        self.retranslate()

    def signer(self) -> str:
        return APPLICANT if self.by_applicant.isChecked() else INFORMANT

    def show_rule(self, may_continue_without_recording: bool) -> None:
        self._may_continue_without = may_continue_without_recording
        self._show_rule()

    def _show_rule(self) -> None:
        if self._may_continue_without:
            self.rule.setText(self.tr("Agency rule: if recording is refused, the assessment may continue without "
                                      "video; the refusal and its reason are recorded."))
        else:
            self.rule.setText(self.tr("Agency rule: if recording is refused, the visit ends with the outcome "
                                      "\"recording refused\" and the case goes back to the agency."))

    def show_disk(self, preflight: Preflight | None, planned_minutes: int) -> None:
        """Warn (without blocking) when the disk may not hold the planned visit's video."""
        self._preflight = (preflight, planned_minutes)
        self._show_disk()

    def _show_disk(self) -> None:
        preflight, minutes = self._preflight
        short = preflight is not None and not preflight.ok
        self.disk_warning.setVisible(short)
        if short:
            self.disk_warning.setText(self.tr(
                "Disk space may be short: a visit of {minutes} minutes needs about {needed} for the video "
                "(safety margin included); {free} are free. Recording may stop early; every answer is still "
                "saved. Free some space if you can.").format(
                minutes=minutes, needed=gigabytes(preflight.needed_bytes + preflight.margin_bytes),
                free=gigabytes(preflight.free_bytes)))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Consent to video recording"))
        self.text.setText(self.tr(
            "The whole assessment is recorded on video so that it is fair and can be checked later. The video is "
            "encrypted on this laptop, handed only to the assessment agency, and used only to review this "
            "assessment. Recording can be paused for privacy (for example while washing or using the toilet). "
            "By signing below, the applicant (or the informant on the applicant's behalf) agrees to the recording."))
        self.by_applicant.setText(self.tr("Signed by the applicant"))
        self.by_informant.setText(self.tr("Signed by the informant on the applicant's behalf"))
        self.pad.set_caption(self.tr("Signature"))
        self.pad.retranslate()
        self.consent_button.setText(self.tr("Consent given: start recording"))
        self.refuse_button.setText(self.tr("Recording refused…"))
        self._show_rule()
        self._show_disk()
