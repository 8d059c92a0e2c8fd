# SPDX-License-Identifier: GPL-3.0-or-later
"""The shipped form file says exactly what the instrument specification says.

The specification (docs/instrument/cn-ltc-2021.md, a copy of the project's instrument spec) is
parsed independently of the form loader, so a typo in either one fails here.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO_ROOT

SPEC = (REPO_ROOT / "docs" / "instrument" / "cn-ltc-2021.md").read_text(encoding="utf-8")
OPTION = re.compile(r"^(\d+):?\s+(.+)$")


def _table_rows(heading_fragment: str) -> list[list[str]]:
    section = SPEC.split(heading_fragment, 1)[1]
    rows = []
    started = False
    for line in section.splitlines():
        if line.startswith("|"):
            started = True
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif started:
            break
    return rows[1:]  # drop the header row


def _spec_items() -> list[tuple[str, str, list[tuple[str, str]]]]:
    items = []
    for heading in ("### Dimension `adl`", "### Dimension `cognition`", "### Dimension `perception`"):
        for item_id, name, options in _table_rows(heading):
            parsed = [OPTION.match(part.strip()).groups() for part in options.split(" · ")]
            items.append((item_id, name, parsed))
    return items


def test_items_options_and_wording_match_the_spec_exactly(form):
    spec_items = _spec_items()
    assert len(spec_items) == 17
    assert [item.id for item in form.items] == [item_id for item_id, _, _ in spec_items]
    for item, (item_id, name, options) in zip(form.items, spec_items):
        assert item.name.zh_CN == name, item_id
        assert [(o.id, o.text.zh_CN) for o in item.options] == options, item_id
        assert [o.score for o in item.options] == [int(option_id) for option_id, _ in options], item_id


def test_every_text_has_an_english_rendering(form):
    for item in form.items:
        assert item.name.en.strip() and all(o.text.en.strip() for o in item.options), item.id


def test_dimension_thresholds_match_the_spec(form):
    level_order = ["intact", "mild", "moderate", "severe"]
    rows = _table_rows("## Dimension levels")
    assert len(rows) == 3
    for cells in rows:
        dimension = form.dimension(cells[0].split()[0])
        expected = {}
        for level_id, cell in zip(level_order, cells[1:]):
            low, _, high = cell.partition("–")
            expected[level_id] = (int(low), int(high or low))
        actual = {t.level_id: (t.min_score, t.max_score) for t in dimension.thresholds}
        assert actual == expected, dimension.id


def test_combination_table_matches_the_spec(form):
    level_order = ["intact", "mild", "moderate", "severe"]
    rows = _table_rows("## Combination table")
    table = {(cells[0], column): int(code) for cells in rows for column, code in zip(level_order, cells[1:])}
    assert len(table) == 16
    assert dict(form.combination.grade_by_cell) == table
    assert form.combination.row_dimension_id == "adl"
    assert form.combination.column_worse_of == ("cognition", "perception")


def test_grade_labels_match_the_spec(form):
    grades_line = next(line for line in SPEC.splitlines() if line.startswith("Grades:"))
    grades_text = grades_line + " " + SPEC.split(grades_line, 1)[1].split("\n\n", 1)[0]
    expected = re.findall(r"(\d) (\S+)\s+\(", grades_text)
    assert [(str(g.code), g.label.zh_CN) for g in form.grades] == expected
    assert len(expected) == 6


def test_level_labels_match_the_spec(form):
    expected = dict(re.findall(r"`(intact|mild|moderate|severe)` (\S+?)[,.]", SPEC))
    assert {level.id: level.label.zh_CN for level in form.levels} == expected
    assert [level.id for level in form.levels] == ["intact", "mild", "moderate", "severe"]


@pytest.mark.parametrize(
    "section, status", [("items", "verified"), ("dimension_levels", "pending"), ("combination", "pending")]
)
def test_verification_status_is_kept_honest(form, section, status):
    assert form.verification[section].status == status
