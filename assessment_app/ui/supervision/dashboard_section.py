# SPDX-License-Identifier: GPL-3.0-or-later
"""One table of the dashboard on the page: its plot (QtCharts) beside its numbers as the server sent
them, and 导出 CSV…. The grade distribution adds, beside its plot, the test per assessor (χ², df,
p-value, outlier, standardised residual per grade), the flagged assessors' rows marked."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
    QTabWidget, QVBoxLayout, QWidget,
)

from assessment_app.domain import dashboard_tables as tables
from assessment_app.ui.shell.theme import set_look
from assessment_app.ui.supervision.dashboard_charts import DashboardCharts
from assessment_app.ui.widgets.in_memory import png_bytes

EXPORT_CHART_SIZE = QSize(1200, 560)  # the plot as the PDF shows it, whatever the window's size
OUTLIER_BACKGROUND = QColor("#fdecea")
OUTLIER_INK = QColor("#b3261e")
HIGH_RESIDUAL_INK, LOW_RESIDUAL_INK = QColor("#b3261e"), QColor("#1f5fa8")
RESIDUAL_COLUMN_WIDTH = 64
VERDICT_COLUMN = 4  # in the test table: assessor, visits, χ², p-value, outlier, residuals…
NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def numbers_table(parent: QWidget, name: str) -> QTableWidget:
    table = QTableWidget(parent)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setAlternatingRowColors(True)
    return table


def _item(text: str, *, number: bool) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(NUMBER_ALIGNMENT)
    return item


def _mark_row(table: QTableWidget, row: int, *, background: QColor | None = None, bold: bool = False) -> None:
    for column in range(table.columnCount()):
        item = table.item(row, column)
        if background is not None:
            item.setBackground(QBrush(background))
        if bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)


class DashboardSection(QWidget):
    export_requested = Signal(str)  # the table's name

    def __init__(self, name: str, charts: DashboardCharts, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"dashboard:{name}")
        self.charts = charts
        self.table_data: dict | None = None
        self.language = "zh_CN"
        self.heading = QLabel(self)
        set_look(self.heading, "panelHeading")
        self.note = QLabel(self)
        self.note.setObjectName(f"dashboardNote:{name}")
        self.note.setWordWrap(True)
        set_look(self.note, "fieldHint")
        self.export_button = QPushButton(self)
        self.export_button.setObjectName(f"dashboardExportCsv:{name}")
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.name))
        self.chart_view = QChartView(self)
        self.chart_view.setObjectName(f"dashboardChart:{name}")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(420)
        self.numbers = numbers_table(self, f"dashboardTable:{name}")
        self.test_table = numbers_table(self, "dashboardGradeTest") if name == tables.GRADE_DISTRIBUTION else None
        side: QWidget = self.numbers
        if self.test_table is not None:
            self.side_tabs = QTabWidget(self)
            self.side_tabs.addTab(self.test_table, "")
            self.side_tabs.addTab(self.numbers, "")
            side = self.side_tabs
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.chart_view)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        # The grade test's table is wide (a residual per grade): its plot gives it room.
        self.splitter.setSizes([430, 730] if self.test_table is not None else [640, 520])
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.splitter, 1)
        self.note.hide()

    def retranslate(self, language: str) -> None:
        self.language = language
        self.heading.setText(tables.title(self.name, language))
        self.export_button.setText(self.tr("Export CSV…"))
        self.export_button.setToolTip(self.tr("Save this table as a CSV file (UTF-8 with BOM, opens in Excel)"))
        if self.test_table is not None:
            self.side_tabs.setTabText(0, self.tr("Test per assessor"))
            self.side_tabs.setTabText(1, self.tr("All figures"))
        if self.table_data is not None:
            self.show_table(self.table_data)

    def clear(self) -> None:
        self.table_data = None
        self.chart_view.setChart(self.charts.chart(self.name, {"rows": []}, self.language) or _empty_chart())
        for table in (self.numbers, self.test_table):
            if table is not None:
                table.setRowCount(0)
        self.note.hide()
        self.export_button.setEnabled(False)

    def show_table(self, table: dict) -> None:
        self.table_data = table
        language = self.language
        self.chart_view.setChart(self.charts.chart(self.name, table, language) or _empty_chart(
            self.tr("No visits in this period")))
        columns = table["columns"]
        self.numbers.setColumnCount(len(columns))
        self.numbers.setHorizontalHeaderLabels([tables.column_label(column, language) for column in columns])
        self.numbers.setRowCount(len(table["rows"]))
        for row_index, row in enumerate(table["rows"]):
            for column_index, column in enumerate(columns):
                value = row.get(column["key"])
                self.numbers.setItem(row_index, column_index, _item(
                    tables.cell_text(column["key"], value, language),
                    number=isinstance(value, (int, float)) and not isinstance(value, bool)))
            if "assessor" in row and row["assessor"] is None:
                _mark_row(self.numbers, row_index, bold=True)
            if row.get("outlier"):
                _mark_row(self.numbers, row_index, background=OUTLIER_BACKGROUND)
        self.export_button.setEnabled(True)
        if self.test_table is not None:
            self._show_test(table)

    def _show_test(self, table: dict) -> None:
        language = self.language
        test = tables.grade_test(table, language)
        # The degrees of freedom are the table's (the grades the agency gave, less one): in the note.
        headers = [self.tr("Assessor"), self.tr("Visits"), "χ²", self.tr("p-value"),
                   self.tr("Outlier")] + [self.tr("residual\n{grade}").format(grade=label) for _, label in test.grades]
        self.test_table.setColumnCount(len(headers))
        self.test_table.setHorizontalHeaderLabels(headers)
        # A residual per grade beside the plot at 1366 px: narrow columns, their grade names wrapped.
        header = self.test_table.horizontalHeader()
        for column in range(VERDICT_COLUMN + 1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, RESIDUAL_COLUMN_WIDTH)
        wrapped = [header.fontMetrics().boundingRect(
            QRect(0, 0, RESIDUAL_COLUMN_WIDTH - 8, 1000), int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            text).height() for text in headers[VERDICT_COLUMN + 1:]]
        header.setMinimumHeight(max(wrapped, default=0) + 12)  # 残差 / 重度失能 / Ⅰ级 all shown
        self.test_table.setRowCount(len(test.assessors))
        for row_index, person in enumerate(test.assessors):
            verdict = self.tr("yes") if person.outlier else (self.tr("no") if person.tested else self.tr("not tested"))
            cells = [(person.label, False), (str(person.visits), True),
                     (tables.cell_text("chi_square", person.chi_square, language), True),
                     (tables.cell_text("p_value", person.p_value, language), True), (verdict, False)]
            cells += [(tables.cell_text("residual", person.residuals.get(code), language), True)
                      for code, _ in test.grades]
            for column_index, (text, number) in enumerate(cells):
                self.test_table.setItem(row_index, column_index, _item(text, number=number))
            for offset, (code, _) in enumerate(test.grades):
                residual = person.residuals.get(code)
                if residual is not None and abs(residual) > tables.NOTABLE_RESIDUAL:
                    item = self.test_table.item(row_index, len(cells) - len(test.grades) + offset)
                    item.setForeground(QBrush(HIGH_RESIDUAL_INK if residual > 0 else LOW_RESIDUAL_INK))
            if person.outlier:
                _mark_row(self.test_table, row_index, background=OUTLIER_BACKGROUND, bold=True)
                self.test_table.item(row_index, VERDICT_COLUMN).setForeground(QBrush(OUTLIER_INK))
        outliers = [person.label for person in test.assessors if person.outlier]
        self.note.setText(self.tr(
            "Chi-square goodness of fit of each assessor's grades against the whole agency's shares (df = {df}); "
            "tested: {tested} assessors with at least {minimum} visits; outlier when p < α/m = {threshold} "
            "(α = {alpha}, Bonferroni). Standardised residuals beyond ±2 are coloured (red: more often than "
            "expected). Outliers: {outliers}.").format(
            df=test.degrees_of_freedom, tested=(table.get("test") or {}).get("assessors_tested", 0),
            minimum=test.min_visits,
            threshold=tables.cell_text("p_value", test.threshold, language), alpha=test.alpha,
            outliers="、".join(outliers) if outliers else self.tr("none")))
        self.note.setVisible(True)

    def chart_png(self) -> bytes | None:
        """The plot drawn afresh at the export size and grabbed as PNG (for the PDF)."""
        if self.table_data is None:
            return None
        chart = self.charts.chart(self.name, self.table_data, self.language)
        if chart is None:
            return None
        image = chart_image(chart, EXPORT_CHART_SIZE)
        return png_bytes(image)


def chart_image(chart: QChart, size: QSize) -> QPixmap:
    """The chart drawn afresh in a view of `size` (whatever the window's) and grabbed."""
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.resize(size)
    image = view.grab()
    view.deleteLater()
    return image


def _empty_chart(title: str = "") -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setVisible(False)
    return chart
