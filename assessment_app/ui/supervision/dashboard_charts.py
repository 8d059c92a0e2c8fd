# SPDX-License-Identifier: GPL-3.0-or-later
"""The dashboard's plots, drawn with QtCharts from the server's tables exactly as they arrive (no
figure is computed here beyond scaling fractions to per cent and counting re-applicants by
their number of applications for the bar chart).

Per-assessor charts are horizontal bars, the agency (全机构) on top, the assessors below in the
server's order. In the grade distribution every grade's bar set draws the flagged (outlier)
assessors in a red shade of its own colour (QBarSet.selectBar), and their label is marked.
"""

from __future__ import annotations

import datetime
from collections import Counter

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QDateTimeAxis, QHorizontalBarSeries,
    QHorizontalPercentBarSeries, QLineSeries, QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, QObject, Qt, QTime
from PySide6.QtGui import QColor, QFont

from assessment_app.domain import dashboard_tables as tables

# Light to dark with the grade's severity: 基本正常 … 重度失能Ⅲ级.
GRADE_COLOURS = ("#d9e8f5", "#a9cbe8", "#6fa5d6", "#3d7cbf", "#245a96", "#15365e")
OUTLIER_COLOURS = ("#fbd5d2", "#f4a9a2", "#e8776d", "#d34b40", "#a8281f", "#6e130d")
SERIES_COLOURS = ("#2f6db3", "#d9822b", "#5b9a4a")
LABEL_POINT_SIZE = 8


def _small(axis) -> None:
    font = QFont(axis.labelsFont())
    font.setPointSize(LABEL_POINT_SIZE)
    axis.setLabelsFont(font)
    axis.setTruncateLabels(False)  # QtCharts elides a category label to "…" long before it lacks room


def _value_axis(title: str, maximum: float, *, percent: bool = False) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, 100 if percent and maximum > 50 else max(1.0, maximum * 1.1))
    axis.applyNiceNumbers()
    axis.setLabelFormat("%.0f %%" if percent else ("%.0f" if maximum >= 10 else "%.1f"))
    axis.setTitleText(title)
    _small(axis)
    return axis


def _category_axis(labels: list[str]) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(labels)
    _small(axis)
    return axis


def _assessor_rows(table: dict) -> list[dict]:
    """Agency first, then the assessors, reversed for a horizontal chart (drawn bottom-up)."""
    agency = [row for row in table["rows"] if row.get("assessor") is None]
    others = [row for row in table["rows"] if row.get("assessor") is not None]
    return list(reversed(agency + others))


def _finish(chart: QChart, series, horizontal_axis, vertical_axis, *, legend: bool) -> QChart:
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.addSeries(series)
    chart.addAxis(horizontal_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(vertical_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(horizontal_axis)
    series.attachAxis(vertical_axis)
    chart.legend().setVisible(legend)
    return chart


class DashboardCharts(QObject):
    """Builds the chart of each table in the interface's language (titles through self.tr, the
    labels the server sent in `language`)."""

    def chart(self, name: str, table: dict, language: str) -> QChart | None:
        """A chart of the table, or None for a table without rows."""
        if not table.get("rows"):
            return None
        build = {tables.GRADE_DISTRIBUTION: self._grade_distribution, tables.SEVERE_SHARE_BY_MONTH: self._severe_share,
                 tables.REVIEW_OUTCOMES: self._review_outcomes, tables.VISITS_PER_DAY: self._visits_per_day,
                 tables.VISIT_DURATION: self._visit_duration, tables.ANSWER_CHANGES: self._answer_changes,
                 tables.DUAL_ENTRY_AGREEMENT: self._dual_entry, tables.FREQUENT_REAPPLICANTS: self._reapplicants}[name]
        chart = build(table, language)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        # Room on the left: the ⚠ of an outlier's label comes from a fallback font QtCharts measures short.
        chart.setMargins(QMargins(14, 4, 4, 4))
        legend_font = QFont(chart.legend().font())
        legend_font.setPointSize(LABEL_POINT_SIZE + 1)
        chart.legend().setFont(legend_font)
        return chart

    def _horizontal(self, title: str, table: dict, language: str, sets: list[tuple[str, str, float]],
                    axis_title: str, *, percent: bool = False) -> QChart:
        """Horizontal bars per assessor: `sets` are (label, column, scale)."""
        rows = _assessor_rows(table)
        chart = QChart()
        chart.setTitle(title)
        series = QHorizontalBarSeries()
        highest = 0.0
        for index, (label, column, scale) in enumerate(sets):
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)]))
            values = [(row.get(column) or 0) * scale for row in rows]
            highest = max([highest, *values])
            bar_set.append(values)
            series.append(bar_set)
        series.setBarWidth(0.8)
        return _finish(chart, series, _value_axis(axis_title, highest, percent=percent),
                       _category_axis([tables.assessor_label(row, language) for row in rows]), legend=len(sets) > 1)

    def _grade_distribution(self, table: dict, language: str) -> QChart:
        test = tables.grade_test(table, language)
        chart = QChart()
        chart.setTitle(self.tr("Grade shares per assessor against the whole agency"))
        series = QHorizontalPercentBarSeries()
        people = list(reversed(test.assessors))  # drawn bottom-up: the first assessor just below the agency
        labels = [self.tr("⚠ {assessor} (outlier)").format(assessor=person.label) if person.outlier else person.label
                  for person in people] + [tables.AGENCY_LABEL[1 if language == "en" else 0]]
        for index, (code, label) in enumerate(test.grades):
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(GRADE_COLOURS[min(index, len(GRADE_COLOURS) - 1)]))
            bar_set.setSelectedColor(QColor(OUTLIER_COLOURS[min(index, len(OUTLIER_COLOURS) - 1)]))
            bar_set.append([person.shares.get(code, 0.0) * 100 for person in people] +
                           [test.agency_shares[code] * 100])
            for position, person in enumerate(people):
                if person.outlier:
                    bar_set.selectBar(position)
            series.append(bar_set)
        series.setBarWidth(0.8)
        values = QValueAxis()
        values.setRange(0, 100)
        values.setLabelFormat("%.0f %%")
        _small(values)
        _finish(chart, series, values, _category_axis(labels), legend=True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)  # six grade names: a column, not elided
        return chart

    def _severe_share(self, table: dict, language: str) -> QChart:
        chart = QChart()
        chart.setTitle(self.tr("Share of severe grades (重度失能 I–III) per month"))
        series = QLineSeries()
        series.setPointsVisible(True)
        series.setColor(QColor(SERIES_COLOURS[0]))
        values = [(row.get("severe_share") or 0) * 100 for row in table["rows"]]
        for index, value in enumerate(values):
            series.append(index, value)
        return _finish(chart, series, _category_axis([row["month"] for row in table["rows"]]),
                       _value_axis(self.tr("% of visits"), max(values), percent=True), legend=False)

    def _review_outcomes(self, table: dict, language: str) -> QChart:
        return self._horizontal(self.tr("Returned and re-check (复核) rate per assessor"), table, language,
                                [(self.tr("returned rate"), "returned_rate", 100),
                                 (self.tr("re-check rate"), "recheck_rate", 100)],
                                self.tr("% of decided records"), percent=True)

    def _visits_per_day(self, table: dict, language: str) -> QChart:
        chart = QChart()
        chart.setTitle(self.tr("Visits per day"))
        series = QLineSeries()
        series.setColor(QColor(SERIES_COLOURS[0]))
        for row in table["rows"]:
            moment = QDateTime(datetime.date.fromisoformat(row["day"]), QTime(12, 0))
            series.append(moment.toMSecsSinceEpoch(), row["visits"])
        days = QDateTimeAxis()
        days.setFormat("yyyy-MM-dd")
        days.setTickCount(7)
        _small(days)
        highest = max(row["visits"] for row in table["rows"])
        return _finish(chart, series, days, _value_axis(self.tr("visits"), highest), legend=False)

    def _visit_duration(self, table: dict, language: str) -> QChart:
        return self._horizontal(self.tr("Median visit duration per assessor"), table, language,
                                [(self.tr("median (minutes)"), "median_minutes", 1)], self.tr("minutes"))

    def _answer_changes(self, table: dict, language: str) -> QChart:
        return self._horizontal(self.tr("Answers changed per visit, per assessor"), table, language,
                                [(self.tr("changes per visit"), "changes_per_visit", 1)], self.tr("changes per visit"))

    def _dual_entry(self, table: dict, language: str) -> QChart:
        return self._horizontal(self.tr("Dual-entry agreement per assessor"), table, language,
                                [(self.tr("agreement rate"), "agreement_rate", 100)], self.tr("% of items alike"),
                                percent=True)

    def _reapplicants(self, table: dict, language: str) -> QChart:
        counts = Counter(row["applications"] for row in table["rows"])
        chart = QChart()
        chart.setTitle(self.tr("Flagged re-applicants by number of applications"))
        bar_set = QBarSet(self.tr("people"))
        bar_set.setColor(QColor(SERIES_COLOURS[1]))
        applications = sorted(counts)
        bar_set.append([counts[number] for number in applications])
        series = QBarSeries()
        series.append(bar_set)
        return _finish(chart, series,
                       _category_axis([self.tr("{count} applications").format(count=number)
                                       for number in applications]),
                       _value_axis(self.tr("people"), max(counts.values())), legend=False)
