# SPDX-License-Identifier: GPL-3.0-or-later
"""Accounts: personal passphrases, login with lockout, logout and idle lock, and the visit pair.

Every check of a secret goes through `_judge_guess`, whatever it unlocks (a login, an idle-locked
screen, a passphrase change, a signing key, an enrolment code), so wrong guesses count towards
the same lockout everywhere and no path is a free guessing oracle. A refused attempt still
commits its failure count and its audit event before the error is raised: a rollback would erase
the very attempts the lockout must count.

A first passphrase needs the account's one-time enrolment code (services/enrolment.py): issued
by the agency in its package, or by an administrator on this workstation for a locally added
assessor. Whoever types an expert's number first therefore cannot claim the account.
A sign-in is refused when every certificate the workstation knows for the expert is revoked.

Errors carry a stable `.reason` and the facts a message needs; wording is in messages/.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.errors import AppError
from assessment_app.security.certificates import decrypt_private_key, encrypt_private_key
from assessment_app.security.enrolment_codes import (
    EnrolmentCodeMalformed,
    enrolment_code_matches,
    normalise_enrolment_code,
)
from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams
from assessment_app.security.passphrases import (
    DEFAULT_LOCKOUT,
    LockoutPolicy,
    LoginState,
    StoredHashInvalid,
    check_passphrase_strength,
    hash_passphrase,
    is_locked,
    needs_rehash,
    register_failure,
    register_success,
    remaining_lock_seconds,
    verify_passphrase,
)
from assessment_app.services.audit_log import append_station_event
from assessment_app.services.authorization import NotSignedIn
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.trust_anchors import revocation_of_every_certificate
from assessment_app.storage.models import Expert, utc_timestamp
from assessment_app.storage.security_models import Account, SigningIdentity
from assessment_app.storage.unit_of_work import unit_of_work

VISIT_ROLE = "assessor"
_TIMESTAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


class AccountError(AppError):
    """Base of the account errors: `.reason` is a stable code, `.expert_number` who it concerns."""

    reason = "account_error"

    def __init__(self, expert_number: str | None = None, detail: object = None):
        super().__init__(self.reason + (f" ({expert_number})" if expert_number else ""))
        self.expert_number = expert_number
        self.detail = detail


class UnknownExpert(AccountError):
    reason = "unknown_expert"


class PassphraseNotSet(AccountError):
    """The expert has no passphrase yet (a fresh provisioning): set one first."""

    reason = "passphrase_not_set"


class WrongPassphrase(AccountError):
    reason = "wrong_passphrase"

    def __init__(self, expert_number: str, attempts_left: int):
        super().__init__(expert_number, attempts_left)
        self.attempts_left = attempts_left


class AccountLocked(AccountError):
    reason = "account_locked"

    def __init__(self, expert_number: str, seconds_remaining: int):
        super().__init__(expert_number, seconds_remaining)
        self.seconds_remaining = seconds_remaining


class WeakPassphrase(AccountError):
    """`.problems`: the strength check's codes (too_short, common_passphrase, …), in order;
    `.purpose`: personal (an expert's), data_key (the administrator's, for the data) or backup."""

    reason = "weak_passphrase"

    def __init__(self, expert_number: str | None, problems: list[str], purpose: str = "personal"):
        super().__init__(expert_number, tuple(problems))
        self.problems = tuple(problems)
        self.purpose = purpose


def require_strong_passphrase(passphrase: str, purpose: str, personal_words: tuple[str, ...] = ()) -> None:
    """The one strength rule (security/passphrases.py) for every passphrase a service sets,
    whichever screen or command typed it: WeakPassphrase naming each problem."""
    problems = check_passphrase_strength(passphrase, personal_words=personal_words)
    if problems:
        raise WeakPassphrase(None, problems, purpose)


class OldPassphraseRequired(AccountError):
    reason = "old_passphrase_required"


class PassphraseUnchanged(AccountError):
    reason = "passphrase_unchanged"


class AccountDamaged(AccountError):
    """The stored hash is not one we wrote: reported, never treated as a wrong passphrase."""

    reason = "account_damaged"


class EnrolmentRefused(AccountError):
    """A first passphrase refused for its enrolment code, nothing changed. reason:
    enrolment_code_required (none typed), no_enrolment_code (the account has none: ask the agency
    or the administrator), enrolment_code_expired (`.detail`: when it expired),
    enrolment_code_malformed (`.detail`: the problem, e.g. wrong_length), already_enrolled
    (the account has its passphrase: the code was used; `.detail`: when)."""

    def __init__(self, reason: str, expert_number: str, detail: object = None):
        self.reason = reason
        super().__init__(expert_number, detail)


class WrongEnrolmentCode(WrongPassphrase):
    """A well-formed code that is not the account's: counted like a wrong passphrase."""

    reason = "wrong_enrolment_code"


class CertificateRevokedAtSignIn(AccountError):
    """The agency revoked every certificate this workstation holds for the expert (`.detail`:
    the revocation reason): the passphrase was right, the sign-in is refused."""

    reason = "certificate_revoked"


class PairRefused(AccountError):
    """reason: same_person (二对一 needs two different experts) or not_an_assessor."""

    def __init__(self, reason: str, expert_number: str | None = None):
        self.reason = reason
        super().__init__(expert_number)


@dataclass(frozen=True)
class SessionInfo:
    """Who is logged in. `token` ties it to the sign-in that issued it on one CaseRecords;
    services check it and re-read the role (services/authorization.py)."""

    expert_id: str
    expert_number: str
    name: str
    role: str
    logged_in_at: datetime
    must_change_passphrase: bool
    token: str | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class VisitPair:
    """The two experts of a visit (二对一), both logged in at once."""

    first: SessionInfo
    second: SessionInfo

    @property
    def expert_ids(self) -> tuple[str, str]:
        return self.first.expert_id, self.second.expert_id

    @property
    def actors(self) -> tuple[str, str]:
        return self.first.expert_number, self.second.expert_number


def start_pair(first: SessionInfo, second: SessionInfo) -> VisitPair:
    if first.expert_id == second.expert_id or first.expert_number == second.expert_number:
        raise PairRefused("same_person", second.expert_number)
    for session in (first, second):
        if session.role != VISIT_ROLE:
            raise PairRefused("not_an_assessor", session.expert_number)
    return VisitPair(first, second)


# --- use cases ----------------------------------------------------------------------------------

def login(records: CaseRecords, expert_number: str, passphrase: str, now: datetime, *,
          lockout: LockoutPolicy = DEFAULT_LOCKOUT, kdf_params: Argon2idParams = DEFAULT_PARAMS) -> SessionInfo:
    """A session for the expert, or UnknownExpert / PassphraseNotSet / WrongPassphrase /
    AccountLocked. `kdf_params` is the current hashing policy: a good login upgrades a cheaper
    stored hash to it."""
    with unit_of_work(records.engine) as session:
        expert = session.scalar(select(Expert).where(Expert.expert_number == expert_number.strip()))
        if expert is None or not expert.active:
            # The typed text is not logged: people type their passphrase into the wrong field.
            append_station_event(session, "login_failed", now=now, data={"reason": "unknown_expert"})
            refusal: AccountError | None = UnknownExpert(expert_number.strip())
        else:
            account = session.get(Account, expert.id)
            refusal = _check_passphrase(session, expert, account, passphrase, now, lockout, "login")
            if refusal is None:
                refusal = _revoked_signer(session, expert, now)
            if refusal is None:
                if needs_rehash(account.passphrase_hash, kdf_params):
                    account.passphrase_hash = hash_passphrase(passphrase, params=kdf_params)
                append_station_event(session, "login", now=now, actor_ids=[expert.id],
                                     data={"method": "passphrase"})
                token = secrets.token_urlsafe(32)
                records.live_sessions[token] = expert.id
                return _session_info(expert, account, now, token)
    raise refusal


def find_expert_id(records: CaseRecords, expert_number: str) -> str:
    """The id of the active expert with this number (评估人员编号), or UnknownExpert."""
    with unit_of_work(records.engine) as session:
        expert_id = session.scalar(select(Expert.id).where(Expert.expert_number == expert_number.strip(),
                                                           Expert.active.is_(True)))
    if expert_id is None:
        raise UnknownExpert(expert_number.strip())
    return expert_id


def has_passphrase(records: CaseRecords, expert_id: str) -> bool:
    """Whether a change (old passphrase needed) or a first setting is ahead."""
    with unit_of_work(records.engine) as session:
        account = session.get(Account, expert_id)
        return account is not None and account.passphrase_hash is not None


def logout(records: CaseRecords, session_info: SessionInfo, now: datetime) -> None:
    records.live_sessions.pop(session_info.token or "", None)
    with unit_of_work(records.engine) as session:
        append_station_event(session, "logout", now=now, actor_ids=[session_info.expert_id])


def lock_for_idle(records: CaseRecords, session_info: SessionInfo, now: datetime) -> None:
    """Record the idle lock (passphrases.IdlePolicy decides when); the UI hides personal data,
    a running visit and its recording go on."""
    with unit_of_work(records.engine) as session:
        append_station_event(session, "lock", now=now, actor_ids=[session_info.expert_id], data={"cause": "idle"})


def unlock(records: CaseRecords, session_info: SessionInfo, passphrase: str, now: datetime, *,
           lockout: LockoutPolicy = DEFAULT_LOCKOUT) -> None:
    """Lift an idle lock: only the locked-in expert's own passphrase does it, for a session that is
    still live (a session ended by a sign-out, or never issued here, is not revived)."""
    if records.live_sessions.get(session_info.token or "") != session_info.expert_id:
        raise NotSignedIn(session_info.expert_number)
    authenticate(records, session_info.expert_id, passphrase, now, purpose="unlock", lockout=lockout)
    with unit_of_work(records.engine) as session:
        append_station_event(session, "unlock", now=now, actor_ids=[session_info.expert_id])


def authenticate(records: CaseRecords, expert_id: str, passphrase: str, now: datetime, *, purpose: str,
                 lockout: LockoutPolicy = DEFAULT_LOCKOUT) -> None:
    """Check the expert's passphrase for `purpose` (e.g. unlock_signing_key) under the lockout."""
    with unit_of_work(records.engine) as session:
        expert = session.get(Expert, expert_id)
        if expert is None or not expert.active:
            raise UnknownExpert(expert_id)
        refusal = _check_passphrase(session, expert, session.get(Account, expert.id), passphrase, now,
                                    lockout, purpose)
    if refusal is not None:
        raise refusal


def set_passphrase(records: CaseRecords, expert_id: str, new: str, old: str | None = None, *,
                   enrolment_code: str | None = None, now: datetime | None = None,
                   kdf_params: Argon2idParams = DEFAULT_PARAMS, lockout: LockoutPolicy = DEFAULT_LOCKOUT) -> None:
    """Set the first passphrase (`enrolment_code` required, checked under the lockout, used up)
    or change it (`old` required and checked under the lockout). The expert's signing keys are
    re-encrypted under the new passphrase in the same transaction, so a key is never left behind
    under a passphrase nobody knows any more."""
    now = now or datetime.now(timezone.utc)
    with unit_of_work(records.engine) as session:
        expert = session.get(Expert, expert_id)
        if expert is None or not expert.active:
            raise UnknownExpert(expert_id)
        problems = check_passphrase_strength(new, personal_words=(expert.name, expert.expert_number))
        if problems:
            raise WeakPassphrase(expert.expert_number, problems)
        account = ensure_account(session, expert.id, now)
        first = account.passphrase_hash is None
        if first:
            refusal = _check_enrolment_code(session, expert, account, enrolment_code, now, lockout)
        elif enrolment_code is not None:
            raise EnrolmentRefused("already_enrolled", expert.expert_number, account.enrolled_at)
        elif old is None:
            raise OldPassphraseRequired(expert.expert_number)
        else:
            refusal = _check_passphrase(session, expert, account, old, now, lockout, "change_passphrase")
            if refusal is None and old == new:
                raise PassphraseUnchanged(expert.expert_number)
        if refusal is None:
            if first:
                _consume_enrolment(session, expert, account, now)
            else:
                _reencrypt_signing_keys(session, expert.id, old, new, kdf_params)
            account.passphrase_hash = hash_passphrase(new, params=kdf_params)
            account.must_change_passphrase = False
            account.updated_at = utc_timestamp(now)
            append_station_event(session, "passphrase_changed", now=now, actor_ids=[expert.id],
                                 data={"first": first})
            return
    raise refusal


def ensure_account(session: Session, expert_id: str, now: datetime) -> Account:
    """The expert's account in the caller's transaction, created without a passphrase (to be set
    at first login) if missing."""
    account = session.get(Account, expert_id)
    if account is None:
        account = Account(expert_id=expert_id, passphrase_hash=None, failures=0, locked_until=None,
                          must_change_passphrase=True, created_at=utc_timestamp(now), updated_at=utc_timestamp(now))
        session.add(account)
        session.flush()
    return account


# --- internals ----------------------------------------------------------------------------------

def _check_passphrase(session: Session, expert: Expert, account: Account | None, passphrase: str,
                      now: datetime, lockout: LockoutPolicy, purpose: str) -> AccountError | None:
    """None when the passphrase is right; else the error to raise after the caller commits."""
    if account is None or account.passphrase_hash is None:
        return PassphraseNotSet(expert.expert_number)
    return _judge_guess(session, expert, account, lambda: verify_passphrase(passphrase, account.passphrase_hash),
                        now, lockout, purpose, WrongPassphrase)


def _check_enrolment_code(session: Session, expert: Expert, account: Account, typed: str | None, now: datetime,
                          lockout: LockoutPolicy) -> AccountError | None:
    """None when `typed` is the account's pending, unexpired code. A missing, malformed or expired
    code is refused without a guess being counted (it reveals nothing about the hash); a wrong
    one counts towards the lockout like a wrong passphrase."""
    if account.enrolment_code_hash is None:
        raise EnrolmentRefused("no_enrolment_code", expert.expert_number)
    if typed is None or not typed.strip():
        raise EnrolmentRefused("enrolment_code_required", expert.expert_number)
    if now > _parse_timestamp(account.enrolment_expires_at):
        raise EnrolmentRefused("enrolment_code_expired", expert.expert_number,
                               _parse_timestamp(account.enrolment_expires_at))
    try:
        normalise_enrolment_code(typed)
    except EnrolmentCodeMalformed as error:
        raise EnrolmentRefused("enrolment_code_malformed", expert.expert_number, error.reason) from None
    return _judge_guess(session, expert, account, lambda: enrolment_code_matches(typed, account.enrolment_code_hash),
                        now, lockout, "enrolment", WrongEnrolmentCode)


def _judge_guess(session: Session, expert: Expert, account: Account, is_correct, now: datetime,
                 lockout: LockoutPolicy, purpose: str, wrong: type[WrongPassphrase]) -> AccountError | None:
    """Count one guess of a secret of this account under the one lockout all secrets share."""
    state = LoginState(account.failures, _parse_timestamp(account.locked_until))
    if is_locked(state, now):
        # Not evaluated at all while locked: a guess then would be free.
        append_station_event(session, "login_failed", now=now, actor_ids=[expert.id],
                             data={"reason": "locked", "purpose": purpose})
        return AccountLocked(expert.expert_number, remaining_lock_seconds(state, now))
    try:
        correct = is_correct()
    except StoredHashInvalid:
        raise AccountDamaged(expert.expert_number) from None
    state = register_success(state) if correct else register_failure(state, now, lockout)
    account.failures = state.failures
    account.locked_until = None if state.locked_until is None else utc_timestamp(state.locked_until)
    if correct:
        return None
    append_station_event(session, "login_failed", now=now, actor_ids=[expert.id],
                         data={"reason": wrong.reason, "purpose": purpose})
    if is_locked(state, now):
        append_station_event(session, "lock", now=now, actor_ids=[expert.id],
                             data={"cause": "failed_attempts", "seconds": lockout.lock_seconds})
        return AccountLocked(expert.expert_number, remaining_lock_seconds(state, now))
    return wrong(expert.expert_number, lockout.max_failures - state.failures)


def _consume_enrolment(session: Session, expert: Expert, account: Account, now: datetime) -> None:
    """The code works once: its hash goes, and the audit chain says it was used."""
    append_station_event(session, "enrolment_code_used", now=now, actor_ids=[expert.id],
                         data={"origin": account.enrolment_origin})
    account.enrolment_code_hash = account.enrolment_expires_at = None
    account.enrolled_at = utc_timestamp(now)


def _revoked_signer(session: Session, expert: Expert, now: datetime) -> AccountError | None:
    revocation = revocation_of_every_certificate(session, expert.id, now)
    if revocation is None:
        return None
    append_station_event(session, "login_failed", now=now, actor_ids=[expert.id],
                         data={"reason": "certificate_revoked", "purpose": "login"})
    return CertificateRevokedAtSignIn(expert.expert_number, revocation.reason)


def _reencrypt_signing_keys(session: Session, expert_id: str, old: str, new: str,
                            kdf_params: Argon2idParams) -> None:
    for identity in session.scalars(select(SigningIdentity).where(SigningIdentity.expert_id == expert_id,
                                                                  SigningIdentity.encrypted_private_key.is_not(None))):
        key = decrypt_private_key(identity.encrypted_private_key.encode("utf-8"), old)
        identity.encrypted_private_key = encrypt_private_key(key, new, params=kdf_params).decode("utf-8")


def _session_info(expert: Expert, account: Account, now: datetime, token: str) -> SessionInfo:
    return SessionInfo(expert.id, expert.expert_number, expert.name, expert.role, now,
                       account.must_change_passphrase, token)


def _parse_timestamp(text: str | None) -> datetime | None:
    return None if text is None else datetime.strptime(text, _TIMESTAMP).replace(tzinfo=timezone.utc)
