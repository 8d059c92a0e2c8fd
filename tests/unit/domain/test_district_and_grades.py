# SPDX-License-Identifier: GPL-3.0-or-later
"""The district of an address, the 重度 grade codes, and a visit's duration (rules both the laptop
and the agency server use)."""

from __future__ import annotations

import pytest

from forms import default_registry

from assessment_app.domain.district import district_of
from assessment_app.domain.grades import SEVERE_GRADE_CODES
from assessment_app.domain.review_flags import AnswerStamp, visit_duration_seconds


@pytest.mark.parametrize("address, district", [
    ("演示市东城区和平里街道安定门外大街88号院3号楼2单元401室", "东城区"),
    ("山东省济宁市邹城市钢山街道8号", "邹城市"),
    ("上海市长宁区愚园路1号", "长宁区"),
    ("北京市石景山区12号（测试数据）", "石景山区"),
    ("重庆市渝中区解放碑", "渝中区"),
    ("吉林省长春市南关区", "南关区"),
    ("内蒙古自治区锡林郭勒盟锡林浩特市", "锡林浩特市"),
    ("湖北省恩施土家族苗族自治州恩施市", "恩施市"),
    ("河北省承德市围场满族蒙古族自治县", "围场满族蒙古族自治县"),
    ("浙江省杭州市淳安县千岛湖镇", "淳安县"),
    ("和平里街道88号", None), ("", None), (None, None),
])
def test_the_district_is_the_county_level_unit_of_the_address(address, district):
    assert district_of(address) == district


def test_the_severe_codes_are_the_forms_zhongdu_grades():
    form = default_registry().get("cn-ltc-2021")
    assert {grade.code for grade in form.grades if grade.label.zh_CN.startswith("重度")} == set(SEVERE_GRADE_CODES)


def test_a_visit_lasts_from_its_start_to_its_end_else_signature_else_last_answer():
    answers = [AnswerStamp("a", None, "2026-01-01T02:10:00.000000Z", True),
               AnswerStamp("a", None, "2026-01-01T02:20:00.000000Z", False)]
    start = "2026-01-01T02:00:00.000000Z"
    assert visit_duration_seconds(start, "2026-01-01T02:30:00Z", "2026-01-01T02:40:00Z", answers) == 1800
    assert visit_duration_seconds(start, None, "2026-01-01T02:40:00Z", answers) == 2400
    assert visit_duration_seconds(start, None, None, answers) == 1200
    assert visit_duration_seconds(None, None, None, answers) is None
    assert visit_duration_seconds(start, None, None, []) is None
