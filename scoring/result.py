"""The scoring result and its canonical JSON form (the byte-stable output a record stores)."""

from __future__ import annotations

from typing import Any, NamedTuple

from forms.canonical import canonical_json_bytes
from forms.model import Form

from scoring.version import ENGINE_NAME, ENGINE_VERSION


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
        form = self.form
        combination = form.combination
        return {
            "engine": {"name": ENGINE_NAME, "version": self.engine_version},
            "form": {
                "id": form.id,
                "version": form.version,
                "sha256": form.sha256,
                "verification": {section: v.status for section, v in form.verification.items()},
            },
            "dimensions": {
                d.dimension_id: {
                    "name": form.dimension(d.dimension_id).name.as_dict(),
                    "score": d.score,
                    "max_score": d.max_score,
                    "level": d.level_id,
                    "level_label": form.level(d.level_id).label.as_dict(),
                }
                for d in self.dimensions
            },
            "grade": {"code": self.grade_code, "label": form.grade(self.grade_code).label.as_dict()},
            "trace": {
                "items": [
                    {"item": i.item_id, "dimension": i.dimension_id, "option": i.option_id, "score": i.score}
                    for i in self.items
                ],
                "dimensions": [
                    {"dimension": d.dimension_id, "sum": d.score, "level": d.level_id, "range": [d.range_min, d.range_max]}
                    for d in self.dimensions
                ],
                "compared": [
                    {"dimension": dimension_id, "level": self.dimension(dimension_id).level_id}
                    for dimension_id in combination.column_worse_of
                ],
                "cell": {
                    "row": {"dimension": combination.row_dimension_id, "level": self.row_level_id},
                    "column": {"worse_of": list(combination.column_worse_of), "level": self.column_level_id},
                    "grade": self.grade_code,
                },
            },
        }

    def to_json_bytes(self) -> bytes:
        """Canonical JSON: same answers, form and engine version give the same bytes everywhere."""
        return canonical_json_bytes(self.to_dict())
