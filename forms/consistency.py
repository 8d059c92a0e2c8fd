# SPDX-License-Identifier: GPL-3.0-or-later
"""Rules a schema cannot express: unique ids, cross-references, complete and unambiguous tables.

Works on the schema-valid raw data and returns the first problem as (path, message), so the
loader can point at the exact place in the file.
"""

from __future__ import annotations

from typing import Any

Problem = tuple[list[str | int], str]


def _first_duplicate(values: list[Any]) -> int | None:
    seen = set()
    for index, value in enumerate(values):
        if value in seen:
            return index
        seen.add(value)
    return None


def _achievable_sums(items: list[dict[str, Any]]) -> set[int]:
    sums = {0}
    for item in items:
        sums = {total + option["score"] for total in sums for option in item["options"]}
    return sums


def _check_items(dimensions: list[dict[str, Any]]) -> Problem | None:
    base: list[str | int] = ["items", "dimensions"]
    index = _first_duplicate([d["id"] for d in dimensions])
    if index is not None:
        return base + [index, "id"], f"dimension id {dimensions[index]['id']!r} is used twice"
    item_ids = [item["id"] for d in dimensions for item in d["items"]]
    for d_index, dimension in enumerate(dimensions):
        for i_index, item in enumerate(dimension["items"]):
            path = base + [d_index, "items", i_index]
            if not item["id"].startswith(dimension["id"] + "."):
                return path + ["id"], f"item id {item['id']!r} must start with {dimension['id'] + '.'!r}"
            if item_ids.count(item["id"]) > 1:
                return path + ["id"], f"item id {item['id']!r} is used twice"
            previous = None
            for o_index, option in enumerate(item["options"]):
                if option["id"] != str(option["score"]):
                    return path + ["options", o_index, "id"], (
                        f"option id {option['id']!r} must be its score written as a string ({str(option['score'])!r})"
                    )
                if previous is not None and option["score"] <= previous:
                    return path + ["options", o_index, "score"], (
                        "options must run worst to best with strictly increasing scores"
                    )
                previous = option["score"]
    return None


def _check_levels(data: dict[str, Any]) -> Problem | None:
    section = data["dimension_levels"]
    level_ids = [level["id"] for level in section["levels"]]
    index = _first_duplicate(level_ids)
    if index is not None:
        return ["dimension_levels", "levels", index, "id"], f"level id {level_ids[index]!r} is used twice"
    dimensions = {d["id"]: d for d in data["items"]["dimensions"]}
    for dimension_id in dimensions:
        if dimension_id not in section["thresholds"]:
            return ["dimension_levels", "thresholds"], f"no thresholds for dimension {dimension_id!r}"
    for dimension_id, rows in section["thresholds"].items():
        path: list[str | int] = ["dimension_levels", "thresholds", dimension_id]
        if dimension_id not in dimensions:
            return path, f"thresholds for unknown dimension {dimension_id!r}"
        for r_index, row in enumerate(rows):
            if row["level"] not in level_ids:
                return path + [r_index, "level"], f"unknown level {row['level']!r}"
            if row["min"] > row["max"]:
                return path + [r_index], f"min {row['min']} is greater than max {row['max']}"
        index = _first_duplicate([row["level"] for row in rows])
        if index is not None:
            return path + [index, "level"], f"level {rows[index]['level']!r} appears twice"
        for score in sorted(_achievable_sums(dimensions[dimension_id]["items"])):
            matching = [r_index for r_index, row in enumerate(rows) if row["min"] <= score <= row["max"]]
            if not matching:
                return path, f"achievable score {score} falls in no level range"
            if len(matching) > 1:
                return path + [matching[1]], f"score {score} falls in more than one level range"
    return None


def _check_combination(data: dict[str, Any]) -> Problem | None:
    section = data["combination"]
    dimension_ids = [d["id"] for d in data["items"]["dimensions"]]
    level_ids = [level["id"] for level in data["dimension_levels"]["levels"]]
    grade_codes = [grade["code"] for grade in data["grades"]]
    index = _first_duplicate(grade_codes)
    if index is not None:
        return ["grades", index, "code"], f"grade code {grade_codes[index]} is used twice"
    if section["row"] not in dimension_ids:
        return ["combination", "row"], f"unknown dimension {section['row']!r}"
    for c_index, dimension_id in enumerate(section["column_worse_of"]):
        if dimension_id not in dimension_ids:
            return ["combination", "column_worse_of", c_index], f"unknown dimension {dimension_id!r}"
        if dimension_id == section["row"] or section["column_worse_of"].index(dimension_id) != c_index:
            return ["combination", "column_worse_of", c_index], f"dimension {dimension_id!r} is used twice"
    table = section["grades"]
    for row in level_ids:
        if row not in table:
            return ["combination", "grades"], f"no row for level {row!r}"
        for column in level_ids:
            if column not in table[row]:
                return ["combination", "grades", row], f"no cell for column level {column!r}"
    for row, columns in table.items():
        if row not in level_ids:
            return ["combination", "grades", row], f"unknown level {row!r}"
        for column, code in columns.items():
            if column not in level_ids:
                return ["combination", "grades", row, column], f"unknown level {column!r}"
            if code not in grade_codes:
                return ["combination", "grades", row, column], f"grade code {code} is not listed under grades"
    return None


def check_consistency(data: dict[str, Any]) -> Problem | None:
    return (
        _check_items(data["items"]["dimensions"])
        or _check_levels(data)
        or _check_combination(data)
    )
