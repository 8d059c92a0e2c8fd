# SPDX-License-Identifier: GPL-3.0-or-later
"""How a reviewer signs in to the review desk: on a workstation the server knows (its TLS client
certificate, as for every route), by signing a one-time challenge with their own signing key —
the key that also signs their decisions. The server checks the signature and the certificate
(agency CA, revocation list, document-signing purpose, dates) and that the agency's package
lists the expert as a reviewer or administrator (review_trust.py), then issues a session token
for that workstation only, valid for `review.session_hours`.

Challenge message (what the key signs), UTF-8:

    "ltc-agency reviewer sign-in v1\\n" <nonce, 64 hex> "\\n" <workstation id> "\\n"

ECDSA keys sign it with ECDSA-SHA256 (DER), RSA keys with RSA-PSS-SHA256 (salt 32). A challenge
is used once and expires after two minutes; the token is 32 random bytes, stored only as its
SHA-256.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from assessment_app.agency.audit import append_event
from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.review_models import ReviewChallenge, ReviewSession
from assessment_app.agency.review_settings import SESSION_HOURS, read_settings
from assessment_app.agency.review_trust import REVIEWER, current_trust, desk_member
from assessment_app.security.certificates import (
    CertificateUnreadable,
    certificate_fingerprint,
    certificate_pem,
    load_pem_certificate,
)

CONTEXT = b"ltc-agency reviewer sign-in v1\n"
CHALLENGE_LIFETIME = datetime.timedelta(minutes=2)
_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)


@dataclass(frozen=True)
class Reviewer:
    """The person behind a request's session."""

    expert_number: str
    name: str
    role: str
    workstation_id: str

    @property
    def may_decide(self) -> bool:
        return self.role == REVIEWER


def challenge_message(nonce: str, workstation_id: str) -> bytes:
    return CONTEXT + f"{nonce}\n{workstation_id}\n".encode("utf-8")


def sign_challenge(key, message: bytes) -> bytes:
    """The reviewer's side (their workstation holds the key)."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(message, ec.ECDSA(hashes.SHA256()))
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(message, _PSS, hashes.SHA256())
    raise AgencyError("request_invalid", "unsupported key type")


def _signature_valid(public_key, signature: bytes, message: bytes) -> bool:
    try:
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        elif isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, message, _PSS, hashes.SHA256())
        else:
            return False
    except InvalidSignature:
        return False
    return True


def new_challenge(session: Session, workstation_id: str, now: datetime.datetime) -> dict:
    nonce = secrets.token_hex(32)
    session.add(ReviewChallenge(nonce=nonce, workstation_id=workstation_id, created_at=now,
                                expires_at=now + CHALLENGE_LIFETIME))
    session.flush()
    return {"nonce": nonce, "workstation_id": workstation_id, "expires_at": (now + CHALLENGE_LIFETIME).isoformat(),
            "message": base64.b64encode(challenge_message(nonce, workstation_id)).decode("ascii")}


def sign_in(engine: Engine, workstation_id: str, *, nonce: str, certificate_pem_text: str, signature_b64: str,
            now: datetime.datetime) -> dict:
    """A session for the signer, or AgencyError challenge_invalid / sign_in_signature_invalid /
    not_a_reviewer / reviewer_certificate_rejected."""
    # The challenge is used up in a transaction of its own: a failed attempt cannot try it again.
    with transaction(engine) as session:
        used = session.execute(update(ReviewChallenge).where(
            ReviewChallenge.nonce == nonce, ReviewChallenge.workstation_id == workstation_id,
            ReviewChallenge.used_at.is_(None), ReviewChallenge.expires_at > now).values(used_at=now)).rowcount
    if used != 1:
        raise AgencyError("challenge_invalid", nonce[:16])
    with transaction(engine) as session:
        return _open_session(session, workstation_id, nonce, certificate_pem_text, signature_b64, now)


def _open_session(session: Session, workstation_id: str, nonce: str, certificate_pem_text: str, signature_b64: str,
                  now: datetime.datetime) -> dict:
    try:
        certificate = load_pem_certificate(certificate_pem_text)
        signature = base64.b64decode(signature_b64, validate=True)
    except (CertificateUnreadable, binascii.Error, ValueError, TypeError):
        raise AgencyError("request_invalid", "certificate or signature unreadable") from None
    if not _signature_valid(certificate.public_key(), signature, challenge_message(nonce, workstation_id)):
        raise AgencyError("sign_in_signature_invalid")
    expert = desk_member(current_trust(session), certificate, now)
    token = secrets.token_urlsafe(32)
    expires = now + datetime.timedelta(hours=read_settings(session)[SESSION_HOURS])
    session.add(ReviewSession(token_sha256=hashlib.sha256(token.encode("ascii")).hexdigest(),
                              expert_number=expert.expert_number, name=expert.name, role=expert.role,
                              certificate_fingerprint=certificate_fingerprint(certificate),
                              certificate_pem=certificate_pem(certificate), workstation_id=workstation_id,
                              created_at=now, expires_at=expires))
    append_event(session, actor=f"reviewer:{expert.expert_number}", action="reviewer_signed_in",
                 subject=workstation_id, detail={"role": expert.role,
                                                 "certificate": certificate_fingerprint(certificate)}, now=now)
    session.flush()
    return {"token": token, "expires_at": expires.isoformat(), "expert_number": expert.expert_number,
            "name": expert.name, "role": expert.role}


def reviewer_for_token(session: Session, token: str | None, workstation_id: str, now: datetime.datetime) -> Reviewer:
    """The signed-in reviewer, or AgencyError session_invalid (unknown, expired, ended, or
    opened on another workstation)."""
    if not token:
        raise AgencyError("session_invalid", "no token")
    row = session.get(ReviewSession, hashlib.sha256(token.encode("utf-8", "replace")).hexdigest())
    if row is None or row.ended_at is not None or row.expires_at <= now or row.workstation_id != workstation_id:
        raise AgencyError("session_invalid", "unknown, expired or ended")
    return Reviewer(row.expert_number, row.name, row.role, row.workstation_id)


def sign_out(session: Session, token: str, now: datetime.datetime) -> None:
    session.execute(update(ReviewSession).where(
        ReviewSession.token_sha256 == hashlib.sha256(token.encode("utf-8", "replace")).hexdigest(),
        ReviewSession.ended_at.is_(None)).values(ended_at=now))
