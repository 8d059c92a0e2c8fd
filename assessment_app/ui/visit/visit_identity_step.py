# SPDX-License-Identifier: GPL-3.0-or-later
"""Step 2 of a visit: is the person in the bed the applicant, and who is answering for them?

The applicant's ID number is shown in full (the experts compare it with the card in their
hand); a photo of the ID card and one of the applicant go into the record (camera or file);
the experts then confirm 人证一致, or record the discrepancy, which ends the visit with that
outcome. The informant (家属/照护人) is recorded with relation and phone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from assessment_app.ui.shell.theme import set_look

ID_CARD, FACE = "id_card", "face"
THUMBNAIL_SIZE = (240, 150)
RELATIONS = ("spouse", "child", "other_relative", "carer", "institution_staff", "other")


class VisitIdentityStep(QWidget):
    photo_requested = Signal(str, str)  # ID_CARD | FACE, "camera" | "file"
    continue_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("visitIdentityStep")
        self.heading = QLabel(self)
        set_look(self.heading, "pageHeading")
        self.person = QLabel(self)
        self.person.setObjectName("identityPerson")
        self.resident_id = QLabel(self)
        self.resident_id.setObjectName("identityResidentId")
        set_look(self.resident_id, "revealedNumber")
        self.resident_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.photo_boxes: dict[str, QGroupBox] = {}
        self.thumbnails: dict[str, QLabel] = {}
        self.camera_buttons: dict[str, QPushButton] = {}
        self.file_buttons: dict[str, QPushButton] = {}
        photos = QHBoxLayout()
        for kind in (ID_CARD, FACE):
            box = QGroupBox(self)
            thumbnail = QLabel(box)
            thumbnail.setObjectName(f"thumbnail:{kind}")
            thumbnail.setFixedSize(*THUMBNAIL_SIZE)
            thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
            thumbnail.setStyleSheet("background: #f3f5f8; border: 1px dashed #b9c2cd;")
            camera = QPushButton(box)
            camera.setObjectName(f"camera:{kind}")
            camera.clicked.connect(lambda _=False, k=kind: self.photo_requested.emit(k, "camera"))
            from_file = QPushButton(box)
            from_file.setObjectName(f"file:{kind}")
            from_file.clicked.connect(lambda _=False, k=kind: self.photo_requested.emit(k, "file"))
            grid = QGridLayout(box)
            grid.addWidget(thumbnail, 0, 0, 1, 2)
            grid.addWidget(camera, 1, 0)
            grid.addWidget(from_file, 1, 1)
            photos.addWidget(box)
            self.photo_boxes[kind], self.thumbnails[kind] = box, thumbnail
            self.camera_buttons[kind], self.file_buttons[kind] = camera, from_file
        photos.addStretch(1)

        self.matches = QRadioButton(self)
        self.matches.setObjectName("identityMatches")
        self.differs = QRadioButton(self)
        self.differs.setObjectName("identityDiffers")
        self.match_group = QButtonGroup(self)
        self.match_group.addButton(self.matches)
        self.match_group.addButton(self.differs)
        self.discrepancy = QPlainTextEdit(self)
        self.discrepancy.setObjectName("identityDiscrepancy")
        self.discrepancy.setFixedHeight(54)
        self.discrepancy.setVisible(False)
        self.differs.toggled.connect(self.discrepancy.setVisible)

        self.informant_name = QLineEdit(self)
        self.informant_name.setObjectName("informantName")
        self.informant_relation = QComboBox(self)
        self.informant_relation.setObjectName("informantRelation")
        self.informant_phone = QLineEdit(self)
        self.informant_phone.setObjectName("informantPhone")
        self.informant_form = QFormLayout()
        self.name_label, self.relation_label, self.phone_label = QLabel(self), QLabel(self), QLabel(self)
        self.informant_form.addRow(self.name_label, self.informant_name)
        self.informant_form.addRow(self.relation_label, self.informant_relation)
        self.informant_form.addRow(self.phone_label, self.informant_phone)
        self.problem = QLabel(self)
        self.problem.setObjectName("identityProblem")
        set_look(self.problem, "fieldError")
        self.problem.setWordWrap(True)
        self.continue_button = QPushButton(self)
        self.continue_button.setObjectName("identityContinueButton")
        self.continue_button.clicked.connect(self.continue_requested)

        self.informant_heading = QLabel(self)
        set_look(self.informant_heading, "panelHeading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.person)
        layout.addWidget(self.resident_id)
        layout.addLayout(photos)
        match_row = QHBoxLayout()
        match_row.addWidget(self.matches)
        match_row.addWidget(self.differs)
        match_row.addStretch(1)
        layout.addLayout(match_row)
        layout.addWidget(self.discrepancy)
        layout.addWidget(self.informant_heading)
        layout.addLayout(self.informant_form)
        layout.addWidget(self.problem)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.retranslate()

    def show_applicant(self, name: str, resident_id: str) -> None:
        self.person.setText(self.tr("Applicant: {name}").format(name=name))
        # Groups of 6-8-4 as printed on the card, so the experts can compare it digit by digit.
        self.resident_id.setText(f"{resident_id[:6]} {resident_id[6:14]} {resident_id[14:]}")

    def show_photo(self, kind: str, jpeg: bytes) -> None:
        image = QImage.fromData(jpeg)
        pixmap = QPixmap.fromImage(image).scaled(*THUMBNAIL_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation)
        self.thumbnails[kind].setPixmap(pixmap)
        self.thumbnails[kind].setProperty("hasPhoto", True)

    def has_photo(self, kind: str) -> bool:
        return bool(self.thumbnails[kind].property("hasPhoto"))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)

    def relation_code(self) -> str:
        return self.informant_relation.currentData() or self.informant_relation.currentText().strip()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Identity check and informant"))
        self.photo_boxes[ID_CARD].setTitle(self.tr("Photo of the ID card"))
        self.photo_boxes[FACE].setTitle(self.tr("Photo of the applicant"))
        for kind in (ID_CARD, FACE):
            self.camera_buttons[kind].setText(self.tr("Take photo"))
            self.file_buttons[kind].setText(self.tr("From file…"))
            if not self.has_photo(kind):
                self.thumbnails[kind].setText(self.tr("No photo yet"))
        self.matches.setText(self.tr("The person matches the ID card (人证一致)"))
        self.differs.setText(self.tr("The person does not match the ID card"))
        self.discrepancy.setPlaceholderText(self.tr("Describe the discrepancy (required): the visit ends with this "
                                                    "outcome"))
        self.informant_heading.setText(self.tr("Informant (family member or carer)"))
        self.name_label.setText(self.tr("Name:"))
        self.relation_label.setText(self.tr("Relation:"))
        self.phone_label.setText(self.tr("Phone:"))
        self.informant_phone.setPlaceholderText(self.tr("Mobile or landline with area code"))
        current = self.informant_relation.currentData()
        self.informant_relation.clear()
        labels = {"spouse": self.tr("Spouse"), "child": self.tr("Son or daughter"),
                  "other_relative": self.tr("Other relative"), "carer": self.tr("Carer"),
                  "institution_staff": self.tr("Care home staff"), "other": self.tr("Other")}
        for code in RELATIONS:
            self.informant_relation.addItem(labels[code], code)
        if current:
            self.informant_relation.setCurrentIndex(RELATIONS.index(current))
        self.continue_button.setText(self.tr("Continue"))
