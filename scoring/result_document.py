# SPDX-License-Identifier: GPL-3.0-or-later
"""The JSON document of a scoring result: its layout, and its canonical bytes written fast.

`result_document` is the reference: plain dicts, which canonical_json_bytes turns into the bytes
a record stores. `result_json_bytes` writes exactly those bytes about ten times faster, because
the agency re-scores every imported record and whole years for its dashboard: what depends only
on the form and the engine version (names, labels, ids, the layout) is encoded once per form
into a CanonicalTemplate, and each varying part (an item's chosen option, a dimension's sum, the
grade) is encoded once per distinct value and afterwards only looked up. Both are built from the
same part functions below; the golden vectors pin the bytes and a property test compares the two.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from forms.canonical import CanonicalTemplate, canonical_json_bytes
from forms.model import Form, Item

from scoring.version import ENGINE_NAME

if TYPE_CHECKING:
    from scoring.result import DimensionResult, ScoreResult

# A result built by hand may carry any numbers and names; past this many entries a cache stops
# growing (results from score() fill about 130 per form: every achievable sum, every cell).
_MAX_CACHED = 4096
_STR_ONLY = frozenset({str})


# -- the parts, shared by the reference document and the fast writer --------------------------

def _dimension_entry(form: Form, d: DimensionResult) -> dict[str, Any]:
    return {
        "name": form.dimension(d.dimension_id).name.as_dict(),
        "score": d.score,
        "max_score": d.max_score,
        "level": d.level_id,
        "level_label": form.level(d.level_id).label.as_dict(),
    }


def _trace_dimension(d: DimensionResult) -> dict[str, Any]:
    return {"dimension": d.dimension_id, "sum": d.score, "level": d.level_id, "range": [d.range_min, d.range_max]}


def _trace_item(item: Item, option_id: str) -> dict[str, Any]:
    return {"item": item.id, "dimension": item.dimension_id, "option": option_id,
            "score": item.scores_by_option[option_id]}


def _grade(form: Form, code: int) -> dict[str, Any]:
    return {"code": code, "label": form.grade(code).label.as_dict()}


def _compared(form: Form, column_levels: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"dimension": dimension_id, "level": level}
            for dimension_id, level in zip(form.combination.column_worse_of, column_levels)]


def _cell(form: Form, row_level_id: str, column_level_id: str, grade_code: int) -> dict[str, Any]:
    combination = form.combination
    return {
        "row": {"dimension": combination.row_dimension_id, "level": row_level_id},
        "column": {"worse_of": list(combination.column_worse_of), "level": column_level_id},
        "grade": grade_code,
    }


def _layout(form: Form, engine_version: str, *, dimensions: dict[str, Any], grade: Any, items: Any,
            trace_dimensions: Any, compared: Any, cell: Any) -> dict[str, Any]:
    return {
        "engine": {"name": ENGINE_NAME, "version": engine_version},
        "form": {
            "id": form.id,
            "version": form.version,
            "sha256": form.sha256,
            "verification": {section: v.status for section, v in form.verification.items()},
        },
        "dimensions": dimensions,
        "grade": grade,
        "trace": {"items": items, "dimensions": trace_dimensions, "compared": compared, "cell": cell},
    }


def _column_levels(result: ScoreResult) -> tuple[str, ...]:
    return tuple(result.dimension(dimension_id).level_id for dimension_id in result.form.combination.column_worse_of)


def result_document(result: ScoreResult) -> dict[str, Any]:
    """The result as plain JSON values (the reference for the bytes)."""
    form = result.form
    return _layout(
        form, result.engine_version,
        dimensions={d.dimension_id: _dimension_entry(form, d) for d in result.dimensions},
        grade=_grade(form, result.grade_code),
        items=[_trace_item(item, option_id) for item, option_id in zip(form.items, result.option_ids)],
        trace_dimensions=[_trace_dimension(d) for d in result.dimensions],
        compared=_compared(form, _column_levels(result)),
        cell=_cell(form, result.row_level_id, result.column_level_id, result.grade_code),
    )


# -- the fast writer --------------------------------------------------------------------------

class _FormWriter:
    """Everything one (form, engine version) pair needs to write results, encoded at most once.

    It holds the form only weakly, so that a form nobody uses any more can go, and its writer
    with it.
    """

    def __init__(self, form: Form, engine_version: str):
        hole = CanonicalTemplate.hole
        self.form = weakref.ref(form)
        self.dimension_ids = tuple(d.id for d in form.dimensions)
        self.dimension_holes = tuple(f"dimensions.{dimension_id}" for dimension_id in self.dimension_ids)
        holes = (*self.dimension_holes, "grade", "items", "trace_dimensions", "compared", "cell")
        self.template = CanonicalTemplate(_layout(
            form, engine_version, dimensions={d: hole(h) for d, h in zip(self.dimension_ids, self.dimension_holes)},
            grade=hole("grade"), items=hole("items"), trace_dimensions=hole("trace_dimensions"),
            compared=hole("compared"), cell=hole("cell"),
        ), holes)
        self.items = tuple({option.id: canonical_json_bytes(_trace_item(item, option.id)) for option in item.options}
                           for item in form.items)
        self.dimensions: dict[DimensionResult, tuple[bytes, bytes]] = {}
        self.grades: dict[int, bytes] = {}
        self.compared: dict[tuple[str, ...], bytes] = {}
        self.cells: dict[tuple[str, str, int], bytes] = {}

    def takes(self, result: ScoreResult) -> bool:
        """Whether the result has the shape and the exact types score() gives it.

        The caches are keyed by values, and values that compare equal must encode alike: 1,
        1.0 and True are equal keys but not equal JSON. score() only ever makes ints and strs;
        a result built by hand with anything else is written the long way.
        """
        if not (type(result.engine_version) is type(result.row_level_id) is type(result.column_level_id) is str
                and type(result.grade_code) is int):
            return False
        if tuple([d.dimension_id for d in result.dimensions]) != self.dimension_ids:
            return False
        for d in result.dimensions:
            if not (type(d.level_id) is str and type(d.score) is type(d.max_score) is type(d.range_min)
                    is type(d.range_max) is int):
                return False
        return _STR_ONLY.issuperset(map(type, result.option_ids))

    def write(self, result: ScoreResult) -> bytes:
        """The result's canonical bytes; only for a result this writer `takes`."""
        form = result.form
        dimensions = [self.dimensions.get(d) or _cached(self.dimensions, d, lambda d=d: (
            canonical_json_bytes(_dimension_entry(form, d)), canonical_json_bytes(_trace_dimension(d))))
            for d in result.dimensions]
        pieces = dict(zip(self.dimension_holes, [entry for entry, _ in dimensions]))
        pieces["trace_dimensions"] = b"[" + b",".join([trace for _, trace in dimensions]) + b"]"
        # zip stops at the shorter, as the reference does; an unknown option is a KeyError in both.
        pieces["items"] = b"[" + b",".join([by_option[option_id] for by_option, option_id
                                            in zip(self.items, result.option_ids)]) + b"]"
        code = result.grade_code
        pieces["grade"] = self.grades.get(code) or _cached(
            self.grades, code, lambda: canonical_json_bytes(_grade(form, code)))
        levels = _column_levels(result)
        pieces["compared"] = self.compared.get(levels) or _cached(
            self.compared, levels, lambda: canonical_json_bytes(_compared(form, levels)))
        cell = (result.row_level_id, result.column_level_id, code)
        pieces["cell"] = self.cells.get(cell) or _cached(
            self.cells, cell, lambda: canonical_json_bytes(_cell(form, *cell)))
        return self.template.fill(pieces)


def _cached(cache: dict, key: Any, make: Callable[[], Any]) -> Any:
    value = make()
    if len(cache) < _MAX_CACHED:
        cache[key] = value
    return value


# Keyed by id(form): a Form is not hashable (its tables are dicts). An entry leaves with its form.
_writers: dict[tuple[int, str], _FormWriter] = {}


def _writer_for(form: Form, engine_version: str) -> _FormWriter:
    key = (id(form), engine_version)
    writer = _writers.get(key)
    if writer is None or writer.form() is not form:
        writer = _FormWriter(form, engine_version)
        if len(_writers) < _MAX_CACHED:
            _writers[key] = writer
            weakref.finalize(form, _writers.pop, key, None)
    return writer


def result_json_bytes(result: ScoreResult) -> bytes:
    """canonical_json_bytes(result_document(result)), written from pieces encoded once."""
    if type(result.engine_version) is str:
        writer = _writer_for(result.form, result.engine_version)
        if writer.takes(result):
            return writer.write(result)
    return canonical_json_bytes(result_document(result))
