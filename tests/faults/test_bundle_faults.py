# SPDX-License-Identifier: GPL-3.0-or-later
"""Bundle faults: a real full disk during export (sizes varied, when running as root), random
tampering of every kind the issue names — each rejected with its specific reason — and kill -9
in the middle of an import: only ciphertext is left, nothing imported, and the next import
sweeps the leftovers and succeeds."""

from __future__ import annotations

import datetime
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from keyring.backends import null
from sqlalchemy import func, select

from assessment_app.bundle.errors import ExportRefused
from assessment_app.bundle.verification import verify_bundle
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.bundle_import import import_bundle
from assessment_app.services.case_records import initialise_case_records, open_case_records
from assessment_app.services.provisioning_import import ensure_demo_agency
from assessment_app.storage.models import BundleImport, Visit
from assessment_app.storage.unit_of_work import unit_of_work

from tests.conftest import REPO_ROOT
from tests.faults.conftest import trials
from tests.faults.import_child import PASSPHRASE
from tests.gui.records_fixtures import CHEAP_KDF
from tests.size_limited_fs import size_limited_filesystem
from tests.unit.bundle.conftest import DEMO_SEED, EXPORTED_AT, NOW, VERIFIED_AT, demo_sign_in, exported, laptop  # noqa: F401
from tests.unit.bundle.plaintext_probe import signatures
from tests.unit.bundle.test_mutations import KINDS, _copy, context  # noqa: F401 - fixture
from tests.unit.services.conftest import KNOWN_ID, KNOWN_NAME

SMALL_PARTS = 64 * 1024


def test_a_full_disk_during_export_leaves_nothing_half_written(laptop, tmp_path, record_outcome):  # noqa: F811
    measured = export_visit(laptop.records, laptop.visit_id, tmp_path / "measure", signers=laptop.signers,
                            now=EXPORTED_AT, part_size=SMALL_PARTS)
    bundle_kib = measured.bytes // 1024
    rng = random.Random(11)
    for trial in range(trials(3, 12)):
        # Mostly smaller than the bundle (the disk fills part-way), now and then large enough.
        size_kib = max(16, int(bundle_kib * rng.uniform(0.05, 1.4)))
        with size_limited_filesystem(tmp_path / f"small-{trial}", f"{size_kib}k") as mount:
            try:
                export_visit(laptop.records, laptop.visit_id, mount, signers=laptop.signers, now=EXPORTED_AT,
                             part_size=SMALL_PARTS)
                outcome = "complete bundle (it fitted)"
                leftovers = [path.name for path in mount.iterdir() if not path.name.startswith("bundle-")]
            except ExportRefused as refused:
                assert refused.reason == "no_space"
                outcome = "refused: no_space"
                leftovers = [path.name for path in mount.iterdir()]
            assert leftovers == []
            record_outcome("disk full during export", trial, bundle_kib=bundle_kib, filesystem_kib=size_kib,
                           outcome=outcome, partial_output_left=bool(leftovers))


def test_tampered_bundles_are_rejected_with_a_reason(exported, context, tmp_path, record_outcome):  # noqa: F811
    rng = random.Random(20261127)
    anchors = exported.laptop.anchors()
    for number in range(trials(len(KINDS), 400)):
        kind = KINDS[number % len(KINDS)] if number < len(KINDS) else rng.choice(KINDS)
        bundle = _copy(exported, tmp_path, f"t{number}")
        run = {**context, "identity": exported.laptop.identity_file}
        expected, accepted_reasons = kind(exported, bundle, rng, run)
        report = verify_bundle(bundle, run["identity"], anchors, now=VERIFIED_AT)
        failure = report.first_failure
        assert all(item.reason != "unexpected_error" for item in report.checks), (kind.__name__, failure)
        if expected is not None:
            assert not report.ok and failure.code == expected and failure.reason in accepted_reasons, \
                (kind.__name__, failure)
        rejected = not report.ok
        record_outcome("tampered bundle", number, kind=kind.__name__, rejected=rejected,
                       rejection_required=expected is not None,
                       check=failure.code if failure else "none", reason=failure.reason if failure else "none")
        shutil.rmtree(bundle)


def _plaintext_in(directory: Path) -> list[str]:
    patterns = signatures(KNOWN_NAME, KNOWN_ID)
    found = []
    for path in directory.rglob("*"):
        if path.is_file() and path.suffix not in (".db", ".db-wal", ".db-shm"):  # SQLCipher encrypts these
            data = path.read_bytes()
            found += [f"{path.relative_to(directory)}: {kind}" for kind, pattern in patterns.items()
                      if pattern.search(data)]
    return found


def test_kill_minus_9_during_an_import_leaves_only_ciphertext(exported, tmp_path, record_outcome):  # noqa: F811
    segments = sum(1 for line in (exported.laptop.records.layout.recordings / exported.laptop.visit_id
                                  / "chain-1" / "chain.jsonl").read_text().splitlines() if '"type":"segment"' in line)
    rng = random.Random(19)
    for trial in range(trials(1, 6)):
        data_dir = tmp_path / f"reviewer-{trial}"
        records = initialise_case_records(data_dir, PASSPHRASE, null.Keyring())
        ensure_demo_agency(records, NOW, DEMO_SEED, kdf_params=CHEAP_KDF)
        records.close()
        stop_after = rng.randint(1, segments)
        child = subprocess.Popen([sys.executable, "-m", "tests.faults.import_child", str(data_dir),
                                  str(exported.bundle), str(exported.laptop.identity_file), str(stop_after)],
                                 cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = child.stdout.readline()
            assert line.startswith("SEALED"), line + child.stderr.read()
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
        leftovers = sorted(path.name for path in [*data_dir.glob(".bundle-import-*"),
                                                  *(data_dir / "recordings").glob(".import-*")])
        assert leftovers, "the kill came before anything was written: the trial proves nothing"
        assert _plaintext_in(data_dir) == []
        records = open_case_records(data_dir, PASSPHRASE, null.Keyring())
        try:
            with unit_of_work(records.engine) as session:
                assert session.get(Visit, exported.laptop.visit_id) is None
                assert session.scalar(select(func.count()).select_from(BundleImport)) == 0
            later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=2)
            again = import_bundle(records, exported.bundle, exported.laptop.identity_file, now=later,
                                  actor=demo_sign_in(records, "DEMO-R-001"))
            assert again.status == "imported", again.report.first_failure
            swept = not [*data_dir.glob(".bundle-import-*"), *(data_dir / "recordings").glob(".import-*")]
            assert swept
        finally:
            records.close()
        record_outcome("kill -9 during a bundle import", trial, segments_sealed_before_kill=stop_after,
                       leftovers=len(leftovers), plaintext_found=0, imported_afterwards=True, leftovers_swept=swept)
