# SPDX-License-Identifier: GPL-3.0-or-later
"""Signed-in actors for the tests: every service that reads personal data or changes anything
takes a session that accounts.login issued on the same records (services/authorization.py), so
the tests sign in too, never make a SessionInfo by hand.

`add_person` puts an account in place the way a provisioning package would (a test builds its
world; a local administrator's `add_expert` has tests of its own). Passphrases are hashed with
CHEAP_KDF: the same code path as production, a fraction of the time.
"""

from __future__ import annotations

import datetime

from sqlalchemy import select

from assessment_app.security.enrolment_codes import hash_enrolment_code, new_enrolment_code
from assessment_app.security.passphrase_kdf import Argon2idParams
from assessment_app.security.provisioning_document import Enrolment
from assessment_app.services.accounts import SessionInfo, ensure_account, has_passphrase, login, set_passphrase
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.enrolment import apply_agency_enrolment
from assessment_app.storage.models import Expert, utc_timestamp
from assessment_app.storage.unit_of_work import unit_of_work

CHEAP_KDF = Argon2idParams(memory_kib=64, iterations=1, lanes=1)  # tests only: fast, same code path
TEST_PASSPHRASE = "Bedside-Visit-27"
SET_UP_AT = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.timezone.utc)


def add_person(records: CaseRecords, number: str, role: str = "assessor", name: str | None = None,
               qualification: str | None = None) -> str:
    """The expert's id: an active account with this number and role (made when missing)."""
    with unit_of_work(records.engine) as session:
        expert = session.scalar(select(Expert).where(Expert.expert_number == number))
        if expert is None:
            expert = Expert(name=name or f"测试人员{number[-3:]}", expert_number=number, role=role,
                            qualification=qualification, active=True, created_at=utc_timestamp(SET_UP_AT))
            session.add(expert)
            session.flush()
            ensure_account(session, expert.id, SET_UP_AT)
        return expert.id


def enrol(records: CaseRecords, expert_id: str, passphrase: str = TEST_PASSPHRASE,
          now: datetime.datetime = SET_UP_AT) -> None:
    """The expert's first passphrase, set with a one-time code as every first passphrase is: the
    code's hash is put on the account the way the agency's package puts it there."""
    if has_passphrase(records, expert_id):
        return
    code = new_enrolment_code()
    with unit_of_work(records.engine) as session:
        account = ensure_account(session, expert_id, now)
        apply_agency_enrolment(session, account, Enrolment(hash_enrolment_code(code, params=CHEAP_KDF),
                                                           now + datetime.timedelta(days=30)))
    set_passphrase(records, expert_id, passphrase, enrolment_code=code, now=now, kdf_params=CHEAP_KDF)


def sign_in(records: CaseRecords, number: str, role: str = "assessor", *, name: str | None = None,
            passphrase: str = TEST_PASSPHRASE, now: datetime.datetime = SET_UP_AT) -> SessionInfo:
    """A live session of the expert with this number, through accounts.login (the account is
    added with `role`, and enrolled with its passphrase, when missing)."""
    expert_id = add_person(records, number, role, name)
    enrol(records, expert_id, passphrase, now)
    return login(records, number, passphrase, now, kdf_params=CHEAP_KDF)


def set_role(records: CaseRecords, expert_id: str, role: str | None = None, *, active: bool | None = None) -> None:
    """Change an account in the database behind the services' back, as the agency's next package does."""
    with unit_of_work(records.engine) as session:
        expert = session.get(Expert, expert_id)
        if role is not None:
            expert.role = role
        if active is not None:
            expert.active = active
