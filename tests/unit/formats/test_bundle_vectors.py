# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/bundle/ decoded layer by layer by the spec-only readers (index and parts, age,
tar, manifest and what it binds, the CMS signatures), checked with the `age` tool, accepted by
verify_bundle, and the manifest signature pinned where cryptography makes it deterministic."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from assessment_app.bundle.manifest_signature import sign_manifest
from assessment_app.bundle.validation_report import CHECKS
from assessment_app.bundle.verification import verify_bundle
from assessment_app.security.trust import TrustAnchors
from tests.conftest import VECTORS
from tests.unit.formats.readers import age, audit_log, cms
from tests.unit.formats.readers.bundle import canonical, read_manifest, read_parts, unpack
from tools.format_vectors.bundle import signers

DIRECTORY = VECTORS / "bundle"
INPUTS = json.loads((DIRECTORY / "inputs.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((DIRECTORY / "expected.json").read_text(encoding="utf-8"))
BUNDLE = DIRECTORY / f"bundle-{INPUTS['bundle_id']}"
MEMBERS = DIRECTORY / "members"
RANDOM = bytes.fromhex(INPUTS["random_bytes"]["drawn_hex"])


def identity(position: int) -> X25519PrivateKey:
    lines = (DIRECTORY / INPUTS["identities"][position]).read_text(encoding="utf-8").splitlines()
    (line,) = [line for line in lines if line.startswith("AGE-SECRET-KEY-1")]
    return age.identity_key(line)


@pytest.fixture(scope="module")
def parts():
    return read_parts(BUNDLE)


@pytest.fixture(scope="module")
def opened(parts):
    return unpack(age.decrypt(parts[1], identity(0)))


@pytest.fixture(scope="module")
def manifest(opened):
    return read_manifest(opened.contents["manifest.json"])


def test_index_lists_the_parts_in_order_with_size_and_hash(parts):
    index, concatenated = parts
    assert (BUNDLE / "index.json").read_bytes() == canonical(index) + b"\n"
    assert (BUNDLE / "index.json").read_text() == EXPECTED["index_json"]
    assert len(index["parts"]) == 3 and all(part["size"] <= INPUTS["part_size"] for part in index["parts"])
    assert hashlib.sha256(concatenated).hexdigest() == EXPECTED["age"]["file_sha256"]


def test_the_age_header_has_one_x25519_stanza_per_recipient_drawn_from_the_fixed_randomness(parts):
    by_agency, by_recovery = (age.decrypt(parts[1], identity(position)) for position in (0, 1))
    assert by_agency.file_key == by_recovery.file_key == RANDOM[:16] == bytes.fromhex(EXPECTED["age"]["file_key"])
    assert by_agency.payload_nonce == RANDOM[-16:] == bytes.fromhex(EXPECTED["age"]["payload_nonce"])
    assert by_agency.header_without_mac.decode() == EXPECTED["age"]["header_without_mac"]
    shares = [age.unb64(arguments[1]) for arguments, _ in by_agency.stanzas]
    ephemerals = [X25519PrivateKey.from_private_bytes(RANDOM[16 + 32 * n:48 + 32 * n]) for n in range(2)]
    assert shares == [key.public_key().public_bytes_raw() for key in ephemerals]
    assert [arguments[0] for arguments, _ in by_agency.stanzas] == [b"X25519", b"X25519"]
    recipients = [age.recipient_key(text).public_bytes_raw() for text in INPUTS["recipients"]]
    assert recipients == [identity(position).public_key().public_bytes_raw() for position in (0, 1)]
    assert len(by_agency.chunks) == EXPECTED["age"]["chunks"] >= 2
    assert {len(chunk) for chunk in by_agency.chunks[:-1]} == {64 * 1024}
    assert len(by_agency.chunks[-1]) == EXPECTED["age"]["last_chunk_plaintext_size"]


def test_the_tar_holds_the_members_in_order_as_regular_files(opened):
    # Plain ustar headers ("ustar\0" "00"), every one a regular file (type "0"): no pax extended headers.
    assert [(block[257:265], block[156:157]) for block in opened.header_blocks] == [
        (b"ustar\x0000", b"0")] * len(INPUTS["members_in_order"])
    assert [member.name for member in opened.members] == INPUTS["members_in_order"]
    assert hashlib.sha256(opened.age_file.plaintext).hexdigest() == EXPECTED["tar"]["sha256"]
    assert len(opened.age_file.plaintext) % 10240 == 0
    for name, data in opened.contents.items():
        assert data == (MEMBERS / name).read_bytes(), name


def test_the_manifest_binds_every_file_the_record_the_audit_head_and_the_video(opened, manifest):
    contents = opened.contents
    assert [entry["path"] for entry in manifest["files"]] == INPUTS["members_in_order"][2:]
    for entry in manifest["files"]:
        data = contents[entry["path"]]
        assert (entry["size"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest()), entry["path"]
    record = json.loads(contents["record.json"])
    assert manifest["record_sha256"] == hashlib.sha256(contents["record.json"]).hexdigest()
    assert canonical(record) == contents["record.json"]
    assert (manifest["visit_id"], manifest["case_id"], manifest["record_version"]) == (
        record["visit"]["id"], record["visit"]["case_id"], record["visit"]["version"])
    assert (manifest["form"], manifest["engine"]) == (record["form"], record["engine"])
    assert (manifest["bundle_id"], manifest["created_at"]) == (INPUTS["bundle_id"], INPUTS["created_at"])
    assert manifest["record_sha256"] == EXPECTED["manifest"]["record_sha256"]

    events = audit_log.read_lines(contents["audit.jsonl"])
    assert audit_log.verify(events, (manifest["audit"]["count"], manifest["audit"]["head_hash"])) == (None, None)
    assert manifest["audit"] == {"chain": record["visit"]["id"], "count": len(events), "head_hash": events[-1]["hash"]}
    assert {event["visit_id"] for event in events} == {manifest["visit_id"]}
    locked = [event for event in events if event["kind"] == "visit_locked"][-1]
    assert locked["data"]["record_sha256"] == manifest["record_sha256"]
    assert locked["data"]["report_sha256"] == hashlib.sha256(contents["report.pdf"]).hexdigest()

    (chain,) = manifest["video"]["chains"]
    entries = [json.loads(line) for line in contents["video/chain-1/chain.jsonl"].splitlines()]
    previous = "0" * 64
    for entry in entries:
        body = {key: value for key, value in entry.items() if key != "entry_hash"}
        assert entry["previous_entry_hash"] == previous
        previous = hashlib.sha256(canonical(body)).hexdigest()
        assert entry["entry_hash"] == previous
    assert chain == {"index": 1, "chain_id": entries[0]["chain_id"], "head_hash": previous, "entry_count": len(entries)}
    segments = [entry for entry in entries if entry["type"] == "segment"]
    assert len(segments) == 3
    for entry in segments:
        data = contents[f"video/chain-1/segment-{entry['sequence']:06d}.mp4"]
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["plaintext_size"], entry["plaintext_sha256"])


def test_the_manifest_is_signed_by_both_experts_named_in_it(opened, manifest):
    signed = cms.read_signed_data(opened.contents["manifest.cms"])
    assert signed.content_type == "data" and signed.detached and signed.digest_algorithms == ["sha256"]
    assert len(signed.signer_infos) == 2
    (ca,) = x509.load_pem_x509_certificates((DIRECTORY / INPUTS["trusted_ca"]).read_bytes())
    at = datetime.fromisoformat(manifest["created_at"].replace("Z", "+00:00"))
    found = []
    for signer in signed.signer_infos:
        cms.check_signer(signer, hashlib.sha256(opened.contents["manifest.json"]).digest())
        certificate = signer.certificate
        certificate.verify_directly_issued_by(ca)
        assert certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc
        number = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value
        found.append({"number": number, "certificate_fingerprint": hashlib.sha256(
            certificate.public_bytes(Encoding.DER)).hexdigest()})
    assert sorted(found, key=lambda e: e["number"]) == sorted(manifest["experts"], key=lambda e: e["number"])
    record = json.loads(opened.contents["record.json"])
    assert [expert["number"] for expert in manifest["experts"]] == record["experts"]


def test_signing_again_changes_only_the_signing_times_and_the_signature_values():
    """What cryptography's CMS builder makes deterministic is pinned; the rest verifies above."""
    manifest = (MEMBERS / "manifest.json").read_bytes()
    vector, again = (cms.read_signed_data(der) for der in
                     ((MEMBERS / "manifest.cms").read_bytes(), sign_manifest(manifest, signers(DIRECTORY))))

    def fixed(signed: cms.SignedData) -> list:
        return [(signer.certificate.serial_number, signer.digest_algorithm, signer.signature_algorithm,
                 [(kind, [value.encoding for value in values] if kind != "signing_time" else None)
                  for kind, values in signer.attributes])
                for signer in sorted(signed.signer_infos, key=lambda signer: signer.certificate.serial_number)]

    assert fixed(again) == fixed(vector)
    assert {c.serial_number for c in again.certificates} == {c.serial_number for c in vector.certificates}
    assert [kind for kind, _ in vector.signer_infos[0].attributes] == [
        "content_type", "signing_time", "message_digest", "smime_capabilities"]
    assert {s.signature for s in again.signer_infos}.isdisjoint({s.signature for s in vector.signer_infos})


def test_the_application_verifies_the_vector_check_by_check():
    anchors = TrustAnchors(tuple(x509.load_pem_x509_certificates((DIRECTORY / INPUTS["trusted_ca"]).read_bytes())))
    verified_at = datetime.fromisoformat(INPUTS["created_at"].replace("Z", "+00:00")) + timedelta(hours=1)
    report = verify_bundle(BUNDLE, DIRECTORY / INPUTS["identities"][1], anchors, now=verified_at)
    assert [check.code for check in report.checks] == list(CHECKS)
    assert report.ok, report.first_failure
    assert report.manifest_sha256 == EXPECTED["manifest"]["sha256"]


@pytest.mark.skipif(shutil.which("age") is None, reason="the age command line tool is not installed")
def test_the_age_tool_decrypts_the_concatenated_parts(parts):
    completed = subprocess.run(["age", "--decrypt", "--identity", str(DIRECTORY / INPUTS["identities"][0])],
                               input=parts[1], capture_output=True, timeout=60, check=True)
    assert hashlib.sha256(completed.stdout).hexdigest() == EXPECTED["tar"]["sha256"]


def test_the_readers_refuse_a_changed_part_a_reordered_manifest_and_a_signature_over_other_bytes(parts, opened,
                                                                                                tmp_path):
    copy = tmp_path / BUNDLE.name
    shutil.copytree(BUNDLE, copy)
    second = bytearray((copy / "part-0002.age").read_bytes())
    second[100] ^= 0x01
    (copy / "part-0002.age").write_bytes(bytes(second))
    with pytest.raises(AssertionError, match="part-0002.age"):
        read_parts(copy)

    reordered = json.dumps(json.loads(opened.contents["manifest.json"]), ensure_ascii=False).encode()
    with pytest.raises(AssertionError, match="not canonical"):
        read_manifest(reordered)

    signer = cms.read_signed_data(opened.contents["manifest.cms"]).signer_infos[0]
    with pytest.raises(AssertionError):
        cms.check_signer(signer, hashlib.sha256(opened.contents["manifest.json"] + b" ").digest())
