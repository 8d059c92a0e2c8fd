"""Bundle faults: a real full disk during export (sizes varied, when running as root), and
random tampering of every kind the issue names — each rejected with its specific reason."""

from __future__ import annotations

import random
import shutil

import pytest

from assessment_app.bundle.errors import ExportRefused
from assessment_app.bundle.verification import verify_bundle
from assessment_app.services.bundle_export import export_visit

from tests.faults.conftest import trials
from tests.size_limited_fs import size_limited_filesystem
from tests.unit.bundle.conftest import EXPORTED_AT, VERIFIED_AT, exported, laptop  # noqa: F401 - fixtures
from tests.unit.bundle.test_mutations import KINDS, _copy, context  # noqa: F401 - fixture

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
