# SPDX-License-Identifier: GPL-3.0-or-later
"""What the reviewer's screen may offer on a record comes from the service (decision_state), and
the signed decision page lists the record's flags in Chinese, the document's language, whoever
decides and whatever their screen's language."""

from __future__ import annotations

import datetime
import subprocess

from assessment_app.domain.review_decisions import reason_minimum
from assessment_app.services.review_decision import decide, decision_state
from assessment_app.services.review_record import record_view

from tests.unit.review.scenario import REVIEWER_PASSPHRASE, demo_world, recorded_visit, reviewer, signed_visit
from tests.unit.services.conftest import NOW


def test_a_reviewer_may_decide_until_a_decision_closes_the_case(records):
    world = demo_world(records)
    visit_id = signed_visit(world)
    before = decision_state(records, visit_id, actor=reviewer(records))
    assert (before.last_decision, before.can_decide, before.can_export) == (None, True, False)
    assessor = decision_state(records, visit_id, actor=world.pair.first)
    assert (assessor.can_decide, assessor.can_export) == (False, False)

    decide(records, visit_id, "return", "第 3 项请复看录像", actor=reviewer(records), passphrase=REVIEWER_PASSPHRASE,
           now=NOW)
    returned = decision_state(records, visit_id, actor=reviewer(records))
    assert (returned.last_decision, returned.reason, returned.can_decide, returned.can_export) == (
        "returned", "第 3 项请复看录像", True, True)

    decide(records, visit_id, "approve", "", actor=reviewer(records), passphrase=REVIEWER_PASSPHRASE,
           now=NOW + datetime.timedelta(hours=1))
    approved = decision_state(records, visit_id, actor=reviewer(records))
    assert (approved.last_decision, approved.can_decide, approved.can_export) == ("approved", False, True)


def test_only_return_and_recheck_need_a_reason():
    assert [reason_minimum(decision) for decision in ("approve", "return", "review")] == [0, 1, 1]


def test_the_decision_page_lists_the_flags_in_chinese(records):
    world = demo_world(records)
    visit_id = recorded_visit(world)  # one item answered during a privacy pause: a flag
    flags = record_view(records, visit_id, "en", actor=reviewer(records)).flags
    assert flags
    outcome = decide(records, visit_id, "approve", "", actor=reviewer(records), passphrase=REVIEWER_PASSPHRASE,
                     now=NOW)
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=outcome.decision_pdf, capture_output=True,
                          check=True).stdout.decode()
    compact = "".join(text.split())
    for flag in flags:
        assert "".join(flag.message("zh_CN").split()) in compact
        assert flag.message("en") not in text
