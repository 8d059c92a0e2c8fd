"""Reading a bundle: index and parts checked without a key, then one streaming pass that
decrypts the concatenated parts and unpacks the tar into a private working directory, hashing
every member as it is written. Nothing from the tar reaches the disk outside that directory:
member names are checked against the bundle's layout before anything is written."""

from __future__ import annotations

import hashlib
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from assessment_app.bundle.age_format import decrypt_stream
from assessment_app.bundle.errors import BundleError
from assessment_app.bundle.parts import ConcatenatedParts, PartInfo

# What a bundle may hold (docs/formats/bundle.md); anything else is refused before it is written.
_MEMBER = re.compile(r"(manifest\.json|manifest\.cms|record\.json|case\.json|report\.pdf|audit\.jsonl|self_assessment\.json"
                     r"|attachments/[a-z_]+-\d{1,4}\.(?:jpg|png|pdf)"
                     r"|video/chain-\d{1,4}/(?:chain\.jsonl|segment-\d{6}\.mp4))")
_COPY_SIZE = 1024 * 1024


@dataclass(frozen=True)
class ExtractedMember:
    size: int
    sha256: str


class _DecryptedReader:
    """A file object over the authenticated plaintext chunks (what tarfile's stream mode reads)."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks, self._buffer = chunks, b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            piece = next(self._chunks, None)
            if piece is None:
                break
            self._buffer += piece
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def drain(self) -> int:
        """Read to the end (the last age chunk proves the file is whole); returns the bytes left over."""
        left = len(self._buffer)
        self._buffer = b""
        for piece in self._chunks:
            left += len(piece)
        return left


def extract_bundle(directory: Path, parts: list[PartInfo], identities, workdir: Path) -> dict[str, ExtractedMember]:
    """Decrypt and unpack into `workdir` (which must exist and be empty). Raises AgeFormatError
    (wrong identity, truncated or tampered payload) or BundleError (tar_malformed, member_path_unsafe,
    member_unexpected, member_duplicate, member_not_file, trailing_data)."""
    source = ConcatenatedParts(directory, parts)
    try:
        reader = _DecryptedReader(decrypt_stream(source, identities))
        members = _unpack(reader, Path(workdir))
        # tar pads to a 10240-byte record; anything beyond that is not ours.
        if reader.drain() > tarfile.RECORDSIZE:
            raise BundleError("trailing_data")
        return members
    finally:
        source.close()


def _unpack(reader: _DecryptedReader, workdir: Path) -> dict[str, ExtractedMember]:
    members: dict[str, ExtractedMember] = {}
    try:
        archive = tarfile.open(fileobj=reader, mode="r|")
        for info in archive:
            name = info.name
            if name.startswith("/") or ".." in name.split("/") or "\\" in name or "\x00" in name:
                raise BundleError("member_path_unsafe", name[:200])
            if not _MEMBER.fullmatch(name):
                raise BundleError("member_unexpected", name[:200])
            if name in members:
                raise BundleError("member_duplicate", name)
            if not info.isreg():
                raise BundleError("member_not_file", name)
            members[name] = _write_member(archive, info, workdir / name)
        archive.close()
    except BundleError:
        raise
    except (tarfile.TarError, EOFError, ValueError, UnicodeError) as error:
        raise BundleError("tar_malformed", str(error)[:200]) from None
    if not members:
        raise BundleError("tar_malformed", "empty archive")
    return members


def _write_member(archive: tarfile.TarFile, info: tarfile.TarInfo, target: Path) -> ExtractedMember:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    source = archive.extractfile(info)
    digest, size = hashlib.sha256(), 0
    with open(target, "xb") as output:
        while piece := source.read(_COPY_SIZE):
            digest.update(piece)
            output.write(piece)
            size += len(piece)
    if size != info.size:
        raise BundleError("tar_malformed", f"{info.name}: {size} of {info.size} bytes")
    return ExtractedMember(size, digest.hexdigest())
