# SPDX-License-Identifier: GPL-3.0-or-later
"""Where an import puts a bundle's large members while the bundle is being verified, so that
nothing of it is ever written in plaintext:

- video segments are encrypted the moment they stream past, under this workstation's recordings
  key in the recording layer's sealed format (docs/formats/video-segments.md: chunked AES-GCM,
  context = chain id and sequence), into a hidden partial directory beside
  `recordings/<visit id>`; meanwhile one thread fsyncs each finished segment and another hashes
  its ciphertext (for imported-segments.json), so the disk works while the stream goes on;
- attachments go to scratch encrypted under a key made for this import alone, which lives in
  memory only: they can be stored for good only once `case.json`, which follows them in the
  archive, names their ids.

`publish_recording` and `store_attachments` put everything in place once every check passed;
`discard` removes all of it (attachments already stored included), `close` the scratch. A kill
-9 leaves ciphertext only: the partial directory under this workstation's key, the scratch under
a key that died with the process; the start-up sweep (case_records) or a later import's
`sweep_stale_imports` removes such leftovers.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import secrets
import shutil
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from forms.canonical import canonical_json_bytes

from assessment_app.bundle.errors import BundleError
from assessment_app.bundle.reader import ATTACHMENT, MemberSink, member_kind, segment_of, video_chain_of
from assessment_app.bundle.video_chain import chain_id_of, chain_member
from assessment_app.durable_files import fsync_directory
from assessment_app.recording.chain import CHAIN_FILE
from assessment_app.recording.segments import CHUNK_SIZE, recordings_key, segment_context, segment_file_name
from assessment_app.security.subkeys import key_id
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.import_leftovers import PARTIAL_PREFIX, SCRATCH_PREFIX, import_leftovers
from assessment_app.storage.attachments import StoredAttachment
from assessment_app.storage.chunked_aead import ChunkedEncryptor, decrypt_chunks

IMPORTED_SEGMENTS_FILE = "imported-segments.json"  # beside chain-N/: the reviewer-side ciphertext hashes
STALE_AFTER = datetime.timedelta(hours=1)  # an import of a 2 GB bundle takes about a minute
_SCRATCH_CONTEXT = b"ltc-assess/bundle-import-scratch/v1\x00"
_READ_SIZE = 1024 * 1024


class StagingError(BundleError):
    """reason: recording_exists, case_rows_malformed."""


class _SealingSink:
    """A member's bytes, encrypted into `path` as they arrive; `done(path)` once it is complete."""

    def __init__(self, path: Path, key: bytes, context: bytes, chunk_size: int, done: Callable[[Path], object]):
        self.path, self._done = path, done
        self._file = open(path, "xb")
        self._encryptor = ChunkedEncryptor(self._file, key, context, chunk_size)

    def write(self, data: memoryview) -> None:
        self._encryptor.write(data)

    def close(self) -> None:
        self._encryptor.close()
        self._file.close()
        self._done(self.path)

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()


def _fsync(path: Path) -> None:
    with open(path, "rb+", buffering=0) as stream:
        os.fsync(stream.fileno())


def _sha256(path: Path) -> str:
    """The file's SHA-256 as written (read back from the page cache; reads and hashes outside the GIL)."""
    digest = hashlib.sha256()
    buffer = memoryview(bytearray(_READ_SIZE))
    with open(path, "rb", buffering=0) as stream:
        while count := stream.readinto(buffer):
            digest.update(buffer[:count])
    return digest.hexdigest()


class ImportStaging:
    """The MemberStore of an import (bundle/reader.py): call it with a member's name, size and the
    small members read so far; it returns where the member's bytes go, or None to only hash them.
    `skip(held)`, asked once, says whether to keep nothing at all (a bundle already imported)."""

    def __init__(self, records: CaseRecords, *, skip: Callable[[Mapping[str, bytes]], bool] = lambda held: False):
        self._records, self._skip = records, skip
        token = secrets.token_hex(6)
        self.partial = records.layout.recordings / f"{PARTIAL_PREFIX}{token}"
        self.scratch = records.layout.root / f"{SCRATCH_PREFIX}{token}"
        self._scratch_key = os.urandom(32)  # never written: the scratch is void once the process ends
        self._segment_key = recordings_key(records.data_key)
        self._keep: bool | None = None
        self._chain_ids: dict[int, str | None] = {}
        self._made: set[Path] = set()  # directories created (a mkdir per segment costs milliseconds)
        self._scratch_files: dict[str, Path] = {}
        self._sinks: list[_SealingSink] = []
        self._segments: dict[str, Future] = {}  # chain-N/segment-NNNNNN.enc → its ciphertext hash
        self._synced: list[Future] = []
        # Waiting for the disk and hashing are separate workers: neither holds up the other.
        self._syncing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ltc-assess-import-fsync")
        self._hashing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ltc-assess-import-hash")
        self.stored: dict[str, StoredAttachment] = {}

    def __call__(self, name: str, size: int, held: Mapping[str, bytes]) -> MemberSink | None:
        if self._keep is None:
            self._keep = not self._skip(held)
        kind = member_kind(name)
        if not self._keep or kind is None:
            return None
        if kind[0] == ATTACHMENT:
            self._directory(self.scratch)
            path = self.scratch / f"{len(self._scratch_files):05d}.bin"
            self._scratch_files[name] = path
            return self._sink(path, self._scratch_key, _SCRATCH_CONTEXT + name.encode("ascii"), _READ_SIZE,
                              lambda path: None)
        segment = segment_of(name)
        if segment is None:
            return None
        index, sequence = segment
        chain_id = self._chain_id(index, held)
        if chain_id is None:
            return None  # no chain file before it: the archive or video check fails, nothing is kept
        directory = self._directory(self.partial / f"chain-{index}")
        stored_name = segment_file_name(sequence, True)
        return self._sink(directory / stored_name, self._segment_key, segment_context(chain_id, sequence), CHUNK_SIZE,
                          lambda path: self._sealed(f"chain-{index}/{stored_name}", path))

    def _sealed(self, name: str, path: Path) -> None:
        self._synced.append(self._syncing.submit(_fsync, path))
        self._segments[name] = self._hashing.submit(_sha256, path)

    def _directory(self, directory: Path) -> Path:
        if directory not in self._made:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._made.add(directory)
        return directory

    def _sink(self, path: Path, key: bytes, context: bytes, chunk_size: int, done) -> _SealingSink:
        sink = _SealingSink(path, key, context, chunk_size, done)
        self._sinks.append(sink)
        return sink

    def _chain_id(self, index: int, held: Mapping[str, bytes]) -> str | None:
        if index not in self._chain_ids:
            chain_file = held.get(chain_member(index))
            self._chain_ids[index] = chain_id_of(chain_file) if chain_file is not None else None
        return self._chain_ids[index]

    # after verification

    def attachment_bytes(self, name: str, held: Mapping[str, bytes]) -> bytes:
        """A member's plaintext for the attachment store: held in memory, or read back from scratch."""
        if name in held:
            return held[name]
        path = self._scratch_files.get(name)
        if path is None:
            raise StagingError("case_rows_malformed", f"{name[:100]} is not in the bundle")
        with open(path, "rb") as stream:
            return b"".join(decrypt_chunks(stream, self._scratch_key, _SCRATCH_CONTEXT + name.encode("ascii"),
                                           _READ_SIZE))

    def store_attachments(self, items: list[dict], held: Mapping[str, bytes]) -> dict[str, StoredAttachment]:
        """Each case.json attachment into this workstation's attachment store, under its own id."""
        for item in items:
            self.stored[item["file"]] = self._records.attachments.put(
                self.attachment_bytes(item["file"], held), item["attachment"]["id"])
        return self.stored

    def publish_recording(self, visit_id: str, held: Mapping[str, bytes]) -> Path | None:
        """recordings/<visit id>/chain-N/ as the recording layer writes it, with
        imported-segments.json (key id and ciphertext hashes); None when the visit has no video."""
        chains = sorted({index for name in held if (index := video_chain_of(name)) is not None})
        if not chains:
            return None
        if str(uuid.UUID(visit_id)) != visit_id:
            raise StagingError("case_rows_malformed", "visit id")
        target = self._records.layout.recordings / visit_id
        if target.exists():
            raise StagingError("recording_exists", visit_id)
        for index in chains:
            directory = self.partial / f"chain-{index}"
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            with open(directory / CHAIN_FILE, "xb") as stream:
                stream.write(held[chain_member(index)])
                stream.flush()
                os.fsync(stream.fileno())
        ciphertexts = {name: future.result() for name, future in sorted(self._segments.items())}
        for synced in self._synced:
            synced.result()
        with open(self.partial / IMPORTED_SEGMENTS_FILE, "xb") as stream:
            stream.write(canonical_json_bytes({"key_id": key_id(self._records.data_key),
                                               "ciphertext_sha256": ciphertexts}))
            stream.flush()
            os.fsync(stream.fileno())
        for index in chains:
            fsync_directory(self.partial / f"chain-{index}")
        fsync_directory(self.partial)
        self.partial.rename(target)
        fsync_directory(target.parent)
        self.partial = target  # a later failure (the database) removes it again
        return target

    def discard(self) -> None:
        """Remove everything this import wrote: partial (or published) recording, stored attachments."""
        for sink in self._sinks:
            sink.abandon()
        for executor in (self._syncing, self._hashing):
            executor.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.partial, ignore_errors=True)
        for attachment in self.stored.values():
            with contextlib.suppress(OSError, ValueError):
                self._records.attachments.path_of(attachment.stored_name).unlink()
        self.stored = {}

    def close(self) -> None:
        """The scratch goes in every case; what was published stays."""
        for executor in (self._syncing, self._hashing):
            executor.shutdown(wait=True)
        for sink in self._sinks:
            sink.abandon()
        shutil.rmtree(self.scratch, ignore_errors=True)


def sweep_stale_imports(records: CaseRecords, now: datetime.datetime) -> list[Path]:
    """Remove what an interrupted import left behind once it is older than STALE_AFTER, so that
    an import still running in another process is never touched. Returns what was removed. (At
    start-up, with no other process in the directory, case_records sweeps them all at once.)"""
    removed = []
    for path in import_leftovers(records.layout.root, records.layout.recordings):
        try:
            modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.timezone.utc)
        except FileNotFoundError:
            continue
        if now - modified >= STALE_AFTER:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
