# SPDX-License-Identifier: GPL-3.0-or-later
"""At least 200 seeded random corruptions of one small bundle, of every kind the issue names:
each is rejected with its specific reason, and none raises."""

from __future__ import annotations

import datetime
import json
import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from assessment_app.bundle.manifest_signature import sign_manifest
from assessment_app.bundle.parts import PartInfo, file_sha256, index_bytes, read_index
from assessment_app.bundle.verification import verify_bundle
from assessment_app.security.bech32 import age_identity
from assessment_app.security.certificates import create_demo_ca, generate_key_and_csr, sign_csr
from assessment_app.services.bundle_import import import_bundle
from assessment_app.storage.models import BundleImport, Visit
from assessment_app.storage.unit_of_work import unit_of_work

from tests.unit.bundle.conftest import EXPORTED_AT, NOW, VERIFIED_AT, demo_records, demo_sign_in
from tests.unit.bundle.tampering import members_of, repack, with_manifest_file

SEED = 20261126
MUTATIONS = 220


def _copy(exported, tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(exported.bundle, tmp_path / name))


def _rewrite_index(bundle: Path, parts: list[PartInfo]) -> None:
    (bundle / "index.json").write_bytes(index_bytes(parts))


def _rehashed(bundle: Path) -> None:
    """The index recomputed for whatever the parts now hold: the damage gets past the keyless checks."""
    parts = read_index(bundle)
    _rewrite_index(bundle, [PartInfo(part.name, (bundle / part.name).stat().st_size, file_sha256(bundle / part.name))
                            for part in parts])


# Each mutation damages a copy and returns the (check, reasons) that must report it.
def wrong_identity(exported, bundle, rng, context):
    context["identity"] = age_identity(X25519PrivateKey.generate().private_bytes_raw())
    return "decrypt", {"age_no_matching_identity"}


def missing_part(exported, bundle, rng, context):
    parts = read_index(bundle)
    (bundle / rng.choice(parts).name).unlink()
    return "parts", {"part_missing"}


def truncated_part(exported, bundle, rng, context):
    path = bundle / rng.choice(read_index(bundle)).name
    data = path.read_bytes()
    path.write_bytes(data[:rng.randrange(len(data))])
    if rng.random() < 0.5:
        _rehashed(bundle)
        return "decrypt", {"age_payload_truncated", "age_payload_tampered", "age_header_malformed"}
    return "parts", {"part_size_mismatch"}


def flipped_byte(exported, bundle, rng, context):
    path = bundle / rng.choice(read_index(bundle)).name
    data = bytearray(path.read_bytes())
    data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    if rng.random() < 0.5:
        _rehashed(bundle)
        return "decrypt", {"age_payload_tampered", "age_header_mac_mismatch", "age_header_malformed",
                           "age_no_matching_identity", "age_payload_truncated"}
    return "parts", {"part_hash_mismatch"}


def flipped_index_byte(exported, bundle, rng, context):
    data = bytearray((bundle / "index.json").read_bytes())
    data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    (bundle / "index.json").write_bytes(bytes(data))
    return None, None  # any failure of index or parts (or, rarely, a harmless whitespace change: then verified)


def reordered_parts(exported, bundle, rng, context):
    parts = read_index(bundle)
    first, second = rng.sample(range(len(parts)), 2)
    if rng.random() < 0.5:
        # The index lists them in another order.
        parts[first], parts[second] = parts[second], parts[first]
        _rewrite_index(bundle, parts)
        return "index", {"part_order"}
    # The files swapped, index recomputed: only the age layer can tell.
    a, b = bundle / parts[first].name, bundle / parts[second].name
    a_data, b_data = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_data)
    b.write_bytes(a_data)
    _rehashed(bundle)
    return "decrypt", {"age_payload_tampered", "age_header_malformed", "age_payload_truncated"}


def extra_part(exported, bundle, rng, context):
    (bundle / f"part-{len(read_index(bundle)) + 1:04d}.age").write_bytes(b"extra")
    return "index", {"extra_part"}


def swapped_segment(exported, bundle, rng, context):
    members = dict(context["members"])
    segments = sorted(name for name in members if name.endswith(".mp4"))
    first, second = rng.sample(segments, 2)
    members[first], members[second] = members[second], members[first]
    _repack_into(bundle, members, exported)
    return "files", {"file_hash_mismatch"}


def replaced_report(exported, bundle, rng, context):
    members = dict(context["members"])
    forged = members["report.pdf"].replace(b"/Type", b"/Type ", 1)
    if rng.random() < 0.5:
        members["report.pdf"] = forged
        _repack_into(bundle, members, exported)
        return "files", {"file_hash_mismatch"}
    _repack_into(bundle, with_manifest_file(members, "report.pdf", forged), exported)
    return "signatures", {"cms_digest_mismatch"}


def resigned_by_another_ca(exported, bundle, rng, context):
    members = dict(context["members"])
    members["manifest.cms"] = context["foreign_signature"]
    _repack_into(bundle, members, exported)
    return "signatures", {"cms_certificate_foreign_ca"}


def dropped_member(exported, bundle, rng, context):
    members = dict(context["members"])
    name = rng.choice([name for name in members if name not in ("manifest.json", "manifest.cms")])
    del members[name]
    _repack_into(bundle, members, exported)
    return "files", {"file_missing"}


def _repack_into(bundle: Path, members: dict, exported) -> None:
    shutil.rmtree(bundle)
    repack(members, bundle, exported.recipients)


KINDS = (wrong_identity, missing_part, truncated_part, flipped_byte, flipped_index_byte, reordered_parts, extra_part,
         swapped_segment, replaced_report, resigned_by_another_ca, dropped_member)


@pytest.fixture(scope="module")
def context(exported):
    members = members_of(exported.bundle, exported.laptop.identity_file)
    ca, ca_key = create_demo_ca("另一机构", NOW, 365)
    signers = []
    for number in ("DEMO-A-001", "DEMO-A-002"):
        key, csr = generate_key_and_csr(number, number, "OTHER")
        signers.append((key, sign_csr(csr, ca, ca_key, NOW, 365, random.Random(number).randrange(1, 2 ** 64))))
    return {"members": members, "foreign_signature": sign_manifest(members["manifest.json"], signers)}


def test_every_corruption_is_rejected_with_its_reason(exported, context, tmp_path):
    rng = random.Random(SEED)
    anchors = exported.laptop.anchors()
    seen = set()
    for number in range(MUTATIONS):
        kind = KINDS[number % len(KINDS)] if number < len(KINDS) else rng.choice(KINDS)
        bundle = _copy(exported, tmp_path, f"m{number}")
        run = {**context, "identity": exported.laptop.identity_file}
        check, reasons = kind(exported, bundle, rng, run)
        report = verify_bundle(bundle, run["identity"], anchors, now=VERIFIED_AT)
        failure = report.first_failure
        label = f"#{number} {kind.__name__}: {failure}"
        assert all(item.reason != "unexpected_error" for item in report.checks), label
        if check is None:
            assert report.ok or failure.code in ("index", "parts"), label
        else:
            assert not report.ok, label
            assert (failure.code, failure.reason in reasons) == (check, True), label
        seen.add(kind.__name__)
        shutil.rmtree(bundle)
    assert seen == {kind.__name__ for kind in KINDS}


def test_an_old_bundle_replayed_is_a_duplicate(exported, tmp_path):
    reviewer = demo_records(tmp_path / "reviewer")
    try:
        now = EXPORTED_AT + datetime.timedelta(days=1)
        assert import_bundle(reviewer, exported.bundle, exported.laptop.identity_file, now=now,
                             actor=demo_sign_in(reviewer, "DEMO-R-001")).status == "imported"
        # The same visit, exported again later (a new bundle id): still the visit already held here.
        members = members_of(exported.bundle, exported.laptop.identity_file)
        replay = repack(members, tmp_path / "replay", exported.recipients)
        again = import_bundle(reviewer, replay, exported.laptop.identity_file, now=now,
                              actor=demo_sign_in(reviewer, "DEMO-R-001"))
        assert again.status == "duplicate"
    finally:
        reviewer.close()


def test_a_failing_bundle_is_quarantined_with_its_reasons_and_nothing_imported(exported, tmp_path):
    bundle = _copy(exported, tmp_path, "bad")
    (bundle / read_index(bundle)[0].name).write_bytes(b"not the part")
    reviewer = demo_records(tmp_path / "reviewer")
    try:
        result = import_bundle(reviewer, bundle, exported.laptop.identity_file, now=EXPORTED_AT,
                               actor=demo_sign_in(reviewer, "DEMO-R-001"))
        assert result.status == "quarantined"
        assert result.quarantine_path is not None and (result.quarantine_path / "index.json").is_file()
        with unit_of_work(reviewer.engine) as session:
            row = session.scalar(select(BundleImport))
            assert row.status == "quarantined" and json.loads(row.reasons_json) == ["parts:part_size_mismatch"]
            assert session.get(Visit, exported.laptop.visit_id) is None
        assert not (reviewer.layout.recordings / exported.laptop.visit_id).exists()
    finally:
        reviewer.close()
