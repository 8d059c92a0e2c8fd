# SPDX-License-Identifier: GPL-3.0-or-later
"""Whom laptops encrypt bundles to: the agency's age recipient, whose identity (private key) sits
where the verification workers run and nowhere else, and a recovery recipient, whose identity the
agency keeps offline (a safe, a second site), so a lost agency key does not lose a single bundle.

The server keeps only the recipients (public keys). `ltc-agency init` either makes the agency
identity and writes it once to a file for the workers (`--agency-identity-out`), or takes an
existing identity file (`--agency-identity`, e.g. the demo agency's); the recovery key is best
made offline with `age-keygen` and given as its recipient (`--recovery-recipient age1…`), or made
here and written once to a file that must then leave the server (`--recovery-identity-out`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment_app.agency.audit import append_event
from assessment_app.agency.authority_models import AGENCY_RECIPIENT, RECOVERY_RECIPIENT, AgeRecipient
from assessment_app.agency.errors import AgencyError
from assessment_app.security.bech32 import Bech32Error, age_identity, age_recipient, parse_age_identity, parse_age_recipient

PURPOSES = (AGENCY_RECIPIENT, RECOVERY_RECIPIENT)
_LABELS = {AGENCY_RECIPIENT: "机构密钥", RECOVERY_RECIPIENT: "恢复密钥"}


@dataclass(frozen=True)
class NewIdentity:
    identity: str  # AGE-SECRET-KEY-1…
    recipient: str  # age1…

    def file_text(self, comment: str) -> str:
        """age-keygen's layout, so `age -d -i FILE` and the workers read it as it is."""
        return f"# {comment}\n# public key: {self.recipient}\n{self.identity}\n"


def new_identity() -> NewIdentity:
    key = X25519PrivateKey.generate()
    return NewIdentity(age_identity(key.private_bytes_raw()), age_recipient(key.public_key().public_bytes_raw()))


def recipient_of_identity_text(text: str) -> str:
    """The recipient of the (one) identity in an age identity file; comments and blank lines skipped."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) != 1:
        raise AgencyError("identity_unusable", f"{len(lines)} identities in the file, expected 1")
    try:
        private = parse_age_identity(lines[0])
    except Bech32Error as error:
        raise AgencyError("identity_unusable", error.reason) from None
    return age_recipient(X25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw())


def checked_recipient(text: str) -> str:
    try:
        parse_age_recipient(text.strip())
    except Bech32Error as error:
        raise AgencyError("recipient_invalid", f"{text.strip()[:80]}: {error.reason}") from None
    return text.strip()


def add_recipient(session: Session, *, purpose: str, recipient: str, agency_name: str, agency_code: str,
                  now: datetime.datetime, actor: str = "administrator") -> AgeRecipient:
    if purpose not in PURPOSES:
        raise AgencyError("recipient_invalid", purpose)
    recipient = checked_recipient(recipient)
    if session.scalar(select(AgeRecipient).where(AgeRecipient.age_recipient == recipient)) is not None:
        raise AgencyError("recipient_exists", recipient)
    row = AgeRecipient(purpose=purpose, label=f"{agency_name} {_LABELS[purpose]} {agency_code}",
                       age_recipient=recipient, created_at=now)
    session.add(row)
    session.flush()
    append_event(session, actor=actor, action="recipient_added", subject=recipient,
                 detail={"purpose": purpose, "label": row.label}, now=now)
    return row


def current_recipients(session: Session) -> list[AgeRecipient]:
    """Every recipient not retired, agency first: at least one of each purpose, or
    `recipients_missing` naming the purpose that has none (a package without it would be refused)."""
    rows = list(session.scalars(select(AgeRecipient).where(AgeRecipient.retired_at.is_(None))
                                .order_by(AgeRecipient.purpose, AgeRecipient.id)))
    for purpose in PURPOSES:
        if not any(row.purpose == purpose for row in rows):
            raise AgencyError("recipients_missing", purpose)
    return rows
