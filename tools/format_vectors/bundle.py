# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/vectors/bundle/: a bundle (docs/formats/bundle.md), sealed deterministically from the
members of a real visit kept in members/ (made by bundle_visit.py, see there).

From the members, the keys in keys/ and visit.json, this rebuilds what the exporter writes:
manifest.json (bundle/manifest.py), the tar and age layers, the parts and index.json
(bundle/writer.py), with the age layer's random bytes drawn from SHAKE-256("ltc-assess bundle
vector"). manifest.cms is the one exception: cryptography's CMS builder stamps the signing
machine's clock and draws its own ECDSA nonces, so it is kept while it verifies over
manifest.json and signed again (sign_manifest) only when the manifest changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, hmac, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from forms.canonical import canonical_json_bytes, canonical_sha256, loads_strict

from assessment_app.bundle.age_format import CHUNK_SIZE, TAG_SIZE, decrypt_stream, parse_identities
from assessment_app.bundle.errors import BundleError
from assessment_app.bundle.manifest import FileEntry, manifest_bytes, manifest_document
from assessment_app.bundle.manifest_signature import sign_manifest, verify_manifest_signature
from assessment_app.bundle.parts import ConcatenatedParts, read_index
from assessment_app.bundle.video_chain import chain_head, read_chains
from assessment_app.bundle.writer import bytes_member, write_bundle
from assessment_app.security.audit_chain import read_jsonl
from assessment_app.security.bech32 import age_recipient
from assessment_app.security.certificates import certificate_fingerprint
from assessment_app.security.trust import TrustAnchors
from tools.format_vectors.common import FixedRandom, json_file, sha256_hex

PART_SIZE = 64 * 1024  # parts end inside age chunks, as they do in real bundles
RANDOM_LABEL = "ltc-assess bundle vector"
IDENTITY_FILES = ("agency-identity.txt", "recovery-identity.txt")
MANIFEST, SIGNATURE = "manifest.json", "manifest.cms"


def bundle_directory(visit: dict) -> str:
    return f"bundle-{visit['bundle_id']}"


def signers(directory: Path) -> list[tuple]:
    """(private key, certificate) of expert 1 and expert 2, in the record's order."""
    keys = directory / "keys"
    return [(serialization.load_pem_private_key((keys / f"expert-{n}.key.pem").read_bytes(), None),
             x509.load_pem_x509_certificate((keys / f"expert-{n}.pem").read_bytes())) for n in (1, 2)]


def trusted_cas(directory: Path) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates((directory / "keys" / "ca.pem").read_bytes())


def recipients(directory: Path) -> list[str]:
    return [age_recipient(identity.public_key().public_bytes_raw())
            for name in IDENTITY_FILES
            for identity in parse_identities((directory / "keys" / name).read_text(encoding="utf-8"))]


def rebuilt_manifest(directory: Path, visit: dict) -> bytes:
    """manifest.json as the exporter writes it, from the other members."""
    members = directory / "members"
    record = loads_strict((members / "record.json").read_text(encoding="utf-8"))
    files = []
    for name in visit["members_in_order"][2:]:
        data = (members / name).read_bytes()
        files.append(FileEntry(name, len(data), sha256_hex(data)))
    with open(members / "audit.jsonl", "rb") as stream:
        events = read_jsonl(stream)
    chains = [chain_head(parsed, index) for index, parsed in read_chains(members / "video")]
    experts = [{"number": number, "certificate_fingerprint": certificate_fingerprint(certificate)}
               for number, (_, certificate) in zip(record["experts"], signers(directory))]
    return manifest_bytes(manifest_document(
        bundle_id=visit["bundle_id"], record=record, record_sha256=canonical_sha256(record), files=files,
        video_chains=chains, audit_head={"chain": record["visit"]["id"], "count": len(events),
                                         "head_hash": events[-1].hash},
        created_at=visit["created_at"], experts=experts))


def _signature(directory: Path, visit: dict, manifest: bytes) -> bytes:
    kept = directory / "members" / SIGNATURE
    if kept.exists():
        at = datetime.fromisoformat(visit["created_at"].replace("Z", "+00:00"))
        try:
            found = verify_manifest_signature(manifest, kept.read_bytes(), TrustAnchors(trusted_cas(directory)),
                                              claimed=at, trusted=at)
        except BundleError:
            found = []
        # SignerInfos are a DER SET OF, sorted by their encoding: their order follows the signatures.
        if sorted(signer.fingerprint for signer in found) == sorted(
                certificate_fingerprint(certificate) for _, certificate in signers(directory)):
            return kept.read_bytes()
    return sign_manifest(manifest, signers(directory))


def build(directory: Path) -> dict[str, bytes]:
    visit = json.loads((directory / "visit.json").read_text(encoding="utf-8"))
    manifest = rebuilt_manifest(directory, visit)
    contents = {name: (directory / "members" / name).read_bytes() for name in visit["members_in_order"]}
    contents[MANIFEST], contents[SIGNATURE] = manifest, _signature(directory, visit, manifest)
    random = FixedRandom(RANDOM_LABEL)
    name = bundle_directory(visit)
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / name
        write_bundle(target, [bytes_member(member, contents[member]) for member in visit["members_in_order"]],
                     recipients(directory), part_size=PART_SIZE, random_bytes=random)
        files = {f"{name}/{path.name}": path.read_bytes() for path in sorted(target.iterdir())}
        plaintext = b"".join(decrypt_stream(ConcatenatedParts(target, read_index(target)),
                                            parse_identities((directory / "keys" / IDENTITY_FILES[0]).read_text())))
    files[f"members/{MANIFEST}"], files[f"members/{SIGNATURE}"] = manifest, contents[SIGNATURE]
    files["inputs.json"] = json_file({
        "format": "docs/formats/bundle.md, version 1",
        "bundle_id": visit["bundle_id"], "created_at": visit["created_at"], "part_size": PART_SIZE,
        "recipients": recipients(directory), "identities": [f"keys/{name}" for name in IDENTITY_FILES],
        "members_in_order": visit["members_in_order"],
        "signers": [{"certificate": f"keys/expert-{n}.pem", "key": f"keys/expert-{n}.key.pem"} for n in (1, 2)],
        "trusted_ca": "keys/ca.pem",
        "random_bytes": {"shake256_label": RANDOM_LABEL, "drawn_hex": random.drawn.hex(),
                         "order": "age file key (16), one X25519 ephemeral secret per recipient (32 each), "
                                  "age payload nonce (16)"}})
    files["expected.json"] = json_file(_expected(directory, random.drawn, files, name, plaintext, manifest))
    return files


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _expected(directory: Path, drawn: bytes, files: dict, name: str, plaintext: bytes, manifest: bytes) -> dict:
    """The intermediate values of every layer, for a second implementation to compare step by step."""
    parts = json.loads(files[f"{name}/index.json"])["parts"]
    age_file = b"".join(files[f"{name}/{part['name']}"] for part in parts)
    header_end = age_file.index(b"\n---") + len(b"\n---")
    mac_line_end = age_file.index(b"\n", header_end) + 1
    file_key, nonce = drawn[:16], drawn[-16:]
    mac_key = _hkdf(file_key, b"", b"header")
    stanzas = []
    for number, recipient in enumerate(recipients(directory)):
        ephemeral = X25519PrivateKey.from_private_bytes(drawn[16 + 32 * number:48 + 32 * number])
        stanzas.append({"recipient": recipient, "ephemeral_secret": ephemeral.private_bytes_raw().hex(),
                        "share": ephemeral.public_key().public_bytes_raw().hex()})
    mac = hmac.HMAC(mac_key, hashes.SHA256())
    mac.update(age_file[:header_end])
    payload = age_file[mac_line_end + 16:]
    sealed = CHUNK_SIZE + TAG_SIZE
    with tarfile.open(fileobj=io.BytesIO(plaintext)) as archive:
        members = [{"name": info.name, "size": info.size, "mode": oct(info.mode), "mtime": info.mtime,
                    "sha256": sha256_hex(archive.extractfile(info).read())} for info in archive]
    document = json.loads(manifest)
    return {
        "index_json": files[f"{name}/index.json"].decode("ascii"),
        "age": {"file_size": len(age_file), "file_sha256": sha256_hex(age_file), "file_key": file_key.hex(),
                "stanzas": stanzas, "header_without_mac": age_file[:header_end].decode("ascii"),
                "header_mac_key": mac_key.hex(), "header_mac": mac.finalize().hex(),
                "payload_nonce": nonce.hex(), "payload_key": _hkdf(file_key, nonce, b"payload").hex(),
                "payload_offset": mac_line_end + 16, "chunks": -(-len(payload) // sealed),
                "last_chunk_plaintext_size": (len(payload) % sealed or sealed) - TAG_SIZE},
        "tar": {"size": len(plaintext), "sha256": sha256_hex(plaintext), "members": members},
        "manifest": {"sha256": sha256_hex(manifest), "record_sha256": document["record_sha256"],
                     "audit": document["audit"], "video": document["video"], "experts": document["experts"],
                     "canonical": canonical_json_bytes(document) == manifest},
        "manifest_cms": {"message_digest": hashlib.sha256(manifest).hexdigest(),
                         "signer_serial_numbers": [expert["number"] for expert in document["experts"]]}}
