# SPDX-License-Identifier: GPL-3.0-or-later
"""The scoring result and its canonical JSON form (the byte-stable output a record stores)."""

from __future__ import annotations

from typing import Any, NamedTuple

from forms.model import Form

from scoring.result_document import result_document, result_json_bytes
from scoring.version import ENGINE_VERSION


# NamedTuples rather than frozen dataclasses: a result is built per assessment and the
# benchmark goal (50,000 per second) leaves no room for object.__setattr__ per field.
class ItemScore(NamedTuple):
    item_id: str
    dimension_id: str
    option_id: str
    score: int


class DimensionResult(NamedTuple):
    dimension_id: str
    score: int
    max_score: int
    level_id: str
    range_min: int
    range_max: int


class ScoreResult(NamedTuple):
    form: Form
    option_ids: tuple[str, ...]  # the chosen option of each item, in the form's item order
    dimensions: tuple[DimensionResult, ...]
    row_level_id: str
    column_level_id: str
    grade_code: int
    engine_version: str = ENGINE_VERSION

    @property
    def items(self) -> tuple[ItemScore, ...]:
        """Each item's chosen option and score, in the form's order (derived, not stored)."""
        return tuple(
            ItemScore(item.id, item.dimension_id, option_id, item.scores_by_option[option_id])
            for item, option_id in zip(self.form.items, self.option_ids)
        )

    def dimension(self, dimension_id: str) -> DimensionResult:
        for candidate in self.dimensions:
            if candidate.dimension_id == dimension_id:
                return candidate
        raise KeyError(dimension_id)

    def to_dict(self) -> dict[str, Any]:
        return result_document(self)

    def to_json_bytes(self) -> bytes:
        """Canonical JSON: same answers, form and engine version give the same bytes everywhere.

        Exactly canonical_json_bytes(self.to_dict()), written from pieces encoded once per form.
        """
        return result_json_bytes(self)
