# SPDX-License-Identifier: GPL-3.0-or-later
"""The county-level district (区/县/县级市/旗) of an applicant's address, for the agency's
statistics by district (统计与稽核). Chinese addresses run from the largest unit down —
省/自治区 or 直辖市, then 地级市/地区/自治州/盟, then 区/县/县级市/旗, then 街道/乡镇 — so the
district is the first unit with a county-level suffix after the province and the prefecture.
An address without one (or none at all) has no district (None), and is counted as 未知.
"""

from __future__ import annotations

import re

_DISTRICT = re.compile(
    r"^\s*"
    r"(?:[^省区县市]{2,12}?(?:省|自治区)|北京市|天津市|上海市|重庆市|[^区县市]{2,8}?特别行政区)?"  # province
    r"(?:[^省区县市]{1,12}?(?:市|地区|自治州|盟))?"  # prefecture
    r"(?P<district>[^省区县市旗]{1,12}?(?:自治县|自治旗|区|县|市|旗))")


def district_of(address: str | None) -> str | None:
    """东城区 for 演示市东城区和平里街道…, 邹城市 for 山东省济宁市邹城市钢山街道…, None for ''."""
    match = _DISTRICT.match(address or "")
    return match.group("district") if match else None
