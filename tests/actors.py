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

from assessment_app.security.passphrase_kdf import Argon2idParams
from assessment_app.services.accounts import SessionInfo, ensure_account, has_passphrase, login, set_passphrase
from assessment_app.services.case_records import CaseRecords
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


def sign_in(records: CaseRecords, number: str, role: str = "assessor", *, name: str | None = None,
            passphrase: str = TEST_PASSPHRASE, now: datetime.datetime = SET_UP_AT) -> SessionInfo:
    """A live session of the expert with this number, through accounts.login (the account is
    added with `role`, and its passphrase set, when missing)."""
    expert_id = add_person(records, number, role, name)
    if not has_passphrase(records, expert_id):
        set_passphrase(records, expert_id, passphrase, now=now, kdf_params=CHEAP_KDF)
    return login(records, number, passphrase, now, kdf_params=CHEAP_KDF)


def set_role(records: CaseRecords, expert_id: str, role: str | None = None, *, active: bool | None = None) -> None:
    """Change an account in the database behind the services' back, as the agency's next package does."""
    with unit_of_work(records.engine) as session:
        expert = session.get(Expert, expert_id)
        if role is not None:
            expert.role = role
        if active is not None:
            expert.active = active
