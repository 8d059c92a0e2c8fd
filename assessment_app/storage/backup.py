# SPDX-License-Identifier: GPL-3.0-or-later
"""Backup and restore of a whole data directory as one encrypted file.

create_backup: a consistent snapshot of the database (SQLCipher `VACUUM INTO`, which writes an
encrypted copy from one read transaction), every attachment file as stored (already encrypted),
keystore.json and the data key, in a tar stream inside the encrypted payload, with manifest.json
(size and SHA-256 of every member) as the last member. Written to a temporary file, renamed.

restore_backup: decrypts and checks the WHOLE file into a staging directory (every chunk, every
hash, the member list, the database's own integrity and schema revision) before anything live is
touched, then swaps it in (data_swap.py). Any failure leaves the live data byte-identical.
The database must be closed (engine disposed) during a restore.

The data key travels inside the payload: a backup restored with the passphrase on a new laptop
brings the key its data is encrypted under, and `key_store.store_in_keyring` installs it there.
Spec: docs/formats/backup.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from assessment_app import APP_VERSION
from assessment_app.durable_files import atomic_output
from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams
from assessment_app.security.subkeys import DATA_KEY_BYTES, derive_subkeys, key_id
from assessment_app.storage import data_swap
from assessment_app.storage.backup_format import (
    PAYLOAD_LENGTH_OFFSET,
    BackupNotFound,
    BackupTampered,
    BackupTruncated,
    BackupUnsupported,
    build_header,
    file_key_for,
    payload_context,
    preamble,
    read_header,
)
from assessment_app.storage.chunked_aead import (
    DEFAULT_CHUNK_SIZE,
    ChunkedEncryptor,
    ChunkStreamError,
    DecryptingReader,
    decrypt_chunks,
)
from assessment_app.storage.database import connect_sqlcipher, known_revisions
from assessment_app.storage.errors import DatabaseCorrupt, StorageError, WrongKey, translated_storage_errors
from assessment_app.storage.models import utc_timestamp
from assessment_app.storage.paths import ATTACHMENTS_DIR, DATABASE_FILE, KEYSTORE_FILE, DataLayout

if TYPE_CHECKING:
    from assessment_app.security.data_key import DataKeyStore

DATA_KEY_MEMBER = "data-key"
MANIFEST_MEMBER = "manifest.json"
MANIFEST_FORMAT = "ltc-assess-backup-manifest"
_ATTACHMENT_MEMBER = re.compile(rf"^{ATTACHMENTS_DIR}/([0-9a-f]{{2}})/([0-9a-f]{{64}})\.bin$")
_SNAPSHOT_PREFIX = ".backup-snapshot-"
_COPY_BUFFER = 1024 * 1024


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    created_at: str
    key_id: str
    member_count: int
    plaintext_bytes: int
    file_bytes: int
    has_passphrase: bool


@dataclass(frozen=True)
class RestoreSummary:
    data_key: bytes = field(repr=False)
    key_id: str
    created_at: str
    member_count: int
    # The station chain's sealed checkpoint when the backup was made (security/audit_anchor.py).
    station_checkpoint: dict | None = None


def recover_interrupted_operations(data_dir: Path) -> list[str]:
    """Call once at start-up, before opening the database: finishes what a crash interrupted."""
    actions = data_swap.recover_interrupted_swaps(data_dir)
    for leftover in Path(data_dir).glob(f"{_SNAPSHOT_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
        actions.append(f"removed leftover backup snapshot {leftover.name}")
    return actions


# -- create ---------------------------------------------------------------------------------

def _snapshot_database(database: Path, database_key: bytes, snapshot: Path) -> str | None:
    """Encrypted, consistent copy of the live database; returns its schema revision."""
    connection = connect_sqlcipher(database, database_key)
    try:
        revision_row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        connection.execute("VACUUM INTO ?", (str(snapshot),))
    finally:
        connection.close()
    # SQLCipher encrypts VACUUM INTO output with the main database's key; check rather than trust,
    # since a plaintext copy here would put everything on disk in the clear.
    with open(snapshot, "rb") as stream:
        if stream.read(16) == b"SQLite format 3\x00":
            snapshot.unlink()
            raise StorageError("the database snapshot came out unencrypted", reason="snapshot_unencrypted")
    return revision_row[0] if revision_row else None


class _HashingReader:
    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        return data


def _tar_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, 0  # no local metadata: same content, same bytes
    return info


def _member_files(layout: DataLayout, snapshot: Path) -> list[tuple[str, Path]]:
    members = [(DATABASE_FILE, snapshot)]
    if layout.keystore.exists():
        members.append((KEYSTORE_FILE, layout.keystore))
    if layout.attachments.exists():
        for path in sorted(layout.attachments.glob("*/*.bin")):
            name = path.relative_to(layout.root).as_posix()
            if _ATTACHMENT_MEMBER.match(name):
                members.append((name, path))
    return members


def _write_archive(sink: ChunkedEncryptor, data_key: bytes, members: list[tuple[str, Path]],
                   manifest_fields: dict) -> list[dict]:
    """The tar stream of the payload; returns the manifest entries (manifest.json itself goes last)."""
    entries = []
    with tarfile.open(fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(_tar_info(DATA_KEY_MEMBER, DATA_KEY_BYTES), _BytesReader(data_key))
        entries.append({"name": DATA_KEY_MEMBER, "size": DATA_KEY_BYTES,
                        "sha256": hashlib.sha256(data_key).hexdigest()})
        for name, path in members:
            size = path.stat().st_size
            with open(path, "rb") as stream:
                hashing = _HashingReader(stream)
                tar.addfile(_tar_info(name, size), hashing)
            entries.append({"name": name, "size": size, "sha256": hashing.sha256.hexdigest()})
        manifest = json.dumps({**manifest_fields, "format": MANIFEST_FORMAT, "version": 1, "members": entries},
                              ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        tar.addfile(_tar_info(MANIFEST_MEMBER, len(manifest)), _BytesReader(manifest))
    return entries


def create_backup(data_dir: Path, data_key: bytes, destination_path: Path, *, passphrase: str | None = None,
                  kdf_params: Argon2idParams = DEFAULT_PARAMS, created_at: str | None = None,
                  chunk_size: int = DEFAULT_CHUNK_SIZE, station_checkpoint: dict | None = None,
                  random_bytes: Callable[[int], bytes] = os.urandom) -> BackupSummary:
    """Write an encrypted backup of `data_dir` to `destination_path` (replaced only when complete).
    `station_checkpoint`: the audit chain's sealed checkpoint, carried in the manifest.

    Safe while the application runs: the snapshot is one read transaction, attachments are
    immutable. A full disk raises StorageFull and leaves any earlier file at the destination as it was.
    """
    layout = DataLayout(Path(data_dir).resolve())
    destination = Path(destination_path).resolve()
    keys = derive_subkeys(data_key)
    created_at = created_at or utc_timestamp()
    with translated_storage_errors():
        snapshot_dir = Path(tempfile.mkdtemp(prefix=_SNAPSHOT_PREFIX, dir=layout.root))
        try:
            revision = _snapshot_database(layout.database, keys.database, snapshot_dir / DATABASE_FILE)
            with atomic_output(destination) as output:
                entries = write_backup(output, data_key, _member_files(layout, snapshot_dir / DATABASE_FILE), {
                    "created_at": created_at, "app_version": APP_VERSION, "schema_revision": revision,
                    "key_id": keys.key_id, "station_checkpoint": station_checkpoint}, passphrase=passphrase,
                    kdf_params=kdf_params, chunk_size=chunk_size, random_bytes=random_bytes)
                file_bytes = output.seek(0, os.SEEK_END)
        finally:
            shutil.rmtree(snapshot_dir, ignore_errors=True)
    return BackupSummary(destination, created_at, keys.key_id, len(entries),
                         sum(entry["size"] for entry in entries), file_bytes, passphrase is not None)


def write_backup(output: BinaryIO, data_key: bytes, members: list[tuple[str, Path]], manifest_fields: dict, *,
                 passphrase: str | None, kdf_params: Argon2idParams, chunk_size: int,
                 random_bytes: Callable[[int], bytes]) -> list[dict]:
    """The backup file's bytes, into a seekable `output`, from member files already on disk (the
    database snapshot first). Apart from the snapshot, which SQLCipher encrypts with random IVs,
    a backup is determined by its inputs and `random_bytes`: file key, recipient nonces and
    salt, chunk nonces, in that order (the test vectors in tests/vectors/backup/ rely on it)."""
    file_key = random_bytes(32)
    header = build_header(file_key, data_key, manifest_fields["created_at"], chunk_size, passphrase=passphrase,
                          kdf_params=kdf_params, random_bytes=random_bytes)
    output.write(preamble(header))
    payload_start = output.tell()
    encryptor = ChunkedEncryptor(output, file_key, payload_context(header), chunk_size, random_bytes)
    entries = _write_archive(encryptor, data_key, members, manifest_fields)
    encryptor.close()
    payload_length = output.tell() - payload_start
    output.seek(PAYLOAD_LENGTH_OFFSET)  # known only now; see backup_format
    output.write(payload_length.to_bytes(8, "big"))
    return entries


class _BytesReader:
    def __init__(self, data: bytes):
        self._data, self._position = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._position + size
        piece, self._position = self._data[self._position:end], min(end, len(self._data))
        return piece


# -- restore --------------------------------------------------------------------------------

def _member_target(name: str) -> str:
    if name in (DATA_KEY_MEMBER, MANIFEST_MEMBER, DATABASE_FILE, KEYSTORE_FILE) or _ATTACHMENT_MEMBER.match(name):
        return name
    raise BackupTampered(f"unexpected member {name!r}")


class _StagedMembers:
    """Collects the payload's members: files go to staging, the key and manifest stay in memory."""

    def __init__(self, staging: Path):
        self.staging = staging
        self.found: dict[str, tuple[int, str]] = {}
        self.data_key: bytes | None = None
        self.manifest_bytes: bytes | None = None

    def take(self, member: tarfile.TarInfo, source: BinaryIO | None) -> None:
        name = _member_target(member.name)
        if name in self.found or not member.isreg() or source is None:
            raise BackupTampered(f"member {name!r} repeated or not a regular file")
        if name == DATA_KEY_MEMBER:
            self.data_key = source.read()  # the data key never touches the disk
            self.found[name] = (len(self.data_key), hashlib.sha256(self.data_key).hexdigest())
        elif name == MANIFEST_MEMBER:
            self.manifest_bytes = source.read()
            self.found[name] = (len(self.manifest_bytes), "")
        else:
            self.found[name] = _write_staged(source, self.staging / name)

    def verified(self, secret: bytes | str) -> tuple[bytes, dict]:
        """(data key, manifest) if the members are exactly those the manifest lists, hashes equal."""
        if self.manifest_bytes is None or self.data_key is None or DATABASE_FILE not in self.found:
            raise BackupTampered("manifest, data key or database missing")
        try:
            manifest = json.loads(self.manifest_bytes)
            listed = {entry["name"]: (entry["size"], entry["sha256"]) for entry in manifest["members"]}
        except (ValueError, KeyError, TypeError):
            raise BackupTampered("manifest unreadable") from None
        found = {name: value for name, value in self.found.items() if name != MANIFEST_MEMBER}
        if listed != found:
            differing = sorted({name for name, _ in set(listed.items()) ^ set(found.items())})
            raise BackupTampered(f"content differs from the manifest: {differing[:5]}")
        for name, (_, sha256) in listed.items():
            match = _ATTACHMENT_MEMBER.match(name)
            if match and match.group(2) != sha256:
                raise BackupTampered(f"{name} does not match its content hash")
        if len(self.data_key) != DATA_KEY_BYTES or key_id(self.data_key) != manifest.get("key_id"):
            raise BackupTampered("the data key does not match the manifest")
        if isinstance(secret, (bytes, bytearray)) and bytes(secret) != self.data_key:
            raise BackupTampered("the backup's data key differs from the key it was opened with")
        return self.data_key, manifest


def _write_staged(source: BinaryIO, target: Path) -> tuple[int, str]:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with open(target, "xb") as output:
        while piece := source.read(_COPY_BUFFER):
            digest.update(piece)
            size += len(piece)
            output.write(piece)
        output.flush()
        os.fsync(output.fileno())
    return size, digest.hexdigest()


def _extract_verified(backup_path: Path, secret: bytes | str, staging: Path) -> tuple[bytes, dict]:
    """Decrypt the whole backup into `staging`; return (data key, manifest) once all of it checks out."""
    try:
        stream = open(backup_path, "rb")
    except FileNotFoundError:
        raise BackupNotFound(str(backup_path)) from None
    with stream:
        file_size = os.fstat(stream.fileno()).st_size
        header = read_header(stream)
        file_key = file_key_for(header, secret)
        shorter_than_written = file_size < header.payload_offset + header.payload_length
        reader = DecryptingReader(decrypt_chunks(stream, file_key, payload_context(header.raw), header.chunk_size))
        members = _StagedMembers(staging)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                for member in tar:
                    members.take(member, tar.extractfile(member))
            reader.drain()  # authenticates the final chunk: proves nothing was cut off
            if stream.tell() != file_size or file_size != header.payload_offset + header.payload_length:
                raise BackupTampered("bytes after the payload, or a payload length that disagrees")
        except ChunkStreamError as error:
            if error.reason == "truncated" or shorter_than_written:
                raise BackupTruncated(error.detail) from None
            raise BackupTampered(error.detail) from None
        except tarfile.TarError as error:
            raise BackupTampered(f"payload is not a valid archive: {error}") from None
    return members.verified(secret)


def _check_staged_database(database: Path, data_key: bytes) -> None:
    try:
        connection = connect_sqlcipher(database, derive_subkeys(data_key).database)
    except (WrongKey, DatabaseCorrupt) as error:
        raise BackupTampered(f"the database in the backup does not open: {error.reason}") from None
    try:
        problems = connection.execute("PRAGMA cipher_integrity_check").fetchall()
        quick = connection.execute("PRAGMA quick_check").fetchall()
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    if problems or quick != [("ok",)]:
        raise BackupTampered("the database in the backup fails its integrity check")
    if revision is None or revision[0] not in known_revisions():
        raise BackupUnsupported(f"made by a newer version (schema {revision})", reason="backup_schema_too_new")


def restore_backup(backup_path: Path, data_dir: Path, key_or_passphrase: bytes | str, *,
                   key_store: DataKeyStore | None = None) -> RestoreSummary:
    """Replace the data in `data_dir` with the backup's, or raise and change nothing.

    key_or_passphrase: the data key (bytes) the backup was made under, or its backup passphrase
    (str). With `key_store`, the restored data key is put into the credential store afterwards.
    """
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    recover_interrupted_operations(data_dir)
    with translated_storage_errors():  # a full disk becomes StorageFull
        workspace = data_swap.new_workspace(data_dir)
        try:
            data_key, manifest = _extract_verified(Path(backup_path), key_or_passphrase, workspace.new)
            _check_staged_database(workspace.new / DATABASE_FILE, data_key)
            data_swap.swap_in(workspace)
        finally:
            data_swap.discard(workspace)
    if key_store is not None:
        key_store.store_in_keyring(data_key)
    checkpoint = manifest.get("station_checkpoint")
    return RestoreSummary(data_key, key_id(data_key), manifest.get("created_at", ""), len(manifest["members"]),
                          checkpoint if isinstance(checkpoint, dict) else None)
