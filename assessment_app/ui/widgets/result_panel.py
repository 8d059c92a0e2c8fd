# SPDX-License-Identifier: GPL-3.0-or-later
"""The right-hand panel: the grade (or what is still missing), each dimension's score and level,
the trace, and which form, form data and engine produced the result, with what is unverified."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from forms.model import Form
from scoring import ENGINE_VERSION, ScoreResult

from assessment_app.services.calculator import DimensionProgress
from assessment_app.ui.shell.theme import PENDING_INK, set_look
from assessment_app.ui.widgets.trace_view import TraceView
from assessment_app.ui.widgets.wording import dimension_score, is_pending, pending_mark, verification_status

SHORT_HASH = 12
ITEM_LINK = "item:"


def _box(parent: QWidget) -> tuple[QFrame, QVBoxLayout, QLabel]:
    box = QFrame(parent)
    set_look(box, "panelBox")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(14, 10, 14, 12)
    layout.setSpacing(6)
    heading = QLabel(box)
    set_look(heading, "panelHeading")
    layout.addWidget(heading)
    return box, layout, heading


def _label(parent: QWidget, object_name: str, look: str = "body", wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(object_name)
    set_look(label, look)
    label.setWordWrap(wrap)
    return label


class ResultPanel(QScrollArea):
    """Emits `item_requested(item_id)` when a missing item's name is clicked."""

    item_requested = Signal(str)

    def __init__(self, form: Form, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("resultPanel")
        self.form = form
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        content = QWidget()
        content.setObjectName("resultPanelContent")
        set_look(content, "page")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 16, 16)
        layout.setSpacing(12)

        grade_box, grade_layout, self.grade_heading = _box(content)
        grade_box.setObjectName("gradeBox")
        self.grade_label = _label(grade_box, "gradeLabel")
        self.grade_code_label = _label(grade_box, "gradeCodeLabel")
        self.missing_label = _label(grade_box, "missingLabel")
        self.missing_label.setTextFormat(Qt.TextFormat.RichText)
        self.missing_label.linkActivated.connect(self._on_link)
        self.table_pending = _label(grade_box, "combinationPending", look="pendingBadge")
        for widget in (self.grade_label, self.grade_code_label, self.missing_label, self.table_pending):
            grade_layout.addWidget(widget)
        layout.addWidget(grade_box)

        dimension_box, dimension_layout, self.dimension_heading = _box(content)
        dimension_box.setObjectName("dimensionBox")
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(0, 1)
        self.dimension_names: dict[str, QLabel] = {}
        self.dimension_scores: dict[str, QLabel] = {}
        self.dimension_levels: dict[str, QLabel] = {}
        for row, dimension in enumerate(form.dimensions):
            name = _label(dimension_box, f"dimName:{dimension.id}")
            score = _label(dimension_box, f"dimScore:{dimension.id}", wrap=False)
            level = _label(dimension_box, f"dimLevel:{dimension.id}", wrap=False)
            score.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, row, 0)
            grid.addWidget(score, row, 1)
            grid.addWidget(level, row, 2)
            self.dimension_names[dimension.id] = name
            self.dimension_scores[dimension.id] = score
            self.dimension_levels[dimension.id] = level
        dimension_layout.addLayout(grid)
        self.thresholds_pending = _label(dimension_box, "thresholdsPending", look="pendingBadge")
        dimension_layout.addWidget(self.thresholds_pending)
        layout.addWidget(dimension_box)

        self.trace = TraceView(form, content)
        layout.addWidget(self.trace)

        info_box, info_layout, self.info_heading = _box(content)
        info_box.setObjectName("formInfoBox")
        self.form_info = _label(info_box, "formInfo")
        self.form_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form_info.setToolTip(f"SHA-256 {form.sha256}")
        info_layout.addWidget(self.form_info)
        layout.addWidget(info_box)
        layout.addStretch(1)
        self.setWidget(content)

    def _on_link(self, link: str) -> None:
        if link.startswith(ITEM_LINK):
            self.item_requested.emit(link[len(ITEM_LINK):])

    def show_state(self, progress: tuple[DimensionProgress, ...], result: ScoreResult | None,
                   missing: tuple[str, ...], language: str) -> None:
        form = self.form
        self.grade_heading.setText(self.tr("Disability grade"))
        self.dimension_heading.setText(self.tr("Dimension scores and levels"))
        self.info_heading.setText(self.tr("Form and scoring engine"))

        complete = result is not None
        self.grade_label.setVisible(complete)
        self.grade_code_label.setVisible(complete)
        self.missing_label.setVisible(not complete)
        if complete:
            grade = form.grade(result.grade_code)
            self.grade_label.setText(grade.label.get(language))
            self.grade_code_label.setText(self.tr("Grade {code}").format(code=grade.code))
            self.missing_label.clear()
        else:
            self.grade_label.clear()
            self.grade_code_label.clear()
            self.missing_label.setText(self._missing_text(missing, language))
        self.table_pending.setVisible(is_pending(form, "combination"))
        self.table_pending.setText(self.tr("Combination table: {status}").format(status=pending_mark()))

        for dimension_progress in progress:
            dimension_id = dimension_progress.dimension.id
            self.dimension_names[dimension_id].setText(dimension_progress.dimension.name.get(language))
            self.dimension_scores[dimension_id].setText(dimension_score(dimension_progress))
            level = dimension_progress.result
            self.dimension_levels[dimension_id].setText(
                form.level(level.level_id).label.get(language) if level is not None else "—")
        self.thresholds_pending.setVisible(is_pending(form, "dimension_levels"))
        self.thresholds_pending.setText(self.tr("Level thresholds: {status}").format(status=pending_mark()))

        self.trace.show_trace(progress, result, language)
        self.form_info.setText(self._form_info_text(result, language))

    def _missing_text(self, missing: tuple[str, ...], language: str) -> str:
        links = self.tr(", ").join(
            f'<a href="{ITEM_LINK}{escape(item_id)}">{escape(self.form.items_by_id[item_id].name.get(language))}</a>'
            for item_id in missing)
        intro = self.tr("Not complete: {missing} of {total} items still to answer").format(
            missing=len(missing), total=len(self.form.items))
        return f"<p style='margin:0 0 4px 0'>{escape(intro)}</p><p style='margin:0'>{links}</p>"

    def _form_info_text(self, result: ScoreResult | None, language: str) -> str:
        form = self.form
        lines = [
            f"<b>{escape(form.title.get(language))}</b>",
            escape(self.tr("Form {form_id}, version {version}").format(form_id=form.id, version=form.version)),
            escape(self.tr("Form data SHA-256: {digest}…").format(digest=form.sha256[:SHORT_HASH])),
            escape(self.tr("Scoring engine version {version}").format(
                version=result.engine_version if result is not None else ENGINE_VERSION)),
        ]
        for section, template in (("items", self.tr("Items and wording: {status}")),
                                  ("dimension_levels", self.tr("Level thresholds: {status}")),
                                  ("combination", self.tr("Combination table: {status}"))):
            line = escape(template.format(status=verification_status(form, section)))
            lines.append(f"<span style='color:{PENDING_INK}; font-weight:bold'>{line}</span>"
                         if is_pending(form, section) else line)
        return "<br>".join(lines)
