# SPDX-License-Identifier: GPL-3.0-or-later
"""Verifying a bundle, check by check (validation_report.CHECKS), into a ValidationReport.

One streaming pass (bundle/reader.py) decrypts the parts and reads the tar while the parts'
hashes are computed beside it in a second thread; nothing of the bundle is written anywhere:
the small members are checked from memory, the large ones by the hashes taken as they streamed.
An import passes a `store` that encrypts the large members at once; whatever it wrote is void
unless the report is ok.

Never raises on any input: every exception of a check becomes that check's failure, so a
damaged, forged or hostile bundle is always answered with a report, never a traceback.

Certificates are judged by the workstation's TrustAnchors: validity at the time the signer
claims, revocation at `now` (the trusted time: this verification or import).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import threading
from collections.abc import Callable
from pathlib import Path

from forms.canonical import StrictJsonError, canonical_json_bytes, canonical_sha256, loads_strict
from forms.registry import default_registry
from scoring import ENGINE_VERSION, score

from assessment_app.bundle import manifest as names
from assessment_app.bundle.age_format import parse_identities
from assessment_app.bundle.errors import AgeFormatError, BundleError
from assessment_app.bundle.manifest import parse_manifest
from assessment_app.bundle.manifest_signature import verify_manifest_signature
from assessment_app.bundle.parts import check_part_hashes, check_part_sizes, read_index
from assessment_app.bundle.reader import ArchiveContents, MemberStore, Stopped, StoreFailed, read_bundle
from assessment_app.bundle.report_trust import check_report_signers
from assessment_app.bundle.validation_report import CHECKS, NOT_REACHED, Check, ValidationReport
from assessment_app.bundle.video_chain import verify_bundle_video
from assessment_app.reports.verify import all_valid, verify_report
from assessment_app.security.audit_chain import AuditLogReadError, iter_jsonl, verify_chain
from assessment_app.security.trust import TrustAnchors


class _Failed(Exception):
    def __init__(self, reason: str, detail: object = ""):
        super().__init__(reason)
        self.reason, self.detail = reason, str(detail or "")[:500]


def read_identity(identity: str | Path) -> list:
    """An identity given as the file's text or its path."""
    text = identity
    if isinstance(identity, Path) or (isinstance(identity, str) and "AGE-SECRET-KEY-" not in identity):
        text = Path(identity).read_text(encoding="utf-8")
    return parse_identities(text)


def _failure(code: str, error: BaseException) -> Check:
    if isinstance(error, _Failed):
        return Check(code, False, error.reason, error.detail)
    if isinstance(error, BundleError):
        return Check(code, False, error.reason, str(error.detail or "")[:500])
    return Check(code, False, "unexpected_error", f"{type(error).__name__}: {error}"[:500])


class _Run:
    def __init__(self, bundle: Path, identity, anchors: TrustAnchors, now: datetime.datetime):
        self.bundle, self.identity, self.anchors, self.now = bundle, identity, anchors, now
        self.checks: list[Check] = []
        self.parts = self.manifest = self.record = None
        self.contents: ArchiveContents | None = None
        self.manifest_sha256: str | None = None
        self.blocked = False

    def run(self, code: str, step: Callable[[], str | None]) -> None:
        if self.blocked:
            self.checks.append(Check(code, False, NOT_REACHED))
            return
        try:
            information = step()
        except Exception as error:  # noqa: BLE001 - a hostile bundle must never crash the reviewer's app
            self.checks.append(_failure(code, error))
        else:
            self.checks.append(Check(code, True, information=information))

    def stop_if_failed(self) -> None:
        self.blocked = self.blocked or not self.checks[-1].passed

    def read(self, name: str) -> bytes:
        data = self.contents.held.get(name)
        if data is None:
            raise _Failed("file_missing", name)
        return data


def verify_bundle(path: str | Path, identity: str | Path, anchors: TrustAnchors, *,
                  now: datetime.datetime) -> ValidationReport:
    """Verify the bundle directory at `path` with the age `identity` (its text or its path).
    `now` is the trusted time at which revocation is judged."""
    return verify_and_read(path, identity, anchors, now=now)[0]


def verify_and_read(path: str | Path, identity: str | Path, anchors: TrustAnchors, *, now: datetime.datetime,
                    store: MemberStore | None = None) -> tuple[ValidationReport, ArchiveContents | None]:
    """verify_bundle, and what the pass read (for an import: the small members, every hash).
    `store` receives the large members as they stream; the caller discards what it wrote unless
    the report is ok. Raises only StoreFailed (the store's own fault)."""
    run = _Run(Path(path), identity, anchors, now)
    run.run("index", lambda: _index(run))
    run.stop_if_failed()
    _stream(run, store)
    for code, step in (("manifest", _manifest), ("signatures", _signatures), ("files", _files),
                       ("record", _record), ("video", _video), ("audit", _audit), ("report", _report),
                       ("rescore", _rescore)):
        run.run(code, lambda step=step: step(run))
        if code in ("manifest", "files"):
            run.stop_if_failed()  # without them, nothing later means anything
    assert [check.code for check in run.checks] == list(CHECKS)
    return ValidationReport(tuple(run.checks), run.manifest, run.manifest_sha256), run.contents


def _index(run: _Run) -> None:
    run.parts = read_index(run.bundle)


def _stream(run: _Run, store: MemberStore | None) -> None:
    """Three checks from one pass: "parts" (sizes first, then hashes in a second thread),
    "decrypt" (the age layer) and "archive" (the tar inside). A bad part voids the other two."""
    if run.blocked:
        run.checks += [Check(code, False, NOT_REACHED) for code in ("parts", "decrypt", "archive")]
        return
    try:
        check_part_sizes(run.bundle, run.parts)
    except Exception as error:  # noqa: BLE001 - never crash on a hostile bundle
        run.checks += [_failure("parts", error), Check("decrypt", False, NOT_REACHED),
                       Check("archive", False, NOT_REACHED)]
        run.blocked = True
        return
    parts_failed = threading.Event()
    hashing: dict[str, BaseException] = {}

    def hash_parts() -> None:
        try:
            check_part_hashes(run.bundle, run.parts)
        except BaseException as error:  # noqa: BLE001 - handed to the verifying thread
            hashing["error"] = error
            parts_failed.set()
    hasher = threading.Thread(target=hash_parts, name="ltc-assess-part-hashes", daemon=True)
    hasher.start()
    try:
        decrypt, archive = _decrypt_and_read(run, store, parts_failed)
    finally:
        hasher.join()
    if "error" in hashing:
        run.checks += [_failure("parts", hashing["error"]), Check("decrypt", False, NOT_REACHED),
                       Check("archive", False, NOT_REACHED)]
        run.contents = None
    else:
        run.checks += [Check("parts", True), decrypt, archive]
    run.blocked = not all(check.passed for check in run.checks)


def _decrypt_and_read(run: _Run, store: MemberStore | None, stop: threading.Event) -> tuple[Check, Check]:
    try:
        identities = read_identity(run.identity)
    except AgeFormatError as error:
        return Check("decrypt", False, error.reason, str(error.detail or "")), Check("archive", False, NOT_REACHED)
    except (OSError, UnicodeDecodeError) as error:
        return Check("decrypt", False, "identity_unreadable", str(error)[:500]), Check("archive", False, NOT_REACHED)
    try:
        run.contents = read_bundle(run.bundle, run.parts, identities, store=store, stop=stop)
    except StoreFailed:
        raise  # this workstation's disk, not the bundle: the import reports it as an error
    except Stopped:
        return Check("decrypt", False, NOT_REACHED), Check("archive", False, NOT_REACHED)
    except AgeFormatError as error:
        return _failure("decrypt", error), Check("archive", False, NOT_REACHED)
    except BundleError as error:
        return Check("decrypt", True), _failure("archive", error)
    except Exception as error:  # noqa: BLE001 - never crash on a hostile bundle
        return _failure("decrypt", error), Check("archive", False, NOT_REACHED)
    return Check("decrypt", True), Check("archive", True)


def _manifest(run: _Run) -> None:
    data = run.read(names.MANIFEST_FILE)
    run.manifest = parse_manifest(data)
    run.manifest_sha256 = hashlib.sha256(data).hexdigest()


def _signatures(run: _Run) -> None:
    manifest = run.manifest
    try:
        at = datetime.datetime.fromisoformat(manifest["created_at"].replace("Z", "+00:00"))
    except ValueError:
        raise _Failed("manifest_malformed", "created_at") from None
    if at.tzinfo is None:
        raise _Failed("manifest_malformed", "created_at")
    signature = run.contents.held.get(names.SIGNATURE_FILE)
    if signature is None:
        raise _Failed("cms_missing")
    signers = verify_manifest_signature(run.read(names.MANIFEST_FILE), signature, run.anchors,
                                        claimed=at, trusted=run.now)
    found = sorted((signer.expert_number, signer.fingerprint) for signer in signers)
    named = sorted((expert.get("number"), expert.get("certificate_fingerprint")) for expert in manifest["experts"]
                   if isinstance(expert, dict))
    if len(signers) != 2 or len({number for number, _ in found}) != 2:
        raise _Failed("cms_two_signers_required", len(signers))
    if found != named:
        raise _Failed("cms_signers_not_the_experts", ", ".join(str(number) for number, _ in found))


def _files(run: _Run) -> None:
    listed = {entry["path"]: entry for entry in run.manifest["files"]}
    present = {name: digest for name, digest in run.contents.digests.items()
               if name not in (names.MANIFEST_FILE, names.SIGNATURE_FILE)}
    for name in sorted(set(present) - set(listed)):
        raise _Failed("file_unlisted", name)
    for name in sorted(set(listed) - set(present)):
        raise _Failed("file_missing", name)
    for name, entry in listed.items():
        digest = present[name]
        if digest.size != entry["size"] or digest.sha256 != entry["sha256"]:
            raise _Failed("file_hash_mismatch", name)
    for required in (names.RECORD_FILE, names.REPORT_FILE, names.AUDIT_FILE, names.CASE_FILE):
        if required not in listed:
            raise _Failed("file_missing", required)


def _record(run: _Run) -> None:
    try:
        record = loads_strict(run.read(names.RECORD_FILE).decode("utf-8"))
    except (StrictJsonError, UnicodeDecodeError, ValueError) as error:
        raise _Failed("record_malformed", error) from None
    manifest = run.manifest
    if not isinstance(record, dict) or canonical_sha256(record) != manifest["record_sha256"]:
        raise _Failed("record_hash_mismatch")
    visit = record.get("visit") or {}
    if (visit.get("id"), visit.get("case_id"), visit.get("version")) != (
            manifest["visit_id"], manifest["case_id"], manifest["record_version"]):
        raise _Failed("record_ids_mismatch")
    if record.get("form") != manifest["form"] or record.get("engine") != manifest["engine"]:
        raise _Failed("record_form_mismatch")
    if sorted(record.get("experts") or []) != sorted(expert.get("number") for expert in manifest["experts"]):
        raise _Failed("cms_signers_not_the_experts", "record experts")
    run.record = record


def _video(run: _Run) -> str | None:
    chains = run.manifest["video"].get("chains")
    if not isinstance(chains, list):
        raise _Failed("manifest_malformed", "video")
    if not chains:
        mode = ((run.record or {}).get("recording") or {}).get("mode")
        if mode == "recorded":
            raise _Failed("video_missing", "the record says the visit was recorded")
        return "no_video"
    return f"{verify_bundle_video(run.contents, chains)} segments"


def _audit(run: _Run) -> None:
    head = run.manifest["audit"]
    try:
        events = list(iter_jsonl(io.BytesIO(run.read(names.AUDIT_FILE))))
    except AuditLogReadError as error:
        raise _Failed("audit_malformed", f"line {error.line}: {error.reason}") from None
    verification = verify_chain(events, (head.get("count"), head.get("head_hash")))
    if not verification.ok:
        raise _Failed(f"audit_{verification.reason}", f"event {verification.broken_at}")
    if verification.events_after_head or verification.head.count != head.get("count"):
        raise _Failed("audit_head_mismatch", f"{verification.head.count} events")
    if any(event.visit_id != run.manifest["visit_id"] for event in events):
        raise _Failed("audit_foreign_event")
    locked = [event for event in events if event.kind == "visit_locked"]
    report_sha256 = hashlib.sha256(run.read(names.REPORT_FILE)).hexdigest()
    # The lock event binds the record and the report the experts signed into the chain.
    if not locked or locked[-1].data.get("record_sha256") != run.manifest["record_sha256"]:
        raise _Failed("audit_record_not_locked")
    if locked[-1].data.get("report_sha256") != report_sha256:
        raise _Failed("audit_report_mismatch")


def _report(run: _Run) -> None:
    pdf = run.read(names.REPORT_FILE)
    statuses = verify_report(pdf, run.anchors.ca_certificates)
    if len(statuses) != 2:
        raise _Failed("report_signature_count", len(statuses))
    if not all_valid(statuses):
        bad = next(status for status in statuses if not status.ok)
        raise _Failed("report_signature_invalid", f"{bad.field_name}: {bad.problem or 'not trusted'}")
    check_report_signers(pdf, statuses, run.anchors, trusted=run.now)
    numbers = sorted(status.signer_number or "" for status in statuses)
    if numbers != sorted(expert.get("number") for expert in run.manifest["experts"]):
        raise _Failed("report_signers_not_the_experts", ", ".join(numbers))
    if not statuses[-1].covers_whole_file:
        raise _Failed("report_signature_invalid", "changes after the last signature")


def _rescore(run: _Run) -> str | None:
    if run.record is None:
        raise _Failed("record_malformed", "no record to re-score")
    form_info, engine = run.record["form"], run.record["engine"]
    try:
        form = default_registry().get(form_info["id"], form_info["version"])
    except (KeyError, ValueError, LookupError) as error:
        raise _Failed("form_unknown", f"{form_info.get('id')} {form_info.get('version')}: {error}") from None
    if form.sha256 != form_info.get("sha256"):
        raise _Failed("form_hash_mismatch", form_info.get("version"))
    try:
        result = score(form, run.record["answers"]).to_dict()
    except (ValueError, TypeError) as error:
        raise _Failed("rescore_failed", error) from None
    same = canonical_json_bytes(result) == canonical_json_bytes(run.record.get("result"))
    if engine.get("version") == ENGINE_VERSION:
        if not same:
            raise _Failed("rescore_mismatch", _grade_difference(run.record.get("result"), result))
        return None
    # Another engine version: its result is what the experts saw; the difference is for the reviewer.
    difference = "same result" if same else _grade_difference(run.record.get("result"), result)
    return f"engine {engine.get('version')} -> {ENGINE_VERSION}: {difference}"


def _grade_difference(stored, current) -> str:
    def grade(result):
        return ((result or {}).get("grade") or {}).get("code") if isinstance(result, dict) else None
    return f"grade {grade(stored)} (stored) vs {grade(current)} (re-scored)"
