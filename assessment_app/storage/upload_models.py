# SPDX-License-Identifier: GPL-3.0-or-later
"""SQLAlchemy models of the upload to the agency (migration 0007): the workstation's TLS key, where
each exported bundle was written, the persisted upload queue, and the server's last word on each
bundle (kept so a case shows it offline). On the same Base as the case records.

The TLS key is a PKCS#8 PEM inside the SQLCipher database: encrypted under the data key like
everything here, in backups with the rest, never a file of its own.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assessment_app.domain.agency_upload import SERVER_STATUSES, UploadState
from assessment_app.storage.models import Base, new_id


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(value)) for value in values)})"


class WorkstationKey(Base):
    """A key made by `ltc-assess workstation request`; the agency's certificate for it arrives in
    the provisioning package (`workstation` member) and is matched by the public key."""

    __tablename__ = "workstation_keys"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(Text)
    private_key_pem: Mapped[str] = mapped_column(Text)
    public_key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    csr_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("experts.id"))


class BundleExport(Base):
    """Where an export wrote its bundle, so 上传 finds it again (even after a restart)."""

    __tablename__ = "bundle_exports"
    __table_args__ = (Index("ix_bundle_exports_case_id", "case_id"),)
    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"))
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    directory: Mapped[str] = mapped_column(Text)
    parts: Mapped[int] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(BigInteger)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    exported_at: Mapped[str] = mapped_column(String(32))


class AgencyUpload(Base):
    """One bundle in the upload queue (domain/agency_upload.UploadState)."""

    __tablename__ = "agency_uploads"
    __table_args__ = (
        CheckConstraint(_in("state", UploadState), name="state"),
        CheckConstraint("done_bytes >= 0 AND done_bytes <= total_bytes", name="progress"),
        Index("ix_agency_uploads_case_id", "case_id"),
        Index("ix_agency_uploads_state", "state"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    bundle_id: Mapped[str] = mapped_column(ForeignKey("bundle_exports.bundle_id"), unique=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    directory: Mapped[str] = mapped_column(Text)
    server_bundle: Mapped[str] = mapped_column(String(64))  # SHA-256 of index.json: the server's name for it
    total_bytes: Mapped[int] = mapped_column(BigInteger)
    done_bytes: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)  # failures since the last progress
    next_attempt_at: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(64))
    last_error_detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[str | None] = mapped_column(String(32))
    enqueued_by: Mapped[str | None] = mapped_column(ForeignKey("experts.id"))


class AgencyBundleStatus(Base):
    """The server's status of a bundle this laptop sent, as last heard (GET /v1/bundles, /v1/cases)."""

    __tablename__ = "agency_bundle_statuses"
    __table_args__ = (CheckConstraint(_in("status", SERVER_STATUSES), name="status"),
                      Index("ix_agency_bundle_statuses_case_id", "case_id"))
    server_bundle: Mapped[str] = mapped_column(String(64), primary_key=True)
    bundle_id: Mapped[str | None] = mapped_column(String(64))
    case_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16))
    reasons_json: Mapped[str] = mapped_column(Text)  # [{"reason", "detail"}, …] of the failed checks
    duplicate_of: Mapped[str | None] = mapped_column(String(64))
    registered_at: Mapped[str | None] = mapped_column(String(40))
    checked_at: Mapped[str] = mapped_column(String(32))
