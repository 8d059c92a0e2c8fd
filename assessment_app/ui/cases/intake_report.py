# SPDX-License-Identifier: GPL-3.0-or-later
"""What the intake page tells after "save": the case is registered (with any 纠偏 flags first and
loudest, then what is still missing), or the person already has an open case of this type."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from assessment_app.domain.materials import GROUP_LABELS
from assessment_app.services.errors import OpenCaseExists
from assessment_app.services.intake import IntakeResult
from assessment_app.ui.shell.user_feedback import error_text


class IntakeReport(QObject):
    def __init__(self, parent_widget: QWidget):
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.last_text = ""

    def show_registered(self, result: IntakeResult, language: str) -> None:
        parts = [self.tr("The application was registered.")]
        if result.applicant_was_known:
            parts.append(self.tr("The applicant was already on record; the earlier applications are linked."))
        if result.flags:
            parts.append(self.tr("ATTENTION — re-application check:"))
            parts += [f"  ⚠ {flag.message(language)}" for flag in result.flags]
        if result.missing_materials:
            parts.append(self.tr("Materials still missing:"))
            groups_done: set[str] = set()
            for requirement in result.missing_materials:
                if requirement.group is None:
                    parts.append(f"  • {requirement.label.get(language)}")
                elif requirement.group not in groups_done:
                    groups_done.add(requirement.group)
                    members = " / ".join(r.label.get(language) for r in result.missing_materials
                                         if r.group == requirement.group)
                    parts.append(f"  • {GROUP_LABELS[requirement.group].get(language)}: {members}")
        else:
            parts.append(self.tr("All required materials are received."))
        self.last_text = "\n".join(parts)
        box = QMessageBox(QMessageBox.Icon.Warning if result.flags else QMessageBox.Icon.Information,
                          self.tr("Application registered"), self.last_text, QMessageBox.StandardButton.NoButton,
                          self.parent_widget)
        box.setObjectName("intakeReport")
        box.addButton(self.tr("Open the case"), QMessageBox.ButtonRole.AcceptRole).setObjectName("openNewCaseButton")
        box.exec()

    def offer_open_case(self, error: OpenCaseExists, language: str) -> bool:
        """True when the user wants to open the case that is already open."""
        self.last_text = error_text(error, language)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("An open case exists"), self.last_text,
                          QMessageBox.StandardButton.NoButton, self.parent_widget)
        box.setObjectName("openCaseExistsDialog")
        open_button = box.addButton(self.tr("Open that case"), QMessageBox.ButtonRole.AcceptRole)
        open_button.setObjectName("openExistingCaseButton")
        close_button = box.addButton(self.tr("Close"), QMessageBox.ButtonRole.RejectRole)
        box.setEscapeButton(close_button)
        box.exec()
        return box.clickedButton() is open_button
