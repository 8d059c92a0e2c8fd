# SPDX-License-Identifier: GPL-3.0-or-later
"""Imported video is always stored encrypted. A bundle whose video chain says `"encrypted":
false` — correctly signed by both experts, as a laptop that recorded in plaintext (or a forger
holding the experts' keys) would make it — is quarantined with its reason, and none of its
video is kept; a laptop refuses to export such a recording in the first place."""

from __future__ import annotations

import json

import pytest

from forms.canonical import canonical_json_bytes

from assessment_app.bundle.errors import ExportRefused
from assessment_app.bundle.manifest_signature import sign_manifest
from assessment_app.bundle.verification import verify_bundle
from assessment_app.recording.chain import GENESIS_HASH, entry_hash
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.bundle_import import import_bundle
from assessment_app.services.signing_identities import unlock_signing_key

from tests.unit.bundle.conftest import EXPORTED_AT, VERIFIED_AT, demo_records, demo_sign_in, demo_world, signed_visit
from tests.unit.bundle.tampering import members_of, repack, with_manifest_file


def _plain_chain(chain: bytes) -> tuple[bytes, str]:
    """The chain as a plaintext recording writes it (docs/formats/video-segments.md), re-hashed."""
    lines, previous = [], GENESIS_HASH
    for line in chain.splitlines():
        entry = json.loads(line)
        if entry["type"] == "chain_start":
            entry.update(encrypted=False, key_id=None)
        elif entry["type"] == "segment":
            entry.update(encrypted=False, file=f"segment-{entry['sequence']:06d}.mp4", ciphertext_sha256=None,
                         size=entry["plaintext_size"])
        entry["previous_entry_hash"] = previous
        entry["entry_hash"] = previous = entry_hash(entry)
        lines.append(canonical_json_bytes(entry))
    return b"\n".join(lines) + b"\n", previous


@pytest.fixture(scope="module")
def plaintext_bundle(exported, tmp_path_factory):
    laptop = exported.laptop
    members = members_of(exported.bundle, laptop.identity_file)
    name = next(name for name in members if name.endswith("chain.jsonl"))
    chain, head = _plain_chain(members[name])
    members = with_manifest_file(members, name, chain)
    manifest = json.loads(members["manifest.json"])
    manifest["video"]["chains"][0]["head_hash"] = head
    signed = canonical_json_bytes(manifest)
    keys = [unlock_signing_key(laptop.records, signer.expert_id, passphrase, now=EXPORTED_AT)
            for signer, passphrase in laptop.signers]
    members.update({"manifest.json": signed, "manifest.cms": sign_manifest(signed, keys)})
    return repack(members, tmp_path_factory.mktemp("plain") / "bundle-plain", exported.recipients)


def test_a_chain_that_says_plaintext_fails_the_video_check_and_nothing_else(plaintext_bundle, exported):
    report = verify_bundle(plaintext_bundle, exported.laptop.identity_file, exported.laptop.anchors(),
                           now=VERIFIED_AT)
    assert [(check.code, check.reason) for check in report.failures] == [("video", "video_plaintext_chain")]


def test_its_import_is_quarantined_and_keeps_no_video(plaintext_bundle, exported, tmp_path):
    reviewer = demo_records(tmp_path / "reviewer")
    try:
        stored_before = sorted((reviewer.layout.root / "attachments").rglob("*"))
        result = import_bundle(reviewer, plaintext_bundle, exported.laptop.identity_file, now=VERIFIED_AT,
                               actor=demo_sign_in(reviewer, "DEMO-R-001"))
        assert result.status == "quarantined"
        assert [f"{check.code}:{check.reason}" for check in result.report.failures] == ["video:video_plaintext_chain"]
        # The segments streamed into the import's store before the chain was judged: all removed again.
        assert list(reviewer.layout.recordings.iterdir()) == []
        assert not list(reviewer.layout.root.glob(".bundle-import-*"))
        assert sorted((reviewer.layout.root / "attachments").rglob("*")) == stored_before
    finally:
        reviewer.close()


def test_a_laptop_refuses_to_export_a_recording_kept_unencrypted(tmp_path):
    records = demo_records(tmp_path / "data")
    try:
        world = demo_world(records)
        visit_id = signed_visit(world, encrypted_video=False)
        with pytest.raises(ExportRefused) as refused:
            export_visit(records, visit_id, tmp_path / "out", now=EXPORTED_AT,
                         signers=[(world.pair.first, "demo-a-001"), (world.pair.second, "demo-a-002")])
        assert refused.value.reason == "recording_not_encrypted"
        assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    finally:
        records.close()
