# SPDX-License-Identifier: GPL-3.0-or-later
"""The intake's materials checklist: one checkbox per material of the chosen application type,
the "at least one of" members framed together under the group's name, optional ones marked.

Material and group names come from the domain's table (assessment_app/domain/materials.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout, QWidget

from assessment_app.domain.case_types import ApplicationType
from assessment_app.domain.materials import GROUP_LABELS, MaterialRequirement, Necessity, checklist_for
from assessment_app.ui.shell.theme import set_look


class MaterialsChecklist(QWidget):
    def __init__(self, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("materialsChecklist")
        self.language = language
        self.application_type: ApplicationType | None = None
        self.requirements: tuple[MaterialRequirement, ...] = ()
        self.boxes: dict[str, QCheckBox] = {}
        self.group_titles: dict[str, QLabel] = {}
        self.placeholder = QLabel(self)
        set_look(self.placeholder, "fieldHint")
        self.placeholder.setWordWrap(True)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addLayout(self.rows)
        layout.addStretch(1)
        self.retranslate(language)

    def set_application_type(self, application_type: ApplicationType | None) -> None:
        """Show that type's checklist; ticks of materials on both lists are kept."""
        if application_type == self.application_type:
            return
        kept = set(self.checked_codes())
        self.application_type = application_type
        self._clear_rows()
        self.requirements = checklist_for(application_type) if application_type is not None else ()
        group_frames: dict[str, QVBoxLayout] = {}
        for requirement in self.requirements:
            box = QCheckBox(self)
            box.setObjectName(f"material:{requirement.code}")
            box.setChecked(requirement.code in kept)
            self.boxes[requirement.code] = box
            if requirement.necessity is Necessity.ONE_OF_GROUP:
                if requirement.group not in group_frames:
                    frame = QFrame(self)
                    set_look(frame, "materialGroup")
                    frame_layout = QVBoxLayout(frame)
                    frame_layout.setContentsMargins(10, 6, 10, 6)
                    title = QLabel(frame)
                    title.setObjectName(f"materialGroup:{requirement.group}")
                    title.setWordWrap(True)
                    set_look(title, "groupTitle")
                    frame_layout.addWidget(title)
                    self.group_titles[requirement.group] = title
                    group_frames[requirement.group] = frame_layout
                    self.rows.addWidget(frame)
                group_frames[requirement.group].addWidget(box)
            else:
                self.rows.addWidget(box)
        self.retranslate(self.language)

    def checked_codes(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.boxes.items() if box.isChecked())

    def clear_ticks(self) -> None:
        for box in self.boxes.values():
            box.setChecked(False)

    def retranslate(self, language: str) -> None:
        self.language = language
        self.placeholder.setText(self.tr("Choose the application type to see its materials."))
        self.placeholder.setVisible(self.application_type is None)
        for requirement in self.requirements:
            label = requirement.label.get(language)
            if requirement.necessity is Necessity.REQUIRED:
                label = self.tr("{material} (required)").format(material=label)
            elif requirement.necessity is Necessity.OPTIONAL:
                label = self.tr("{material} (optional)").format(material=label)
            self.boxes[requirement.code].setText(label)
        for group, title in self.group_titles.items():
            title.setText(GROUP_LABELS[group].get(language))

    def _clear_rows(self) -> None:
        # Out of the widget tree at once (not only when deleteLater runs), so nothing finds them.
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for box in self.boxes.values():
            box.setParent(None)
            box.deleteLater()
        self.boxes.clear()
        self.group_titles.clear()
