# SPDX-License-Identifier: GPL-3.0-or-later
"""The bundle manifest: what the two experts sign. Canonical JSON (forms/canonical.py), so the
signed bytes are the same whoever re-serialises the same content (docs/formats/bundle.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.canonical import StrictJsonError, canonical_json_bytes, loads_strict

from assessment_app.bundle.errors import BundleError

MANIFEST_FORMAT = "ltc-assess-bundle-manifest"
MANIFEST_VERSION = 1
MANIFEST_FILE, SIGNATURE_FILE = "manifest.json", "manifest.cms"
RECORD_FILE, REPORT_FILE, AUDIT_FILE, SELF_ASSESSMENT_FILE = "record.json", "report.pdf", "audit.jsonl", "self_assessment.json"
CASE_FILE = "case.json"  # the rows the reviewer's database needs (applicant, case, visit tables)
_REQUIRED = {"format": str, "version": int, "bundle_id": str, "case_id": str, "visit_id": str, "record_version": int,
             "form": dict, "engine": dict, "record_sha256": str, "files": list, "video": dict, "audit": dict,
             "created_at": str, "experts": list}


@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str

    def to_json(self) -> dict:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


def manifest_document(*, bundle_id: str, record: dict[str, Any], record_sha256: str, files: list[FileEntry],
                      video_chains: list[dict], audit_head: dict, created_at: str, experts: list[dict],
                      station_checkpoint: dict | None = None) -> dict:
    """`station_checkpoint`: the exporting workstation's sealed audit-chain checkpoint
    (security/audit_anchor.py), optional; signed with the rest, it fixes how long that
    workstation's chain was when the bundle left it."""
    visit = record["visit"]
    document = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "bundle_id": bundle_id,
                "case_id": visit["case_id"], "visit_id": visit["id"], "record_version": visit["version"],
                "form": dict(record["form"]), "engine": dict(record["engine"]), "record_sha256": record_sha256,
                "files": [entry.to_json() for entry in files], "video": {"chains": video_chains},
                "audit": audit_head, "created_at": created_at, "experts": experts}
    if station_checkpoint is not None:
        document["station_checkpoint"] = station_checkpoint
    return document


def manifest_bytes(document: dict) -> bytes:
    return canonical_json_bytes(document)


def parse_manifest(data: bytes) -> dict:
    """The manifest, checked for shape; BundleError manifest_malformed / manifest_unsupported."""
    try:
        document = loads_strict(data.decode("utf-8"))
    except (StrictJsonError, UnicodeDecodeError, ValueError) as error:
        raise BundleError("manifest_malformed", str(error)[:200]) from None
    if not isinstance(document, dict):
        raise BundleError("manifest_malformed", "not an object")
    if document.get("format") != MANIFEST_FORMAT or document.get("version") != MANIFEST_VERSION:
        raise BundleError("manifest_unsupported", f"{document.get('format')} {document.get('version')}")
    for key, kind in _REQUIRED.items():
        if not isinstance(document.get(key), kind):
            raise BundleError("manifest_malformed", key)
    if canonical_json_bytes(document) != data:
        raise BundleError("manifest_malformed", "not canonical JSON")
    if "station_checkpoint" in document and not isinstance(document["station_checkpoint"], dict):
        raise BundleError("manifest_malformed", "station_checkpoint")
    for entry in document["files"]:
        if not (isinstance(entry, dict) and set(entry) == {"path", "size", "sha256"}
                and isinstance(entry["path"], str) and isinstance(entry["size"], int)
                and isinstance(entry["sha256"], str)):
            raise BundleError("manifest_malformed", "files")
    return document
