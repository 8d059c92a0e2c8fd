# SPDX-License-Identifier: GPL-3.0-or-later
"""The one rule for every reason someone must give (domain/reasons.py): the service keeps exactly
what the screen's dialog lets through, with the field and the minimum a message needs."""

from __future__ import annotations

import pytest

from assessment_app.domain.errors import FieldError
from assessment_app.domain.reasons import RULES, ReasonKind, is_long_enough, minimum_length, reason_text


def test_every_kind_of_reason_has_its_rule():
    assert set(RULES) == set(ReasonKind)
    assert all(rule.minimum >= 1 for rule in RULES.values())


@pytest.mark.parametrize("kind, minimum, field", [
    (ReasonKind.ANSWER_CHANGE, 2, "reason"),
    (ReasonKind.WARNING_CONFIRMATION, 4, "reason"),
    (ReasonKind.RECORD_CORRECTION, 4, "correction_reason"),
    (ReasonKind.IDENTITY_DISCREPANCY, 1, "discrepancy"),
])
def test_a_reason_below_its_minimum_is_refused_and_at_it_kept(kind, minimum, field):
    short, enough = "改" * (minimum - 1), "  " + "改" * minimum + "\n"
    assert minimum_length(kind) == minimum
    assert not is_long_enough(kind, short) and is_long_enough(kind, enough)
    assert reason_text(kind, enough) == "改" * minimum
    with pytest.raises(FieldError) as refused:
        reason_text(kind, "   ")
    assert (refused.value.field, refused.value.reason) == (field, "empty")
    if short:
        with pytest.raises(FieldError) as refused:
            reason_text(kind, short)
        assert (refused.value.field, refused.value.reason, refused.value.detail) == (field, "too_short", minimum)


def test_a_visit_reason_has_a_maximum_a_correction_none():
    with pytest.raises(FieldError, match="too_long"):
        reason_text(ReasonKind.ANSWER_CHANGE, "长" * 501)
    assert len(reason_text(ReasonKind.RECORD_CORRECTION, "长" * 3000)) == 3000
