# SPDX-License-Identifier: GPL-3.0-or-later
"""案件列表: one search box (name, ID number or its beginning, task number), a status filter,
sorting by the column headers, the total found, and the cases page by page.

Typing waits for a short pause before searching, so a fast typist causes one query, not one
per key; the query runs in the background (ui/widgets/background.LatestOnly): the window never
freezes, the newest search wins, an older one's result is dropped, and the rows shown stay until
the new page arrives. Double-click or Enter opens the case.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from assessment_app.domain.case_types import CaseStatus
from assessment_app.errors import AppError
from assessment_app.services.case_queries import search_cases
from assessment_app.ui.cases.case_list_model import (
    APPLICATION_TYPE, CREATED_ON, NAME, PLANNED_DATE, RESIDENT_ID, SORT_KEYS, STATUS, TASK_NUMBER, CaseListModel,
)
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.shell.user_feedback import show_error
from assessment_app.ui.shell.work_context import WorkContext
from assessment_app.ui.widgets.background import LatestOnly

SEARCH_DELAY_MS = 250
ALL_STATUSES = ""


class CaseListPage(QWidget):
    """Emits `case_requested(case_id)` when the user opens a case."""

    case_requested = Signal(str)

    def __init__(self, context: WorkContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("caseListPage")
        set_look(self, "page")
        self.context = context
        self.sort_column = CREATED_ON
        self.descending = True

        self.heading = QLabel(self)
        set_look(self.heading, "pageHeading")
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("caseSearch")
        self.search_box.setClearButtonEnabled(True)
        self.status_label = QLabel(self)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        self.status_label.setBuddy(self.status_filter)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("caseTotal")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openCaseButton")
        self.open_button.clicked.connect(self.open_current)

        self.model = CaseListModel(lambda query: search_cases(self.context.records, query, actor=self.context.session),
                                   context.language, self)
        self.searches = LatestOnly(self._search_in_background, success=self._show_found, failure=self._search_failed,
                                   owner=self, name="ltc-assess-case-search")
        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((NAME, 140), (RESIDENT_ID, 210), (TASK_NUMBER, 150), (APPLICATION_TYPE, 200),
                              (STATUS, 110), (CREATED_ON, 120), (PLANNED_DATE, 120)):
            self.table.setColumnWidth(column, width)
        header.sectionClicked.connect(self.sort_by_column)
        self.table.activated.connect(self._open_index)
        self.model.rowsInserted.connect(lambda *_: self._show_total())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_open_button())

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.search)
        self.search_box.textChanged.connect(lambda _: self.search_timer.start())
        self.search_box.returnPressed.connect(self.search)
        self.status_filter.currentIndexChanged.connect(lambda _: self.search())

        controls = QHBoxLayout()
        controls.addWidget(self.search_box, 1)
        controls.addSpacing(12)
        controls.addWidget(self.status_label)
        controls.addWidget(self.status_filter)
        footer = QHBoxLayout()
        footer.addWidget(self.total_label, 1)
        footer.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self._fill_status_filter()
        self.retranslate(context.language)
        self.search()

    # -- user actions -------------------------------------------------------------------------

    def search(self) -> None:
        """Search now (the debounce timer calls this after a pause in typing), in the background."""
        self.search_timer.stop()
        statuses = (self.status_filter.currentData(),) if self.status_filter.currentData() else ()
        query = CaseListModel.first_page_query(self.search_box.text(), statuses, SORT_KEYS[self.sort_column],
                                               self.descending)
        # The records and the person are those of the moment of asking, not of the answer.
        self.searches.request((query, self.context.records, self.context.session))
        self._show_total()

    @staticmethod
    def _search_in_background(request, control):
        query, records, actor = request
        return search_cases(records, query, actor=actor)

    def _show_found(self, request, page) -> None:
        self.model.show_page(request[0], page)
        self._show_total()
        self._update_open_button()

    def _search_failed(self, error: AppError) -> None:  # storage errors are told, the list stays as it was
        self._show_total()
        show_error(self, self.tr("Search failed"), error, self.context.language)

    def sort_by_column(self, column: int) -> None:
        """Name, received date and planned date sort; a second click on the same one reverses."""
        if column in SORT_KEYS:
            if column == self.sort_column:
                self.descending = not self.descending
            else:
                self.sort_column, self.descending = column, column != NAME
            self.search()
        self._show_sort_indicator()

    def open_current(self) -> None:
        self._open_index(self.table.currentIndex())

    def reload(self) -> None:
        """Search again with the same terms (after an intake, a restore, a change in a case)."""
        self.search()

    def retranslate(self, language: str) -> None:
        self.model.set_language(language)
        self.heading.setText(self.tr("Cases"))
        self.search_box.setPlaceholderText(self.tr("Search by name, ID number (or its beginning) or task number"))
        self.status_label.setText(self.tr("Status:"))
        self.status_filter.setItemText(0, self.tr("All statuses"))
        for index, status in enumerate(CaseStatus, start=1):
            self.status_filter.setItemText(index, status.label(language))
        self.open_button.setText(self.tr("Open case"))
        self.table.horizontalHeader().setToolTip(self.tr("Click on Applicant, Received on or Planned visit to sort"))
        self._show_total()

    # -- plumbing -----------------------------------------------------------------------------

    def _fill_status_filter(self) -> None:
        self.status_filter.addItem("", ALL_STATUSES)
        for status in CaseStatus:
            self.status_filter.addItem("", status.value)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_requested.emit(self.model.case_id(index.row()))

    def _show_total(self) -> None:
        if self.searches.busy:
            self.total_label.setText(self.tr("Searching…"))
            return
        self.total_label.setText(self.tr("{total} cases found, {shown} shown").format(
            total=self.model.total, shown=len(self.model.rows)) if self.model.total != len(self.model.rows)
            else self.tr("{total} cases found").format(total=self.model.total))

    def _show_sort_indicator(self) -> None:
        order = Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(self.sort_column, order)

    def _update_open_button(self) -> None:
        self.open_button.setEnabled(self.table.currentIndex().isValid())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._show_sort_indicator()
