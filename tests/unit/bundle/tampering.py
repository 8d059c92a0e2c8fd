"""What an attacker who holds only the agency's public key can do to a bundle: unpack a copy
(the tests hold the identity), change members, and pack a new, well-formed age file."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

from forms.canonical import canonical_json_bytes

from assessment_app.bundle.age_format import decrypt_stream, parse_identities
from assessment_app.bundle.parts import ConcatenatedParts, read_index
from assessment_app.bundle.writer import bytes_member, write_bundle


def members_of(bundle: Path, identity_file: Path) -> dict[str, bytes]:
    """Every tar member's bytes, in tar order."""
    source = ConcatenatedParts(bundle, read_index(bundle))
    plaintext = b"".join(decrypt_stream(source, parse_identities(identity_file.read_text())))
    source.close()
    with tarfile.open(fileobj=io.BytesIO(plaintext), mode="r:") as archive:
        return {info.name: archive.extractfile(info).read() for info in archive}


def repack(members: dict[str, bytes], target: Path, recipients: list[str], part_size: int = 64 * 1024) -> Path:
    write_bundle(target, [bytes_member(name, data) for name, data in members.items()], recipients,
                 part_size=part_size)
    return target


def with_manifest_file(members: dict[str, bytes], name: str, data: bytes) -> dict[str, bytes]:
    """`name` replaced and the manifest's hash for it updated (the signature then no longer matches)."""
    manifest = json.loads(members["manifest.json"])
    for entry in manifest["files"]:
        if entry["path"] == name:
            entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    return {**members, name: data, "manifest.json": canonical_json_bytes(manifest)}
