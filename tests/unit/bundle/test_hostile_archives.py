# SPDX-License-Identifier: GPL-3.0-or-later
"""Archives an attacker can make with only the agency's public key: path traversal, links, absurd
sizes, too many members, pax tricks, GNU extensions, trailing data, members out of order. Each
is answered with a full report whose archive check names the reason, and nothing is written."""

from __future__ import annotations

import tarfile

import pytest

from assessment_app.bundle import reader
from assessment_app.bundle.validation_report import CHECKS
from assessment_app.bundle.verification import verify_bundle
from assessment_app.services.bundle_import import import_bundle

from tests.unit.bundle.conftest import VERIFIED_AT, demo_records, demo_sign_in
from tests.unit.bundle.tampering import members_of, regular, repack_raw, tar_bytes

GiB = 1024 ** 3


@pytest.fixture(scope="module")
def genuine(exported) -> dict[str, bytes]:
    return members_of(exported.bundle, exported.laptop.identity_file)


def _entries(members: dict[str, bytes]) -> list:
    return [(regular(name), data) for name, data in members.items()]


def _with(members: dict[str, bytes], position: int, *extra) -> bytes:
    entries = _entries(members)
    return tar_bytes(entries[:position] + list(extra) + entries[position:])


def _pax(name: str, **headers) -> tarfile.TarInfo:
    info = regular(name)
    info.pax_headers = headers
    return info


def _header_only(name: str, size: int) -> tuple[tarfile.TarInfo, None]:
    info = regular(name)
    info.size = size
    return info, None


def _link(name: str) -> tuple[tarfile.TarInfo, None]:
    info = regular(name)
    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return info, None


def _chain_after_segments(members: dict[str, bytes]) -> bytes:
    names = list(members)
    chain = next(name for name in names if name.endswith("chain.jsonl"))
    names.remove(chain)
    names.append(chain)
    return tar_bytes(_entries({name: members[name] for name in names}))


def _bad_checksum(members: dict[str, bytes]) -> bytes:
    data = bytearray(tar_bytes(_entries(members)))
    data[100] ^= 0x01  # the mode field of the first header
    return bytes(data)


def _global_header(members: dict[str, bytes]) -> bytes:
    import io
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT, pax_headers={"comment": "x"}) as archive:
        for name, data in members.items():
            info = regular(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


CASES = {
    "path traversal": (lambda m: _with(m, 2, (regular("../evil.txt"), b"x")), "member_path_unsafe"),
    "absolute path": (lambda m: _with(m, 2, (regular("/etc/cron.d/evil"), b"x")), "member_path_unsafe"),
    "a name outside the layout": (lambda m: _with(m, 2, (regular("notes.txt"), b"x")), "member_unexpected"),
    "a duplicate member": (lambda m: _with(m, 3, (regular("record.json"), m["record.json"])), "member_duplicate"),
    "a symbolic link": (lambda m: _with(m, 2, _link("self_assessment.json")), "member_not_file"),
    "a small member of 4 GiB": (lambda m: _with(m, 2, _header_only("case.json", 4 * GiB)), "member_too_large"),
    "a segment of 2 GiB": (lambda m: _with(m, len(m), _header_only("video/chain-9/segment-000009.mp4", 2 * GiB)),
                           "member_too_large"),
    "a pax header of 70 KiB": (lambda m: _with(m, 2, (_pax("notes.json", uname="u" * 70_000), b"x")),
                               "tar_malformed"),
    "a pax key that changes the data": (lambda m: _with(m, 2, (_pax("self_assessment.json", **{
        "GNU.sparse.size": "1"}), b"x")), "tar_malformed"),
    "a pax path that escapes": (lambda m: _with(m, 2, (_pax("record.json", path="../../evil"), b"x")),
                                "member_path_unsafe"),
    "a global pax header": (_global_header, "tar_malformed"),
    "a GNU long name": (lambda m: tar_bytes(_entries({**m, "attachments/" + "a" * 120 + "-1.png": b"x"}),
                                            tarfile.GNU_FORMAT), "tar_malformed"),
    "a header with a bad checksum": (_bad_checksum, "tar_malformed"),
    "garbage after the archive": (lambda m: tar_bytes(_entries(m)) + b"garbage", "trailing_data"),
    "more than a record of padding": (lambda m: tar_bytes(_entries(m)) + bytes(3 * tarfile.RECORDSIZE),
                                      "trailing_data"),
    "an archive cut short": (lambda m: tar_bytes(_entries(m))[:40 * 1024], "tar_malformed"),
    "an empty archive": (lambda m: bytes(tarfile.RECORDSIZE), "tar_malformed"),
    "a chain file after its segments": (_chain_after_segments, "member_order"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_archive_gets_a_full_report_naming_its_reason(case, genuine, exported, tmp_path):
    make, reason = CASES[case]
    bundle = repack_raw(make(genuine), tmp_path / "hostile", exported.recipients)
    report = verify_bundle(bundle, exported.laptop.identity_file, exported.laptop.anchors(), now=VERIFIED_AT)
    assert [check.code for check in report.checks] == list(CHECKS)
    assert all(check.reason != "unexpected_error" for check in report.checks), report.first_failure
    assert report.check("decrypt").passed
    failure = report.first_failure
    assert (failure.code, failure.reason) == ("archive", reason), failure


def test_more_members_than_the_limit_are_refused(genuine, exported, tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_MEMBERS", 5)
    bundle = repack_raw(tar_bytes(_entries(genuine)), tmp_path / "many", exported.recipients)
    report = verify_bundle(bundle, exported.laptop.identity_file, exported.laptop.anchors(), now=VERIFIED_AT)
    assert (report.first_failure.code, report.first_failure.reason) == ("archive", "member_limit")


def test_small_members_beyond_their_joint_bound_are_refused(genuine, exported, tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "HELD_TOTAL_LIMIT", 64 * 1024)
    bundle = repack_raw(tar_bytes(_entries(genuine)), tmp_path / "big", exported.recipients)
    report = verify_bundle(bundle, exported.laptop.identity_file, exported.laptop.anchors(), now=VERIFIED_AT)
    assert (report.first_failure.code, report.first_failure.reason) == ("archive", "member_too_large")


def test_a_hostile_archive_is_quarantined_and_leaves_nothing_behind(genuine, exported, tmp_path):
    # The segments stream into the import's store before the order rule fails at the last member.
    names = list(genuine)
    hostile = _with(genuine, len(names), (regular("../../recordings/evil.mp4"), b"x"))
    bundle = repack_raw(hostile, tmp_path / "hostile", exported.recipients)
    reviewer = demo_records(tmp_path / "reviewer")
    try:
        attachments_before = sorted(reviewer.layout.root.rglob("attachments/**/*.bin"))
        result = import_bundle(reviewer, bundle, exported.laptop.identity_file, now=VERIFIED_AT,
                               actor=demo_sign_in(reviewer, "DEMO-R-001"))
        assert result.status == "quarantined"
        assert result.report.first_failure.reason == "member_path_unsafe"
        assert list(reviewer.layout.recordings.iterdir()) == []
        assert not list(reviewer.layout.root.glob(".bundle-import-*"))
        assert sorted(reviewer.layout.root.rglob("attachments/**/*.bin")) == attachments_before
    finally:
        reviewer.close()
