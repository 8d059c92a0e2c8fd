# SPDX-License-Identifier: GPL-3.0-or-later
"""The trace a reviewer reads: each dimension's sum and the threshold row it fell in, the levels
compared and the worse one, the table cell used and the grade it holds. Everything shown is
read from the calculator's results; nothing is worked out here."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from forms.model import Form
from scoring import ScoreResult

from assessment_app.services.calculator import DimensionProgress
from assessment_app.ui.shell.theme import PENDING_BG, PENDING_INK, set_look
from assessment_app.ui.widgets.wording import is_pending, pending_mark


def _badge(text: str) -> str:
    return (f'&nbsp;<span style="background:{PENDING_BG}; color:{PENDING_INK}; font-weight:bold;">'
            f"&nbsp;{escape(text)}&nbsp;</span>")


class TraceView(QFrame):
    def __init__(self, form: Form, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        set_look(self, "panelBox")
        self.setObjectName("traceView")
        self.heading = QLabel(self)
        set_look(self.heading, "panelHeading")
        self.text = QLabel(self)
        self.text.setObjectName("traceText")
        set_look(self.text, "body")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)

    def show_trace(self, progress: tuple[DimensionProgress, ...], result: ScoreResult | None, language: str) -> None:
        self.heading.setText(self.tr("How the grade is reached"))
        form = self.form
        thresholds_badge = _badge(pending_mark()) if is_pending(form, "dimension_levels") else ""
        paragraphs = []
        for dimension_progress in progress:
            name = escape(dimension_progress.dimension.name.get(language))
            dimension_result = dimension_progress.result
            if dimension_result is None:
                line = self.tr("{dimension}: {answered} of {total} answered, no level yet").format(
                    dimension=name, answered=dimension_progress.answered, total=dimension_progress.total)
            else:
                line = self.tr("{dimension}: sum {score} → {level} (range {low} to {high})").format(
                    dimension=name, score=dimension_result.score,
                    level=escape(form.level(dimension_result.level_id).label.get(language)),
                    low=dimension_result.range_min, high=dimension_result.range_max) + thresholds_badge
            paragraphs.append(line)
        if result is None:
            waiting = self.tr("The grade is looked up in the table once every item is answered.")
            paragraphs.append(f"<i>{escape(waiting)}</i>")
        else:
            paragraphs.extend(self._combination_lines(result, language))
        self.text.setText("".join(f"<p style='margin:0 0 6px 0'>{p}</p>" for p in paragraphs))

    def _combination_lines(self, result: ScoreResult, language: str) -> list[str]:
        form = self.form
        combination = form.combination
        table_badge = _badge(pending_mark()) if is_pending(form, "combination") else ""

        def level_label(level_id: str) -> str:
            return escape(form.level(level_id).label.get(language))

        compared = self.tr(", ").join(
            self.tr("{dimension} ({level})").format(
                dimension=escape(form.dimension(dimension_id).name.get(language)),
                level=level_label(result.dimension(dimension_id).level_id))
            for dimension_id in combination.column_worse_of)
        grade = form.grade(result.grade_code)
        return [
            self.tr("Compared: {compared} → the worse is {level}").format(
                compared=compared, level=f"<b>{level_label(result.column_level_id)}</b>"),
            self.tr("Table cell: row {row_level} ({row_dimension}) × column {column_level} (the worse level) "
                    "→ grade {code}: {grade}").format(
                row_dimension=escape(form.dimension(combination.row_dimension_id).name.get(language)),
                row_level=level_label(result.row_level_id),
                column_level=level_label(result.column_level_id),
                code=result.grade_code,
                grade=f"<b>{escape(grade.label.get(language))}</b>") + table_badge,
            f"<span style='color:#5b6675'>{escape(combination.method.get(language))}</span>",
        ]

    def plain_text(self) -> str:
        """The trace as a reader sees it, without markup (for tests and copying)."""
        document = QTextDocument()
        document.setHtml(self.text.text())
        return document.toPlainText()
