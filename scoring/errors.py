# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed scoring errors: each names every offending item, so nothing is guessed or defaulted."""

from __future__ import annotations

from dataclasses import dataclass

INCOMPLETE = "incomplete"  # an item of the form has no answer
UNKNOWN_ITEM = "unknown_item"  # an answer for an item the form does not have
UNKNOWN_OPTION = "unknown_option"  # an answer that is not one of the item's option ids


@dataclass(frozen=True)
class AnswerProblem:
    kind: str
    item: str
    value: object = None

    def describe(self) -> str:
        if self.kind == INCOMPLETE:
            return f"{self.item}: no answer"
        if self.kind == UNKNOWN_ITEM:
            return f"{self.item}: not an item of this form"
        return f"{self.item}: {self.value!r} is not an option of this item"


class AnswersError(ValueError):
    """The answer set cannot be scored. `problems` lists every offending item, in form order."""

    def __init__(self, problems: tuple[AnswerProblem, ...]):
        self.problems = problems
        super().__init__("; ".join(problem.describe() for problem in problems))

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(problem.item for problem in self.problems)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(problem.kind for problem in self.problems)
