# SPDX-License-Identifier: GPL-3.0-or-later
"""关于: application, engine and form versions (the text of `ltc-assess --version`), the
project's licence (GPL-3.0-or-later) with where its full text and the corresponding source are,
and the licences of the shipped font and libraries, each licence's full text one click away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPlainTextEdit, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from assessment_app.third_party import Component, licence_text, own_component, shipped_components
from assessment_app.version import APP_VERSION, version_text


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, components: list[Component] | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About"))
        self.components = [own_component()] + (shipped_components() if components is None else components)
        title = QLabel(self.tr("LTC Disability Assessment Workstation"), self)
        title.setObjectName("aboutTitle")
        self.versions = QLabel(version_text(), self)
        self.versions.setObjectName("aboutVersions")
        self.versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.licence_name = QLabel(self.tr("Licence: GNU General Public License, version 3 or later "
                                           "(GPL-3.0-or-later)"), self)
        self.licence_name.setObjectName("aboutLicenceName")
        self.licence_notice = QLabel(self.tr(
            "This program is free software: you can redistribute it and/or modify it under the terms of the GNU "
            "General Public License as published by the Free Software Foundation, either version 3 of the License, "
            "or (at your option) any later version. It is distributed in the hope that it will be useful, but "
            "WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A "
            "PARTICULAR PURPOSE."), self)
        self.licence_notice.setObjectName("aboutLicenceNotice")
        self.licence_notice.setWordWrap(True)
        self.source_notice = QLabel(self.tr(
            "The full licence text is in the file LICENSE next to the program. The corresponding source is the "
            "archive ltc-assess-{version}-source.tar.gz distributed with this package; SOURCES.md, next to the "
            "program, says where the source of every bundled component is published. Select ltc-assess below to "
            "read both.").format(version=APP_VERSION), self)
        self.source_notice.setObjectName("aboutSourceNotice")
        self.source_notice.setWordWrap(True)
        notice = QLabel(self.tr("This application ships the following font and libraries. Select one to read "
                                "its licence."), self)
        notice.setWordWrap(True)
        self.table = QTableWidget(len(self.components), 3, self)
        self.table.setObjectName("aboutComponents")
        self.table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version"), self.tr("Licence")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, component in enumerate(self.components):
            for column, text in enumerate((component.name, component.version or "—", component.licence)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.licence = QPlainTextEdit(self)
        self.licence.setObjectName("aboutLicenceText")
        self.licence.setReadOnly(True)
        self.licence.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.licence.setPlaceholderText(self.tr("Select a component to read its licence."))
        self.table.currentCellChanged.connect(lambda row, *_: self.show_licence(row))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.licence)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.versions)
        layout.addWidget(self.licence_name)
        layout.addWidget(self.licence_notice)
        layout.addWidget(self.source_notice)
        layout.addWidget(notice)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(760, 720)
        self.table.setCurrentCell(0, 0)  # the program's own licence and where its source is, shown at once

    def show_licence(self, row: int) -> None:
        if 0 <= row < len(self.components):
            try:
                text = licence_text(self.components[row])
            except OSError as error:
                text = self.tr("The licence file cannot be read: {problem}").format(problem=error)
            self.licence.setPlainText(text)
