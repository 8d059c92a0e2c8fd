# SPDX-License-Identifier: GPL-3.0-or-later
"""The case list as a Qt table model fed page by page from `search_cases`.

With 100,000 cases nothing is loaded up front: the first page comes with the total count, and
the view asks for the next page (fetchMore) only as the user scrolls towards the end. A new
search's first page is fetched in the background by the page (case_list_page.py) and handed to
`show_page`; until it arrives the model keeps showing the rows it has.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from assessment_app.domain.case_types import ApplicationType, CaseStatus
from assessment_app.services.case_queries import CaseListPage, CaseListRow, CaseQuery

PAGE_SIZE = 100
CASE_ID_ROLE = Qt.ItemDataRole.UserRole

NAME, RESIDENT_ID, TASK_NUMBER, APPLICATION_TYPE, STATUS, CREATED_ON, PLANNED_DATE = range(7)
COLUMN_COUNT = 7
# Columns the user can sort by, and the CaseQuery sort key each stands for.
SORT_KEYS = {NAME: "name", CREATED_ON: "created_at", PLANNED_DATE: "planned_visit_date"}

Search = Callable[[CaseQuery], CaseListPage]
AnyIndex = QModelIndex | QPersistentModelIndex


class CaseListModel(QAbstractTableModel):
    def __init__(self, search: Search, language: str, parent=None):
        super().__init__(parent)
        self._search = search
        self.language = language
        self.query = CaseQuery(limit=PAGE_SIZE)
        self.rows: list[CaseListRow] = []
        self.total = 0

    # -- what to show -------------------------------------------------------------------------

    @staticmethod
    def first_page_query(text: str, statuses: tuple[str, ...], sort: str, descending: bool) -> CaseQuery:
        return CaseQuery(text=text.strip() or None, statuses=statuses, sort=sort, descending=descending,
                         limit=PAGE_SIZE, offset=0)

    def show_page(self, query: CaseQuery, page: CaseListPage) -> None:
        """Show the first page of `query` (searched elsewhere) in place of the rows shown so far."""
        self.beginResetModel()
        self.query = query
        self.rows = list(page.rows)
        self.total = page.total
        self.endResetModel()

    def set_language(self, language: str) -> None:
        self.language = language
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, COLUMN_COUNT - 1))

    def case_id(self, row: int) -> str:
        return self.rows[row].case_id

    # -- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:
        if parent.isValid():
            return
        query = dataclasses.replace(self.query, offset=len(self.rows))
        page = self._search(query)
        if not page.rows:
            self.total = len(self.rows)  # the data shrank under us (another window, a restore)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page.rows) - 1)
        self.rows.extend(page.rows)
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == CASE_ID_ROLE:
            return row.case_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == RESIDENT_ID:
            return self.tr("Masked; assigned experts can show the full number in the case")
        return None

    def _text(self, row: CaseListRow, column: int) -> str:
        if column == NAME:
            return row.applicant_name
        if column == RESIDENT_ID:
            return row.resident_id_masked
        if column == TASK_NUMBER:
            return row.task_number or "—"
        if column == APPLICATION_TYPE:
            return ApplicationType(row.application_type).label(self.language)
        if column == STATUS:
            return CaseStatus(row.status).label(self.language)
        if column == CREATED_ON:
            return row.created_on
        return row.planned_visit_date or "—"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Applicant"), self.tr("ID number"), self.tr("Task number"), self.tr("Application type"),
                self.tr("Status"), self.tr("Received on"), self.tr("Planned visit"))[section]
