# SPDX-License-Identifier: GPL-3.0-or-later
"""A dashboard table as CSV: UTF-8 with a BOM (so Excel opens it in Chinese), CRLF line ends,
the column labels in the reader's language, numbers as they are (rates as fractions, rounded to
six places), yes/no for booleans, grade labels in the reader's language."""

from __future__ import annotations

import csv
import io

_BOOLEAN = {"zh_CN": ("是", "否"), "en": ("yes", "no")}


def _cell(value, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _BOOLEAN[language][0 if value else 1]
    if isinstance(value, float):
        return f"{round(value, 6):g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.6e}"
    if isinstance(value, dict):
        return str(value.get(language) or value.get("zh_CN") or "")
    return str(value)


def table_csv(table: dict, language: str = "zh_CN") -> bytes:
    language = "en" if language == "en" else "zh_CN"
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([column[language] for column in table["columns"]])
    for row in table["rows"]:
        writer.writerow([_cell(row.get(column["key"]), language) for column in table["columns"]])
    return text.getvalue().encode("utf-8-sig")
