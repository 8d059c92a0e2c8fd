# SPDX-License-Identifier: GPL-3.0-or-later
"""What an attacker who holds only the agency's public key can do to a bundle: unpack a copy
(the tests hold the identity), change members, and pack a new, well-formed age file."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

from forms.canonical import canonical_json_bytes

from assessment_app.bundle.age_format import AgeWriter, decrypt_stream, parse_identities
from assessment_app.bundle.parts import INDEX_FILE, ConcatenatedParts, PartWriter, index_bytes, read_index
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


def repack_raw(plaintext: bytes, target: Path, recipients: list[str], part_size: int = 64 * 1024) -> Path:
    """Any plaintext (a hand-made tar) as a well-formed bundle: what an attacker holding only the
    public key can send."""
    target.mkdir()
    parts = PartWriter(target, part_size)
    age = AgeWriter(parts, recipients)
    age.write(plaintext)
    age.close()
    (target / INDEX_FILE).write_bytes(index_bytes(parts.close()))
    return target


def tar_bytes(entries: list[tuple[tarfile.TarInfo, bytes | None]], tar_format: int = tarfile.PAX_FORMAT) -> bytes:
    """A tar of the given headers (each TarInfo's size is set from its data unless data is None)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tar_format) as archive:
        for info, data in entries:
            if data is None:
                archive.addfile(info)
            else:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def regular(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mode = 0o600
    return info
