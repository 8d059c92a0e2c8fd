"""Verifying a bundle, check by check (validation_report.CHECKS), into a ValidationReport.

Never raises on any input: every exception of a check becomes that check's failure, so a
damaged, forged or hostile bundle is always answered with a report, never a traceback.
"""

from __future__ import annotations

import datetime
import hashlib
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from cryptography import x509

from forms.canonical import StrictJsonError, canonical_json_bytes, canonical_sha256, loads_strict
from forms.registry import default_registry
from scoring import ENGINE_VERSION, score

from assessment_app.bundle import manifest as names
from assessment_app.bundle.age_format import parse_identities
from assessment_app.bundle.errors import AgeFormatError, BundleError
from assessment_app.bundle.manifest import parse_manifest
from assessment_app.bundle.manifest_signature import verify_manifest_signature
from assessment_app.bundle.parts import check_parts, read_index
from assessment_app.bundle.reader import ExtractedMember, extract_bundle
from assessment_app.bundle.validation_report import CHECKS, NOT_REACHED, Check, ValidationReport
from assessment_app.bundle.video_chain import VIDEO_DIR, verify_bundle_video
from assessment_app.reports.verify import all_valid, verify_report
from assessment_app.security.audit_chain import AuditLogReadError, iter_jsonl, verify_chain


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


class _Run:
    def __init__(self, bundle: Path, identity, trusted_cas: Sequence[x509.Certificate], workdir: Path):
        self.bundle, self.identity, self.trusted, self.workdir = bundle, identity, tuple(trusted_cas), workdir
        self.checks: list[Check] = []
        self.parts = self.members = self.manifest = self.record = None
        self.manifest_sha256: str | None = None
        self.blocked = False

    def run(self, code: str, step: Callable[[], str | None]) -> None:
        if self.blocked:
            self.checks.append(Check(code, False, NOT_REACHED))
            return
        try:
            information = step()
        except _Failed as failure:
            self.checks.append(Check(code, False, failure.reason, failure.detail))
        except (BundleError, AgeFormatError) as error:
            self.checks.append(Check(code, False, error.reason, str(error.detail or "")[:500]))
        except Exception as error:  # noqa: BLE001 - a hostile bundle must never crash the reviewer's app
            self.checks.append(Check(code, False, "unexpected_error", f"{type(error).__name__}: {error}"[:500]))
        else:
            self.checks.append(Check(code, True, information=information))

    def stop_if_failed(self) -> None:
        self.blocked = self.blocked or not self.checks[-1].passed

    def read(self, name: str) -> bytes:
        return (self.workdir / name).read_bytes()


def verify_bundle(path: str | Path, identity: str | Path, trusted_cas: Sequence[x509.Certificate], *,
                  keep_in: Path | None = None) -> ValidationReport:
    """Verify the bundle directory at `path`. With `keep_in` (an empty directory), the decrypted
    contents are left there for the caller (import); otherwise they go to a temporary directory
    that is removed before returning."""
    workdir = Path(keep_in) if keep_in is not None else Path(tempfile.mkdtemp(prefix="ltc-bundle-verify-"))
    try:
        return _verify(Path(path), identity, trusted_cas, workdir)
    finally:
        if keep_in is None:
            shutil.rmtree(workdir, ignore_errors=True)


def _verify(bundle: Path, identity, trusted_cas, workdir: Path) -> ValidationReport:
    run = _Run(bundle, identity, trusted_cas, workdir)
    for code, step in (("index", _index), ("parts", _parts)):
        run.run(code, lambda step=step: step(run))
        run.stop_if_failed()
    _decrypt_and_unpack(run)
    for code, step in (("manifest", _manifest), ("signatures", _signatures), ("files", _files),
                       ("record", _record), ("video", _video), ("audit", _audit), ("report", _report),
                       ("rescore", _rescore)):
        run.run(code, lambda step=step: step(run))
        if code in ("manifest", "files"):
            run.stop_if_failed()  # without them, nothing later means anything
    assert [check.code for check in run.checks] == list(CHECKS)
    return ValidationReport(tuple(run.checks), run.manifest, run.manifest_sha256)


def _index(run: _Run) -> None:
    run.parts = read_index(run.bundle)


def _parts(run: _Run) -> None:
    check_parts(run.bundle, run.parts)


def _decrypt_and_unpack(run: _Run) -> None:
    """One streaming pass, two checks: "decrypt" (the age layer) and "archive" (the tar inside)."""
    if run.blocked:
        run.checks += [Check("decrypt", False, NOT_REACHED), Check("archive", False, NOT_REACHED)]
        return
    try:
        identities = read_identity(run.identity)
    except AgeFormatError as error:
        failed = Check("decrypt", False, error.reason, str(error.detail or ""))
    except (OSError, UnicodeDecodeError) as error:
        failed = Check("decrypt", False, "identity_unreadable", str(error)[:500])
    else:
        failed = None
    if failed is not None:
        run.checks += [failed, Check("archive", False, NOT_REACHED)]
        run.blocked = True
        return
    try:
        run.members = extract_bundle(run.bundle, run.parts, identities, run.workdir)
    except AgeFormatError as error:
        run.checks += [Check("decrypt", False, error.reason, str(error.detail or "")[:500]),
                       Check("archive", False, NOT_REACHED)]
    except BundleError as error:
        run.checks += [Check("decrypt", True), Check("archive", False, error.reason, str(error.detail or "")[:500])]
    except Exception as error:  # noqa: BLE001 - never crash on a hostile bundle
        run.checks += [Check("decrypt", False, "unexpected_error", f"{type(error).__name__}: {error}"[:500]),
                       Check("archive", False, NOT_REACHED)]
    else:
        run.checks += [Check("decrypt", True), Check("archive", True)]
    run.stop_if_failed()


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
    try:
        signature = run.read(names.SIGNATURE_FILE)
    except FileNotFoundError:
        raise _Failed("cms_missing") from None
    signers = verify_manifest_signature(run.read(names.MANIFEST_FILE), signature, run.trusted, at)
    found = sorted((signer.expert_number, signer.fingerprint) for signer in signers)
    named = sorted((expert.get("number"), expert.get("certificate_fingerprint")) for expert in manifest["experts"]
                   if isinstance(expert, dict))
    if len(signers) != 2 or len({number for number, _ in found}) != 2:
        raise _Failed("cms_two_signers_required", len(signers))
    if found != named:
        raise _Failed("cms_signers_not_the_experts", ", ".join(str(number) for number, _ in found))


def _files(run: _Run) -> None:
    listed = {entry["path"]: entry for entry in run.manifest["files"]}
    extracted = {name: member for name, member in run.members.items()
                 if name not in (names.MANIFEST_FILE, names.SIGNATURE_FILE)}
    for name in sorted(set(extracted) - set(listed)):
        raise _Failed("file_unlisted", name)
    for name in sorted(set(listed) - set(extracted)):
        raise _Failed("file_missing", name)
    for name, entry in listed.items():
        member: ExtractedMember = extracted[name]
        if member.size != entry["size"] or member.sha256 != entry["sha256"]:
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
    segments = verify_bundle_video(run.workdir / VIDEO_DIR, chains)
    return f"{segments} segments"


def _audit(run: _Run) -> None:
    head = run.manifest["audit"]
    try:
        with open(run.workdir / names.AUDIT_FILE, "rb") as stream:
            events = list(iter_jsonl(stream))
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
    statuses = verify_report(run.read(names.REPORT_FILE), run.trusted)
    if len(statuses) != 2:
        raise _Failed("report_signature_count", len(statuses))
    if not all_valid(statuses):
        bad = next(status for status in statuses if not status.ok)
        raise _Failed("report_signature_invalid", f"{bad.field_name}: {bad.problem or 'not trusted'}")
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
