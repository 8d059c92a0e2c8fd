# SPDX-License-Identifier: GPL-3.0-or-later
"""What the report says: every item's official wording, the grade, the applicant, the numbers
and hashes in the footer, in extractable text with embedded fonts only."""

from __future__ import annotations

import dataclasses

import pytest

from assessment_app.reports import ReportContentError, render_draft, render_report
from assessment_app.reports.sample import sample_content
from assessment_app.domain.resident_id import mask_resident_id
from tests.unit.reports.conftest import pdf_text, squeeze, unembedded_fonts


def test_text_has_grade_and_every_item_with_its_chosen_wording(content, report_pdf, tmp_path):
    text = squeeze(pdf_text(report_pdf, tmp_path))
    assert squeeze(content.grade_label) in text
    for item in content.form.items:
        option = item.option(content.answers[item.id])
        assert squeeze(item.name.get("zh_CN")) in text, item.id
        assert squeeze(option.text.get("zh_CN")) in text, item.id
    for dimension in content.result["dimensions"].values():
        assert squeeze(dimension["level_label"]["zh_CN"]) in text


def test_a_different_answer_changes_the_printed_wording(tmp_path):
    # Guards the test above: it must see which option was chosen, not just any option text.
    form = sample_content().form
    worst = {item.id: item.options[0].id for item in form.items}
    text = squeeze(pdf_text(render_report(sample_content(answers=worst)), tmp_path))
    assert squeeze(form.items_by_id["adl.stairs"].options[0].text.get()) in text
    assert squeeze(form.items_by_id["adl.stairs"].options[-1].text.get()) not in text
    assert "重度失能Ⅲ级" in text


def test_footer_carries_form_hash_engine_record_hash_and_page_numbers(content, report_pdf, tmp_path):
    raw = pdf_text(report_pdf, tmp_path)
    text = squeeze(raw)
    assert content.form.sha256 in text and content.record_hash in text
    assert f"评分引擎{content.engine_version}" in text
    pages = raw.count("\f")
    assert pages >= 2
    for number in range(1, pages + 1):
        assert f"第{number}页/共{pages}页" in text


def test_resident_id_is_masked_unless_full_display_is_set(content, tmp_path):
    number = content.applicant.resident_id
    masked = pdf_text(render_report(content), tmp_path)
    assert mask_resident_id(number) in masked and number not in masked
    full = pdf_text(render_report(dataclasses.replace(content, id_display="full")), tmp_path)
    assert number in full


def test_appeal_notice_names_the_city_and_can_be_replaced(content, tmp_path):
    assert "演示市长期护理保险经办机构" in squeeze(pdf_text(render_report(content), tmp_path))
    custom = dataclasses.replace(content, appeal_notice="请于30日内向本市医保局申请复核。")
    assert "请于30日内向本市医保局申请复核。" in squeeze(pdf_text(render_report(custom), tmp_path))


@pytest.mark.parametrize("render", [render_report, render_draft])
def test_every_font_is_embedded(content, render, tmp_path):
    names, unembedded = unembedded_fonts(render(content), tmp_path)
    assert names and not unembedded


def test_every_font_is_embedded_after_two_signatures(signed_twice, tmp_path):
    names, unembedded = unembedded_fonts(signed_twice, tmp_path)
    assert names and not unembedded


def test_unanswered_item_is_named(content):
    answers = dict(content.answers)
    del answers["cognition.memory"]
    with pytest.raises(ReportContentError) as error:
        render_report(dataclasses.replace(content, answers=answers))
    assert error.value.reason == "unanswered_item" and error.value.detail["item"] == "cognition.memory"


def test_report_needs_two_experts(content):
    with pytest.raises(ReportContentError) as error:
        dataclasses.replace(content, experts=content.experts[:1])
    assert error.value.reason == "experts_count"
