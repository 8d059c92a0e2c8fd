# SPDX-License-Identifier: GPL-3.0-or-later
"""Export faults: a wrong passphrase, cancel, a full disk and an unsigned visit leave no output."""

from __future__ import annotations

import errno
import threading

import pytest

from assessment_app.bundle import parts as parts_module
from assessment_app.bundle.errors import ExportCancelled, ExportRefused
from assessment_app.security.certificates import WrongPassphrase
from assessment_app.services.accounts import WrongPassphrase as WrongLoginPassphrase
from assessment_app.services.bundle_export import export_visit

from tests.size_limited_fs import size_limited_filesystem
from tests.unit.bundle.conftest import EXPORTED_AT, SMALL_PARTS, demo_records, demo_world
from tests.unit.visit.steps import ready_visit


def _nothing_in(directory) -> bool:
    return not directory.exists() or list(directory.iterdir()) == []


def test_a_wrong_passphrase_writes_nothing(laptop, tmp_path):
    out = tmp_path / "out"
    with pytest.raises((WrongPassphrase, WrongLoginPassphrase)):
        export_visit(laptop.records, laptop.visit_id, out, signers=[laptop.signers[0], (laptop.world.pair.second, "wrong")],
                     now=EXPORTED_AT)
    assert _nothing_in(out)


def test_cancel_removes_the_partial_output(laptop, tmp_path):
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        assert done <= total
        if done > 100_000:
            cancel.set()
    with pytest.raises(ExportCancelled):
        export_visit(laptop.records, laptop.visit_id, tmp_path, signers=laptop.signers, now=EXPORTED_AT,
                     part_size=SMALL_PARTS, progress=progress, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_no_partial_bundle(laptop, tmp_path, monkeypatch):
    real_open = open
    written = {"parts": 0}

    class FullDisk:
        def __init__(self, stream):
            self._stream = stream

        def write(self, data):
            written["parts"] += 1
            if written["parts"] > 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self._stream.write(data)

        def __getattr__(self, name):
            return getattr(self._stream, name)

    def opening(path, mode="r", *args, **kwargs):
        stream = real_open(path, mode, *args, **kwargs)
        return FullDisk(stream) if "x" in mode and str(path).endswith(".age") else stream
    monkeypatch.setattr(parts_module, "open", opening, raising=False)
    with pytest.raises(ExportRefused) as refused:
        export_visit(laptop.records, laptop.visit_id, tmp_path, signers=laptop.signers, now=EXPORTED_AT,
                     part_size=SMALL_PARTS)
    assert refused.value.reason == "no_space"
    assert list(tmp_path.iterdir()) == []


def test_a_really_full_tmpfs_leaves_no_partial_bundle(laptop, tmp_path):
    with size_limited_filesystem(tmp_path / "small", "96k") as mount:
        with pytest.raises(ExportRefused) as refused:
            export_visit(laptop.records, laptop.visit_id, mount, signers=laptop.signers, now=EXPORTED_AT,
                         part_size=SMALL_PARTS)
        assert refused.value.reason == "no_space"
        assert list(mount.iterdir()) == []


def test_an_unsigned_visit_cannot_be_exported(tmp_path):
    records = demo_records(tmp_path / "data")
    try:
        world = demo_world(records)
        visit_id = ready_visit(world)
        out = tmp_path / "out"
        with pytest.raises(ExportRefused) as refused:
            export_visit(records, visit_id, out, signers=[(world.pair.first, "demo-a-001"), (world.pair.second, "demo-a-002")],
                         now=EXPORTED_AT)
        assert refused.value.reason == "visit_not_signed"
        assert _nothing_in(out)
    finally:
        records.close()
