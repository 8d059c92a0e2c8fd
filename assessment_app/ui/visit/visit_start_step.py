# SPDX-License-Identifier: GPL-3.0-or-later
"""Step 1 of a visit: the two experts and their 回避声明.

The expert signed in is the first; the second signs in here with their own number and
passphrase (two different people, checked by the service). Each then confirms, by their own
tick, that they have no kinship, employment or financial tie with the applicant or the care
provider. The visit starts (services/visit_flow.begin_visit) only when both are in and both have
declared.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assessment_app.services.accounts import SessionInfo
from assessment_app.ui.shell.account_wording import person_label
from assessment_app.ui.shell.theme import set_look


class VisitStartStep(QWidget):
    second_expert_requested = Signal()
    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("visitStartStep")
        self.first: SessionInfo | None = None
        self.second: SessionInfo | None = None
        self.heading = QLabel(self)
        set_look(self.heading, "pageHeading")
        self.applicant = QLabel(self)
        self.applicant.setObjectName("visitApplicantLine")
        self.applicant.setWordWrap(True)
        self.first_label = QLabel(self)
        self.first_label.setObjectName("firstExpertLabel")
        self.second_label = QLabel(self)
        self.second_label.setObjectName("secondExpertLabel")
        self.second_button = QPushButton(self)
        self.second_button.setObjectName("secondExpertButton")
        self.second_button.clicked.connect(self.second_expert_requested)
        self.declaration_text = QLabel(self)
        self.declaration_text.setObjectName("declarationText")
        self.declaration_text.setWordWrap(True)
        set_look(self.declaration_text, "infoText")
        self.first_declares = QCheckBox(self)
        self.first_declares.setObjectName("firstDeclaration")
        self.second_declares = QCheckBox(self)
        self.second_declares.setObjectName("secondDeclaration")
        for box in (self.first_declares, self.second_declares):
            box.toggled.connect(self._update)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("startVisitButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_requested)
        self.status = QLabel(self)
        set_look(self.status, "fieldHint")
        self.status.setWordWrap(True)

        second_row = QHBoxLayout()
        second_row.addWidget(self.second_label, 1)
        second_row.addWidget(self.second_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.applicant)
        layout.addWidget(self.first_label)
        layout.addLayout(second_row)
        layout.addSpacing(8)
        layout.addWidget(self.declaration_text)
        layout.addWidget(self.first_declares)
        layout.addWidget(self.second_declares)
        layout.addSpacing(8)
        layout.addWidget(self.status)
        layout.addWidget(self.start_button)
        layout.addStretch(1)
        self.retranslate()

    def show_people(self, applicant_line: str, first: SessionInfo | None, second: SessionInfo | None) -> None:
        self.applicant.setText(applicant_line)
        changed = (first, second) != (self.first, self.second)
        self.first, self.second = first, second
        if changed:
            # A declaration belongs to the person who ticked it: a new second expert declares anew.
            self.second_declares.setChecked(False)
        self._update()

    def both_declared(self) -> bool:
        return self.first_declares.isChecked() and self.second_declares.isChecked()

    def _update(self) -> None:
        who = lambda session: person_label(session.name, session.expert_number)  # noqa: E731
        self.first_label.setText(self.tr("First expert: {person}").format(
            person=who(self.first) if self.first else "—"))
        self.second_label.setText(self.tr("Second expert: {person}").format(
            person=who(self.second) if self.second else self.tr("not signed in yet")))
        self.second_button.setText(self.tr("Change second expert…") if self.second else
                                   self.tr("Second expert signs in…"))
        self.first_declares.setText(self.tr("I, {person}, declare that I have no conflict of interest.").format(
            person=who(self.first) if self.first else "—"))
        self.second_declares.setText(self.tr("I, {person}, declare that I have no conflict of interest.").format(
            person=who(self.second) if self.second else "—"))
        self.second_declares.setEnabled(self.second is not None)
        ready = self.first is not None and self.second is not None and self.both_declared()
        self.start_button.setEnabled(ready)
        if self.second is None:
            self.status.setText(self.tr("The visit needs two experts: the second expert signs in with their own "
                                        "number and passphrase."))
        elif not self.both_declared():
            self.status.setText(self.tr("Each expert confirms the declaration for themselves."))
        else:
            self.status.setText("")

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Experts and declarations"))
        self.declaration_text.setText(self.tr(
            "Declaration of no conflict of interest (回避声明): I have no kinship, employment or financial tie with "
            "the applicant, the applicant's family or the care provider, and nothing else that could affect the "
            "fairness of this assessment. If such a tie exists, I withdraw from this assessment."))
        self.start_button.setText(self.tr("Start the visit"))
        self._update()
