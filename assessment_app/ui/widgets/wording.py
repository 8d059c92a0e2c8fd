# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences shown in more than one widget, built from what the calculator service returns.

Instrument words (dimension names, level and grade labels) come from the form; only the frame
around them is translated here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from forms.model import Form

from assessment_app.services.calculator import DimensionProgress

PENDING = "pending"


def item_numbers(form: Form) -> dict[str, int]:
    """Items are numbered 1..n through the whole form, in the official order."""
    return {item.id: number for number, item in enumerate(form.items, start=1)}


def answered_count(progress: DimensionProgress) -> str:
    return QCoreApplication.translate("Wording", "Answered {answered}/{total}").format(
        answered=progress.answered, total=progress.total)


def dimension_score(progress: DimensionProgress) -> str:
    """'score/max' once the dimension is complete, else how many of its items are answered."""
    if progress.result is None:
        return answered_count(progress)
    return f"{progress.result.score}/{progress.result.max_score}"


def dimension_summary(progress: DimensionProgress, form: Form, language: str) -> str:
    if progress.result is None:
        return answered_count(progress)
    return QCoreApplication.translate("Wording", "Score {score}/{max} · {level}").format(
        score=progress.result.score, max=progress.result.max_score,
        level=form.level(progress.result.level_id).label.get(language))


def is_pending(form: Form, section: str) -> bool:
    verification = form.verification.get(section)
    return verification is not None and verification.status == PENDING


def pending_mark() -> str:
    return QCoreApplication.translate("Wording", "to be verified")


def verification_status(form: Form, section: str) -> str:
    if is_pending(form, section):
        return pending_mark()
    return QCoreApplication.translate("Wording", "verified")
