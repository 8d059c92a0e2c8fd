# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP byte ranges (RFC 9110 §14): one range per request, which is what a video player asks for
when it seeks. Several ranges are answered with the whole representation (allowed by the RFC);
an unsatisfiable one with 416."""

from __future__ import annotations

import re

from assessment_app.agency.errors import AgencyError

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive, or None for the whole; AgencyError range_not_satisfiable."""
    if not header:
        return None
    header = header.strip()
    if "," in header:
        return None
    match = _RANGE.fullmatch(header)
    if match is None or match.group(1) == match.group(2) == "":
        return None  # not a bytes range we understand: the whole, as the RFC allows
    first, last = match.groups()
    if first == "":
        length = int(last)
        if length == 0 or size == 0:
            raise AgencyError("range_not_satisfiable", f"bytes */{size}")
        return max(0, size - length), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if start >= size or (last != "" and int(last) < start):
        raise AgencyError("range_not_satisfiable", f"bytes */{size}")
    return start, end
