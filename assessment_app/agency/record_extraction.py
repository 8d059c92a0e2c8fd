# SPDX-License-Identifier: GPL-3.0-or-later
"""What a worker takes from a verified bundle for the review desk, at registration: where every
member lies in the bundle's plaintext, the record and the rows the queue and the dashboard need,
the video's timeline — read by random access (bundle_access.py), so nothing is written and only
the chunks holding tar headers and the small members are decrypted.

Every small member read here is checked against the SHA-256 the signed manifest lists, so what
is registered is what was verified. The record is split in two: the applicant's and the
informant's identity (sealed under the records key, records_key.IDENTITY) and the rest (JSONB,
no name, ID number, address or phone in it); the split is checked by putting the two halves
together again and comparing the hash with the signed record hash.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from typing import Any

from forms.canonical import canonical_sha256, loads_strict

from assessment_app.agency.bundle_access import AgePlaintext, BundleCiphertext, StoredMember
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.store import BundleStore
from assessment_app.bundle import manifest as names
from assessment_app.bundle.age_format import CHUNK_SIZE, PayloadAccess, open_payload
from assessment_app.bundle.errors import AgeFormatError
from assessment_app.bundle.parts import PartInfo
from assessment_app.bundle.video_chain import VIDEO_DIR, bundle_segment_name
from assessment_app.recording.chain import CHAIN_FILE
from assessment_app.recording.playback import timeline_of

# Members read whole at registration (each checked against the manifest); the rest is served on demand.
_READ = (names.RECORD_FILE, names.CASE_FILE, names.SELF_ASSESSMENT_FILE)
_SMALL_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class Identity:
    """What names a person; sealed on the server, shown to reviewers."""

    applicant: dict[str, Any]
    task_number: str | None
    informant: dict[str, Any]

    def to_json(self) -> dict:
        return {"applicant": self.applicant, "task_number": self.task_number, "informant": self.informant}


@dataclass(frozen=True)
class ExtractedRecord:
    manifest: dict
    parts: list[PartInfo]
    payload: PayloadAccess
    members: dict[str, StoredMember]
    record: dict  # record.json without `informant`
    identity: Identity
    case_rows: dict  # case.json's case, visit and workflow rows (no applicant)
    self_assessment: dict | None
    timeline: dict | None  # segments and intervals, None without video


def split_record(record: dict) -> tuple[dict, dict]:
    """(the record without the informant, the informant)."""
    rest = {key: value for key, value in record.items() if key != "informant"}
    return rest, record.get("informant") or {}


def joined_record(rest: dict, informant: dict) -> dict:
    return {**rest, "informant": informant}


def extract_record(store: BundleStore, bundle_id: str, parts: list[PartInfo], identities, manifest: dict
                   ) -> ExtractedRecord:
    """Raises AgencyError bundle_damaged (the stored bundle no longer matches what was verified)
    or store_failed (the store could not be read)."""
    listed = {entry["path"]: entry for entry in manifest["files"]}
    header = io.BufferedReader(BundleCiphertext(store, bundle_id, parts))
    try:
        payload = open_payload(header, identities)
    except AgeFormatError as error:
        raise AgencyError("bundle_damaged", f"{error.reason}: {error.detail or ''}") from None
    finally:
        header.close()
    plaintext = AgePlaintext(BundleCiphertext(store, bundle_id, parts), payload)
    try:
        members = _members(plaintext)
        held = {name: _read_checked(plaintext, members, listed, name) for name in _READ if name in members}
        chains = sorted(name for name in members if name.startswith(f"{VIDEO_DIR}/") and name.endswith(CHAIN_FILE))
        chain_files = {name: _read_checked(plaintext, members, listed, name) for name in chains}
    finally:
        plaintext.close()
    for required in (names.RECORD_FILE, names.CASE_FILE):
        if required not in held:
            raise AgencyError("bundle_damaged", f"{required} missing")
    record = loads_strict(held[names.RECORD_FILE].decode("utf-8"))
    case = loads_strict(held[names.CASE_FILE].decode("utf-8"))
    own = loads_strict(held[names.SELF_ASSESSMENT_FILE].decode("utf-8")) if names.SELF_ASSESSMENT_FILE in held else None
    rest, informant = split_record(record)
    if canonical_sha256(joined_record(rest, informant)) != manifest["record_sha256"]:
        raise AgencyError("bundle_damaged", "the record does not rebuild to its signed hash")
    applicant = case["applicant"]
    identity = Identity({key: applicant.get(key) for key in ("name", "resident_id", "sex", "birth_date", "phone",
                                                               "address")},
                        case["case"].get("task_number"), informant)
    rows = {"case": {key: value for key, value in case["case"].items() if key != "task_number"},
            "visit": case["visit"], "workflow": case["workflow"]}
    return ExtractedRecord(manifest, parts, payload, members, rest, identity, rows, own, _timeline(chain_files))


def _members(plaintext: AgePlaintext) -> dict[str, StoredMember]:
    """Every member's place, by walking the tar headers (tarfile seeks over the data)."""
    found: dict[str, StoredMember] = {}
    buffered = io.BufferedReader(plaintext, buffer_size=CHUNK_SIZE)
    try:
        with tarfile.open(fileobj=buffered, mode="r:") as archive:
            for info in archive:
                if info.isreg():
                    found[info.name] = StoredMember(info.offset_data, info.size, None)
    except tarfile.TarError as error:
        raise AgencyError("bundle_damaged", f"tar: {error}") from None
    return found


def _read_checked(plaintext: AgePlaintext, members: dict[str, StoredMember], listed: dict, name: str) -> bytes:
    member = members[name]
    entry = listed.get(name)
    if entry is None or member.size > _SMALL_LIMIT or member.size != entry["size"]:
        raise AgencyError("bundle_damaged", f"{name}: not as the manifest lists it")
    data = plaintext.read_range(member.offset, member.size)
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise AgencyError("bundle_damaged", f"{name}: hash differs from the manifest")
    members[name] = StoredMember(member.offset, member.size, entry["sha256"])
    return data


def _chain_index(name: str) -> int:
    return int(name.split("/")[1].split("-")[1])


def _timeline(chain_files: dict[str, bytes]) -> dict | None:
    """The video's timeline (timeline_of, as the laptop's player builds it) with each segment's
    member in the bundle and its plaintext size."""
    if not chain_files:
        return None
    chains, sizes = [], {}
    for name in sorted(chain_files, key=_chain_index):
        entries = []
        for line in chain_files[name].split(b"\n"):
            if not line:
                continue
            try:
                entries.append(json.loads(line))
            except ValueError:
                break  # a torn last line (verification allows it) is no entry
        for entry in entries:
            if entry.get("type") == "segment":
                sizes[(_chain_index(name), entry["sequence"])] = entry["plaintext_size"]
        chains.append((_PathLike(name.rsplit("/", 1)[0]), entries))
    timeline = timeline_of(chains)
    return {
        "segments": [{"chain": span.chain_index, "sequence": span.sequence, "start_ms": span.start_ms,
                      "end_ms": span.end_ms, "frame_count": span.frame_count, "audio": span.audio,
                      "plaintext_sha256": span.plaintext_sha256, "size": sizes[(span.chain_index, span.sequence)],
                      "member": f"{VIDEO_DIR}/chain-{span.chain_index}/{bundle_segment_name(span.sequence)}"}
                     for span in timeline.segments],
        "intervals": [{"kind": interval.kind, "start_ms": interval.start_ms, "end_ms": interval.end_ms,
                       "reason_code": interval.reason_code, "text": interval.text} for interval in timeline.intervals],
        "end_ms": timeline.end_ms,
    }


class _PathLike(str):
    """timeline_of joins a chain's directory with a segment's file name; here it is a member prefix."""

    def __truediv__(self, name: str) -> str:
        return f"{self}/{name}"
