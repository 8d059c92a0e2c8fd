# SPDX-License-Identifier: GPL-3.0-or-later
"""Groups of grades the agency reports on. 医保办发〔2021〕37号 names six grades, of which the
last three are 重度失能 (Ⅰ, Ⅱ and Ⅲ级): the share of 重度 grades is what the benefit budget and
the 纠偏 supervision watch (a test checks these codes against the form's labels)."""

from __future__ import annotations

SEVERE_GRADE_CODES = (3, 4, 5)
