# SPDX-License-Identifier: GPL-3.0-or-later
"""A bundle directory, from docs/formats/bundle.md: index.json and the parts (no key needed),
then the age layer (readers/age.py), the tar and the manifest."""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

from tests.unit.formats.readers import age

MEMBER = re.compile(r"manifest\.json|manifest\.cms|record\.json|report\.pdf|audit\.jsonl|case\.json"
                    r"|self_assessment\.json|attachments/[a-z_]+-\d+\.(jpg|png)"
                    r"|video/chain-\d+/(chain\.jsonl|segment-\d{6}\.mp4)")


def canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def read_parts(directory: Path) -> tuple[dict, bytes]:
    """(index, the parts concatenated in index order), every part's size and SHA-256 checked."""
    raw = (directory / "index.json").read_bytes()
    index = json.loads(raw)
    assert raw == canonical(index) + b"\n", "index.json is not canonical JSON and one newline"
    assert set(index) == {"format", "version", "parts"}
    assert (index["format"], index["version"]) == ("ltc-assess-bundle", 1)
    names = [part["name"] for part in index["parts"]]
    assert names == [f"part-{number:04d}.age" for number in range(1, len(names) + 1)], "part_order"
    on_disk = sorted(path.name for path in directory.iterdir() if re.fullmatch(r"part-\d{4,}\.age", path.name))
    assert on_disk == sorted(names), "extra_part"
    pieces = []
    for part in index["parts"]:
        data = (directory / part["name"]).read_bytes()
        assert len(data) == part["size"] and hashlib.sha256(data).hexdigest() == part["sha256"], part["name"]
        pieces.append(data)
    return index, b"".join(pieces)


@dataclass
class Plaintext:
    age_file: age.AgeFile
    members: list[tarfile.TarInfo]
    contents: dict[str, bytes]
    header_blocks: list[bytes]  # the 512-byte header of each member, as written


def header_blocks(archive: bytes) -> list[bytes]:
    """Walk the archive header by header (POSIX.1-2001 ustar layout): each header, then its
    data padded to 512 bytes; two zero blocks end it, and zeros pad it to 10 240 bytes."""
    headers, offset = [], 0
    while archive[offset:offset + 512] != bytes(512):
        header = archive[offset:offset + 512]
        headers.append(header)
        size = int(header[124:136].rstrip(b"\0 ").decode("ascii") or "0", 8)
        offset += 512 + -(-size // 512) * 512
    assert archive[offset:] == bytes(len(archive) - offset) and len(archive) % 10240 == 0, "trailing data"
    return headers


def unpack(age_file: age.AgeFile) -> Plaintext:
    archive = age_file.plaintext
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
        members = tar.getmembers()
        contents = {member.name: tar.extractfile(member).read() for member in members}
    names = [member.name for member in members]
    assert len(set(names)) == len(names), "member_duplicate"
    for member in members:
        assert MEMBER.fullmatch(member.name), f"member_unexpected {member.name}"
        assert member.isreg() and member.mode == 0o600 and member.mtime == 0, member.name
        assert (member.uid, member.gid, member.uname, member.gname) == (0, 0, "", ""), member.name
    return Plaintext(age_file, members, contents, header_blocks(archive))


def read_manifest(data: bytes) -> dict:
    manifest = json.loads(data)
    assert canonical(manifest) == data, "manifest.json is not canonical JSON"
    assert (manifest["format"], manifest["version"]) == ("ltc-assess-bundle-manifest", 1)
    return manifest
