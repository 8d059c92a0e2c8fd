# SPDX-License-Identifier: GPL-3.0-or-later
"""Answers as entered: progress in the form's official order, and dual-entry reconciliation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from forms.model import Form


@dataclass(frozen=True)
class DimensionProgress:
    dimension_id: str
    answered: int
    total: int


@dataclass(frozen=True)
class VisitProgress:
    dimensions: tuple[DimensionProgress, ...]
    answered_item_ids: tuple[str, ...]  # in the form's order
    current_item_id: str | None  # the first unanswered item in the official order; None when all are
    last_answered_item_id: str | None  # the item answered (or changed) most recently
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def progress(form: Form, answers: Mapping[str, str], answered_in_order: Iterable[str] = ()) -> VisitProgress:
    """`answered_in_order`: item ids in the order they were (last) answered, oldest first."""
    dimensions = tuple(DimensionProgress(dimension.id, sum(item.id in answers for item in dimension.items),
                                         len(dimension.items)) for dimension in form.dimensions)
    answered = tuple(item.id for item in form.items if item.id in answers)
    current = next((item.id for item in form.items if item.id not in answers), None)
    history = [item for item in answered_in_order if item in answers]
    return VisitProgress(dimensions, answered, current, history[-1] if history else None, len(answered),
                         len(form.items))


def unanswered_items(form: Form, answers: Mapping[str, str]) -> list[str]:
    return [item.id for item in form.items if item.id not in answers]


@dataclass(frozen=True)
class Difference:
    """An item the two experts rated differently in dual entry."""

    item_id: str
    first_option: str | None  # the first expert's rating (None: not rated)
    second_option: str | None
    resolved_option: str | None = None  # the agreed answer, once resolved
    reason: str | None = None

    @property
    def resolved(self) -> bool:
        return self.resolved_option is not None


@dataclass(frozen=True)
class Agreement:
    """Items rated alike / items in the form. A fraction of integers, never a float (canonical JSON)."""

    equal: int
    total: int

    @property
    def percent_text(self) -> str:
        """"94.1": one decimal, rounded half up, for display only."""
        tenths = (self.equal * 1000 * 2 + self.total) // (self.total * 2) if self.total else 0
        return f"{tenths // 10}.{tenths % 10}"


def compare_entries(form: Form, first: Mapping[str, str], second: Mapping[str, str]) -> tuple[list[Difference], Agreement]:
    """Differences in the form's order, and the agreement over all items of the form."""
    differences = [Difference(item.id, first.get(item.id), second.get(item.id)) for item in form.items
                   if first.get(item.id) is None or first.get(item.id) != second.get(item.id)]
    return differences, Agreement(len(form.items) - len(differences), len(form.items))
