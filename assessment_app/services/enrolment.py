# SPDX-License-Identifier: GPL-3.0-or-later
"""Enrolment codes on the workstation: the agency's (from its package) and the administrator's (for
an assessor added on this workstation). The code itself is checked and used up when the expert
sets their first passphrase (services/accounts.set_passphrase).

- A provisioned expert's code comes only from the agency: its hash and expiry arrive in the
  package and wait on the account until the first passphrase is set. A later package may bring a
  new code for an expert who has not enrolled yet; once enrolled, codes in packages are ignored,
  so re-importing a package never re-arms a used code.
- A locally added assessor gets a code generated here, shown once to the administrator who added
  them, and kept only as its hash. It is refused for an expert the agency lists: nobody on the
  workstation can mint a way into a provisioned account.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from assessment_app.domain.roles import Permission
from assessment_app.security.enrolment_codes import ENROLMENT_PARAMS, hash_enrolment_code, new_enrolment_code
from assessment_app.security.passphrase_kdf import Argon2idParams
from assessment_app.security.provisioning_document import Enrolment
from assessment_app.services.accounts import EnrolmentRefused, UnknownExpert, ensure_account
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.storage.models import Expert, utc_timestamp
from assessment_app.storage.security_models import Account
from assessment_app.storage.unit_of_work import unit_of_work

AGENCY, WORKSTATION = "agency", "workstation"
# Long enough to reach a new colleague by phone or in person, short enough that a code on a
# forgotten note is dead soon.
LOCAL_CODE_VALIDITY = timedelta(days=7)


@dataclass(frozen=True)
class IssuedEnrolmentCode:
    """Shown once to the administrator who added the expert, then forgotten: only its hash is stored."""

    expert_number: str
    code: str
    expires_at: datetime

    def __repr__(self) -> str:  # a code must not end up in a log through a repr
        return f"IssuedEnrolmentCode({self.expert_number!r}, expires_at={self.expires_at!r})"


def apply_agency_enrolment(session: Session, account: Account, enrolment: Enrolment | None) -> bool:
    """Put the package's code on an account that has no passphrase yet; True when it did."""
    if enrolment is None or account.passphrase_hash is not None:
        return False
    account.enrolment_code_hash = enrolment.code_hash
    account.enrolment_expires_at = utc_timestamp(enrolment.expires_at)
    account.enrolment_origin = AGENCY
    return True


def issue_enrolment_code(records: CaseRecords, expert_id: str, now: datetime, *, actor,
                         valid_for: timedelta = LOCAL_CODE_VALIDITY, params: Argon2idParams = ENROLMENT_PARAMS,
                         random_bytes: Callable[[int], bytes] = os.urandom) -> IssuedEnrolmentCode:
    """A new one-time code for a locally added expert who has no passphrase yet (any earlier code
    of theirs stops working), issued by a signed-in administrator (`actor`). EnrolmentRefused:
    enrolment_from_agency (the agency lists this expert: its code comes in the package) or
    already_enrolled."""
    code = new_enrolment_code(random_bytes)
    code_hash = hash_enrolment_code(code, params=params)  # before the transaction: ~0.1 s of Argon2id
    with unit_of_work(records.engine) as session:
        authorize(session, records, actor, Permission.MANAGE_EXPERTS)
        expert = session.get(Expert, expert_id)
        if expert is None or not expert.active:
            raise UnknownExpert(expert_id)
        if expert.provisioned_role is not None:
            raise EnrolmentRefused("enrolment_from_agency", expert.expert_number)
        account = ensure_account(session, expert.id, now)
        if account.passphrase_hash is not None:
            raise EnrolmentRefused("already_enrolled", expert.expert_number, account.enrolled_at)
        expires_at = now + valid_for
        account.enrolment_code_hash = code_hash
        account.enrolment_expires_at = utc_timestamp(expires_at)
        account.enrolment_origin = WORKSTATION
        account.updated_at = utc_timestamp(now)
        append_station_event(session, "enrolment_code_issued", now=now, actor_ids=[actor.expert_id], data={
            "expert_number": expert.expert_number, "origin": WORKSTATION, "expires_at": utc_timestamp(expires_at)})
        return IssuedEnrolmentCode(expert.expert_number, code, expires_at)


def pending_enrolment(records: CaseRecords, expert_id: str) -> tuple[str, datetime] | None:
    """(origin, expires_at) of the code waiting on this account, if any: what a screen says
    when it asks for the code."""
    with unit_of_work(records.engine) as session:
        account = session.get(Account, expert_id)
        if account is None or account.enrolment_code_hash is None:
            return None
        expires_at = datetime.strptime(account.enrolment_expires_at, "%Y-%m-%dT%H:%M:%S.%fZ")
        return account.enrolment_origin, expires_at.replace(tzinfo=timezone.utc)
