"""关于: application, engine and form versions (the text of `ltc-assess --version`) and the
licences of the shipped font and libraries, each licence's full text one click away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPlainTextEdit, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from assessment_app.third_party import Component, licence_text, shipped_components
from assessment_app.version import version_text


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, components: list[Component] | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About"))
        self.components = shipped_components() if components is None else components
        title = QLabel(self.tr("LTC Disability Assessment Workstation"), self)
        title.setObjectName("aboutTitle")
        self.versions = QLabel(version_text(), self)
        self.versions.setObjectName("aboutVersions")
        self.versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        layout.addWidget(notice)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def show_licence(self, row: int) -> None:
        if 0 <= row < len(self.components):
            try:
                text = licence_text(self.components[row])
            except OSError as error:
                text = self.tr("The licence file cannot be read: {problem}").format(problem=error)
            self.licence.setPlainText(text)
