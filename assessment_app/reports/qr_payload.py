# SPDX-License-Identifier: GPL-3.0-or-later
"""The text inside the report's QR code (docs/formats/report.md): ASCII, one line, so any
phone scanner shows it and a verifier can parse it."""

from __future__ import annotations

QR_PREFIX = "LTC-RECORD/1"


def record_qr_payload(record_id: str, record_hash: str) -> str:
    return f"{QR_PREFIX};id={record_id};sha256={record_hash.lower()}"


def parse_record_qr_payload(text: str) -> tuple[str, str] | None:
    """(record id, record hash), or None when the text is not one of our payloads."""
    prefix, _, rest = text.partition(";")
    if prefix != QR_PREFIX:
        return None
    fields = dict(part.partition("=")[::2] for part in rest.split(";"))
    if "id" not in fields or "sha256" not in fields:
        return None
    return fields["id"], fields["sha256"]
