# SPDX-License-Identifier: GPL-3.0-or-later
"""The import stores what streams past: segments sealed under the reviewer's key the moment they
arrive (and listed with their ciphertext hashes), attachments from encrypted scratch; a full
disk part-way, or a bundle already held, leaves nothing behind."""

from __future__ import annotations

import errno
import os
import hashlib
import json

import pytest
from sqlalchemy import func, select

from assessment_app.recording.chain import read_chain
from assessment_app.recording.segments import read_segment_plaintext, recordings_key
from assessment_app.services import bundle_staging
from assessment_app.services.bundle_import import BundleImportError, import_bundle
from assessment_app.storage.models import BundleImport, Visit
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.bundle.conftest import VERIFIED_AT, demo_records, demo_sign_in
from tests.unit.bundle.tampering import members_of, repack


@pytest.fixture
def reviewer(tmp_path):
    records = demo_records(tmp_path / "reviewer")
    yield records
    records.close()


def _leftovers(records) -> list[str]:
    hidden = [path.name for path in records.layout.recordings.glob("*")]
    scratch = [path.name for path in records.layout.root.glob(".bundle-import-*")]
    stored = [path.name for path in (records.layout.root / "attachments").rglob("*.bin")]
    return hidden + scratch + stored


def test_imported_segments_are_sealed_under_the_reviewer_key_and_listed(exported, reviewer):
    result = import_bundle(reviewer, exported.bundle, exported.laptop.identity_file, now=VERIFIED_AT,
                           actor=demo_sign_in(reviewer, "DEMO-R-001"))
    assert result.status == "imported", result.report.first_failure
    visit = reviewer.layout.recordings / exported.laptop.visit_id
    listed = json.loads((visit / "imported-segments.json").read_bytes())
    parsed = read_chain(visit / "chain-1")
    segments = parsed.segments()
    assert len(segments) >= 2 and len(listed["ciphertext_sha256"]) == len(segments)
    key = recordings_key(reviewer.data_key)
    for entry in segments:
        path = visit / "chain-1" / entry["file"]
        assert entry["file"].endswith(".enc") and b"ftyp" not in path.read_bytes()[:64]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed["ciphertext_sha256"][f"chain-1/{entry['file']}"]
        plaintext = read_segment_plaintext(path, parsed.chain_id, entry["sequence"], key)
        assert hashlib.sha256(plaintext).hexdigest() == entry["plaintext_sha256"]
    assert not list(reviewer.layout.root.glob(".bundle-import-*"))  # the scratch is gone


def test_a_full_disk_part_way_through_the_video_leaves_nothing(exported, reviewer, monkeypatch):
    writes = {"count": 0}
    real_write = bundle_staging._SealingSink.write

    def filling(self, data):
        writes["count"] += self.path.suffix == ".enc"  # video segments, after the attachments' scratch
        if writes["count"] > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)
    monkeypatch.setattr(bundle_staging._SealingSink, "write", filling)
    with pytest.raises(BundleImportError) as refused:
        import_bundle(reviewer, exported.bundle, exported.laptop.identity_file, now=VERIFIED_AT,
                      actor=demo_sign_in(reviewer, "DEMO-R-001"))
    assert refused.value.reason == "no_space" and writes["count"] == 2
    assert _leftovers(reviewer) == []
    with unit_of_work(reviewer.engine) as session:
        assert session.get(Visit, exported.laptop.visit_id) is None
        assert session.scalar(select(func.count()).select_from(BundleImport)) == 0


def test_a_bundle_of_a_visit_held_here_stores_no_video_while_it_is_verified(exported, reviewer, tmp_path,
                                                                           monkeypatch):
    assert import_bundle(reviewer, exported.bundle, exported.laptop.identity_file, now=VERIFIED_AT,
                         actor=demo_sign_in(reviewer, "DEMO-R-001")).status == \
        "imported"
    replay = repack(members_of(exported.bundle, exported.laptop.identity_file), tmp_path / "replay",
                    exported.recipients)
    opened = []
    monkeypatch.setattr(bundle_staging, "_SealingSink",
                        lambda *arguments, **options: opened.append(arguments[0]) or pytest.fail("stored"))
    again = import_bundle(reviewer, replay, exported.laptop.identity_file, now=VERIFIED_AT,
                          actor=demo_sign_in(reviewer, "DEMO-R-001"))
    assert again.status == "duplicate" and opened == []


def test_leftovers_of_an_interrupted_import_are_swept_once_stale(exported, reviewer):
    old, fresh = reviewer.layout.root / ".bundle-import-0ld", reviewer.layout.recordings / ".import-fre5h"
    for leftover in (old, fresh):
        (leftover / "chain-1").mkdir(parents=True)
        (leftover / "chain-1" / "00000.bin").write_bytes(b"ciphertext")
    an_hour_and_more_ago = VERIFIED_AT.timestamp() - 2 * 3600
    os.utime(old, (an_hour_and_more_ago, an_hour_and_more_ago))
    os.utime(fresh, (VERIFIED_AT.timestamp(), VERIFIED_AT.timestamp()))  # an import running right now
    import_bundle(reviewer, exported.bundle, exported.laptop.identity_file, now=VERIFIED_AT,
                  actor=demo_sign_in(reviewer, "DEMO-R-001"))
    assert not old.exists() and fresh.exists()
