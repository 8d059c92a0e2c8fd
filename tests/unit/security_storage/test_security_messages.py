# SPDX-License-Identifier: GPL-3.0-or-later
"""Every reason code of the identity and evidence layer has a finished zh_CN and en message."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from assessment_app.messages import describe_error
from assessment_app.messages.audit_text import CHAIN, describe_chain_break
from assessment_app.messages.security_text import (
    ACCOUNT,
    CERTIFICATE,
    IDENTITY,
    IMPORT,
    PROVISIONING,
    TRUST,
)
from assessment_app.security.audit_chain import AuditLogReadError, ChainHead, ChainVerification
from assessment_app.security.certificates import Pkcs12Error
from assessment_app.security.provisioning import ProvisioningError
from assessment_app.services.accounts import (
    AccountLocked,
    CertificateRevokedAtSignIn,
    EnrolmentRefused,
    PairRefused,
    WeakPassphrase,
    WrongEnrolmentCode,
    WrongPassphrase,
)
from assessment_app.services.provisioning_import import ProvisioningImportError
from assessment_app.services.signing_identities import SigningIdentityError
from assessment_app.services.trust_anchors import TrustUnavailable

from tests.conftest import REPO_ROOT

LEFTOVER = re.compile(r"\{[a-z_]*\}")


def examples():
    for reason in PROVISIONING:
        yield ProvisioningError(reason, "$.package.experts[1].role")
    for reason in IMPORT:
        yield ProvisioningImportError(reason, fingerprint="ab" * 32, detail="PG-TEST", held=7, given=6)
    for reason in TRUST:
        yield TrustUnavailable(reason)
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for reason in ("enrolment_code_required", "no_enrolment_code", "enrolment_code_expired",
                   "enrolment_code_malformed", "already_enrolled", "enrolment_from_agency"):
        yield EnrolmentRefused(reason, "PG-A-001", moment if reason in ("enrolment_code_expired",
                                                                         "already_enrolled") else "wrong_length")
    yield WrongEnrolmentCode("PG-A-001", 3)
    yield CertificateRevokedAtSignIn("PG-A-001", "key_compromise")
    for reason in CERTIFICATE:
        yield Pkcs12Error(reason, not_valid_after=datetime(2026, 1, 1, tzinfo=timezone.utc),
                          not_valid_before=datetime(2025, 1, 1, tzinfo=timezone.utc))
    for reason in IDENTITY:
        yield SigningIdentityError(reason, "PG-A-001")
    for reason in ("same_person", "not_an_assessor"):
        yield PairRefused(reason, "PG-R-001")
    yield WrongPassphrase("PG-A-001", 2)
    yield AccountLocked("PG-A-001", 61)
    yield WeakPassphrase("PG-A-001", ["too_short", "common_passphrase"])
    for reason in ("not_utf8", "not_json", "duplicate_key", "not_object", "malformed"):
        yield AuditLogReadError(3, reason, "detail")


@pytest.mark.parametrize("error", list(examples()), ids=lambda e: f"{type(e).__name__}-{e.reason}")
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_reason_has_a_complete_message(error, language):
    message = describe_error(error, language)
    assert message and message != error.reason and not LEFTOVER.search(message)
    assert bool(re.search(r"[\u4e00-\u9fff]", message)) == (language == "zh_CN") or "演示" in message


def test_every_provisioning_reason_of_the_spec_has_a_message():
    errors_section = (REPO_ROOT / "docs/formats/provisioning.md").read_text(encoding="utf-8").split("## Errors")[1]
    rows = [line for line in errors_section.splitlines() if line.startswith("| `")]
    # The first column of each row of the reason table lists the codes.
    documented = {code for row in rows for code in re.findall(r"`([a-z_]+)`", row.split("|")[1])}
    assert documented and documented <= set(PROVISIONING)


def test_a_chain_break_names_the_sequence_and_the_reason():
    verification = ChainVerification(False, ChainHead(4, "0" * 64), "previous_mismatch", 5)
    assert describe_chain_break(verification, "zh_CN").startswith("审计日志在序号 5 处断开")
    assert "sequence 5" in describe_chain_break(verification, "en")
    assert set(CHAIN) >= {"malformed", "hash_mismatch", "previous_mismatch", "sequence_gap", "sequence_order",
                          "truncated", "head_mismatch"}
    assert "unknown_expert" in ACCOUNT
