# SPDX-License-Identifier: GPL-3.0-or-later
"""The laptop's side of the upload (no Qt): send an exported bundle directory to the agency
server over mutual TLS with the tus protocol, resuming from the server's acknowledged offset
after any cut, with exponential back-off. Standard library only (http.client, ssl), so the
workstation's installer needs nothing new.

    client = AgencyClient("https://agency.example:8443", ca_pem=..., certificate=cert_path, key=key_path)
    status = client.upload_bundle(Path("bundle-…"), progress=lambda done, total: ...)
    client.bundle_status(status["bundle"])   # receiving → uploaded → verified / quarantined / duplicate

By default each part's remaining bytes go in one PATCH, read from the file as they are sent;
the server acknowledges durably every 32 MiB and keeps whatever arrived before a cut, so a flaky
line resumes near the exact byte. No tus checksum then: TLS authenticates every byte in transit
and the worker checks every part against the index's SHA-256. `checksums=True` sends pieces of
`chunk_size` (32 MiB) with `Upload-Checksum: sha256` instead, for a path that is not TLS end to
end (a cut then loses the piece in flight).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import random
import ssl
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from assessment_app.agency.errors import AgencyError
from assessment_app.bundle.parts import INDEX_FILE

TUS = {"Tus-Resumable": "1.0.0"}
# 32 MiB: few enough requests that their round trips cost little on a LAN (measured in
# bench/agency.py), small enough that a cut on a slow line loses seconds, not minutes.
DEFAULT_CHUNK = 32 * 1024 * 1024
# Answers after which the same request is worth trying again (after HEAD says where we are).
_RETRYABLE = {409, 423, 460, 500, 502, 503, 504, 507}


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off with full jitter; `attempts` tries without progress before giving up."""

    attempts: int = 8
    first_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, failures: int) -> float:
        return random.uniform(0, min(self.max_delay, self.first_delay * 2 ** (failures - 1)))


class _Retry(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class AgencyClient:
    def __init__(self, base_url: str, *, ca_pem: str, certificate: Path, key: Path | None, chunk_size: int = DEFAULT_CHUNK,
                 timeout: float = 60.0, retry: RetryPolicy = RetryPolicy(), sleep: Callable[[float], None] = time.sleep,
                 checksums: bool = False, key_password: bytes | None = None):
        parts = urlsplit(base_url)
        if parts.scheme != "https" or not parts.hostname or parts.path.strip("/"):
            raise AgencyError("request_invalid", f"not https://host:port: {base_url}")
        self.host, self.port = parts.hostname, parts.port or 443
        self.context = client_context(ca_pem, Path(certificate), Path(key) if key else None, key_password)
        self.chunk_size, self.timeout, self.retry, self.sleep = chunk_size, timeout, retry, sleep
        self.checksums = checksums
        self._connection: http.client.HTTPSConnection | None = None

    # --- plumbing -------------------------------------------------------------------------------

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
                 ) -> tuple[int, http.client.HTTPMessage, bytes]:
        if self._connection is None:
            self._connection = http.client.HTTPSConnection(self.host, self.port, context=self.context,
                                                           timeout=self.timeout, blocksize=1024 * 1024)
        try:
            self._connection.request(method, path, body=body, headers=headers or {})
            response = self._connection.getresponse()
            return response.status, response.headers, response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            raise _Retry(f"{type(error).__name__}: {error}") from None
        except BaseException:
            self.close()  # a request broken off half-way leaves the connection unusable
            raise

    def _json(self, status: int, data: bytes, expected: tuple[int, ...]) -> dict:
        if status in _RETRYABLE:
            raise _Retry(f"HTTP {status}")
        try:
            document = json.loads(data.decode("utf-8")) if data else {}
        except (UnicodeDecodeError, ValueError):
            document = {}
        if status not in expected:
            raise AgencyError("server_refused", f"HTTP {status} {document.get('error', '')}".strip())
        return document

    def _retrying(self, action: Callable[[], object], what: str):
        failures = 0
        while True:
            try:
                return action()
            except _Retry as retry:
                failures += 1
                if failures >= self.retry.attempts:
                    raise AgencyError("upload_gave_up", f"{what}: {retry.detail}") from None
                self.sleep(self.retry.delay(failures))

    # --- API ------------------------------------------------------------------------------------

    def whoami(self) -> dict:
        return self._retrying(lambda: self._json(*self._get("/v1/whoami"), (200,)), "whoami")

    def _get(self, path: str) -> tuple[int, bytes]:
        status, _, data = self._request("GET", path)
        return status, data

    def bundle_status(self, bundle: str) -> dict:
        return self._retrying(lambda: self._json(*self._get(f"/v1/bundles/{bundle}"), (200,)), "status")

    def case_status(self, case_id: str) -> dict:
        return self._retrying(lambda: self._json(*self._get(f"/v1/cases/{case_id}"), (200,)), "case status")

    def announce(self, index_bytes: bytes) -> dict:
        key = hashlib.sha256(index_bytes).hexdigest()

        def put():
            status, _, data = self._request("PUT", f"/v1/bundles/{key}", index_bytes,
                                            {"Content-Type": "application/json"})
            return self._json(status, data, (200, 201))
        return self._retrying(put, "announce")

    def upload_bundle(self, directory: Path, progress: Callable[[int, int], None] | None = None) -> dict:
        """Send every part not yet on the server; returns the bundle's status afterwards."""
        directory = Path(directory)
        try:
            index_bytes = (directory / INDEX_FILE).read_bytes()
        except OSError:
            raise AgencyError("bundle_not_a_directory", str(directory)) from None
        status = self.announce(index_bytes)
        total = status["total_bytes"]
        done = {part["name"]: part["offset"] for part in status["parts"]}
        for part in status["parts"]:
            if part["complete"]:
                continue
            location = part["upload"] or self._create(status["bundle"], part["name"], part["size"])

            def report(name: str, offset: int) -> None:
                done[name] = offset
                if progress is not None:
                    progress(sum(done.values()), total)
            self._send(location, directory / part["name"], part["size"], lambda offset, name=part["name"]: report(name, offset))
        return self.bundle_status(status["bundle"])

    def _create(self, bundle: str, name: str, size: int) -> str:
        metadata = ",".join(f"{key} {base64.b64encode(value.encode()).decode()}"
                            for key, value in (("bundle", bundle), ("part", name)))

        def post():
            status, headers, data = self._request("POST", "/v1/uploads", b"", {
                **TUS, "Upload-Length": str(size), "Upload-Metadata": metadata})
            self._json(status, data, (201,))
            return urlsplit(headers["Location"]).path
        return self._retrying(post, f"create {name}")

    def _offset(self, location: str) -> int:
        status, headers, data = self._request("HEAD", location, None, dict(TUS))
        self._json(status, data, (200,))
        return int(headers["Upload-Offset"])

    def _send(self, location: str, path: Path, size: int, progress: Callable[[int], None]) -> None:
        """HEAD for the acknowledged offset, then PATCH the rest; any failure goes back to HEAD,
        so the upload always continues from the last byte the server acknowledged."""
        failures, offset = 0, None
        with ThreadPoolExecutor(max_workers=1) as reader:
            while True:
                try:
                    if offset is None:
                        offset = self._offset(location)
                        progress(offset)
                    if offset >= size:
                        return
                    if self.checksums:
                        offset = self._patch_pieces(location, path, size, offset, reader, progress)
                    else:
                        offset = self._patch_stream(location, path, size, offset, progress)
                    failures = 0
                except _Retry as retry:
                    offset = None
                    failures += 1
                    if failures >= self.retry.attempts:
                        raise AgencyError("upload_gave_up", f"{path.name}: {retry.detail}") from None
                    self.sleep(self.retry.delay(failures))

    def _patch(self, location: str, offset: int, body, length: int, digest: bytes | None) -> int:
        headers = {**TUS, "Content-Type": "application/offset+octet-stream", "Upload-Offset": str(offset),
                   "Content-Length": str(length)}
        if digest is not None:
            headers["Upload-Checksum"] = "sha256 " + base64.b64encode(digest).decode()
        status, response_headers, data = self._request("PATCH", location, body, headers)
        self._json(status, data, (204,))
        return int(response_headers["Upload-Offset"])

    def _patch_stream(self, location: str, path: Path, size: int, offset: int,
                      progress: Callable[[int], None]) -> int:
        """The rest of the part in one PATCH, read from the file as it is sent; the server
        acknowledges durably as it goes (every 32 MiB), so a cut loses little."""
        try:
            with open(path, "rb") as stream:
                stream.seek(offset)
                body = _CountingReader(stream, size - offset, lambda sent: progress(offset + sent))
                return self._patch(location, offset, body, size - offset, None)
        except OSError as error:  # opening the part; a failure while sending is a _Retry
            raise AgencyError("part_unreadable", f"{path}: {error.strerror}") from None

    def _patch_pieces(self, location: str, path: Path, size: int, offset: int, reader: ThreadPoolExecutor,
                      progress: Callable[[int], None]) -> int:
        """Pieces of `chunk_size` each with its SHA-256, the next one read and hashed while the
        current one travels."""
        ahead: tuple[int, Future] | None = None
        while offset < size:
            if ahead is not None and ahead[0] == offset:
                piece, digest = ahead[1].result()
            else:
                piece, digest = _piece(path, offset, min(self.chunk_size, size - offset))
            following = offset + len(piece)
            ahead = None if following >= size else (following, reader.submit(
                _piece, path, following, min(self.chunk_size, size - following)))
            offset = self._patch(location, offset, piece, len(piece), digest)
            progress(offset)
        return offset


class _CountingReader:
    """A file body for http.client that stops at `length` and reports what was handed over."""

    def __init__(self, stream, length: int, report: Callable[[int], None]):
        self.stream, self.left, self.sent, self.report = stream, length, 0, report

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        data = self.stream.read(self.left if size is None or size < 0 else min(size, self.left))
        if not data:
            raise AgencyError("part_changed", "the part file is shorter than the index says")
        self.left -= len(data)
        self.sent += len(data)
        self.report(self.sent)
        return data


def _piece(path: Path, offset: int, length: int) -> tuple[bytes, bytes]:
    piece = _read_piece(path, offset, length)
    return piece, hashlib.sha256(piece).digest()


def client_context(ca_pem: str, certificate: Path | None = None, key: Path | None = None,
                   key_password: bytes | None = None) -> ssl.SSLContext:
    """Trust the agency CA only (not the system's CAs), present the workstation's certificate (its
    key may be an encrypted PEM: `key_password`, or in the certificate file itself when `key` is None).
    Here rather than in tls.py, which is the server's and imports uvicorn: the laptop needs none of it."""
    context = ssl.create_default_context(cadata=ca_pem)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if certificate is not None:
        try:
            context.load_cert_chain(str(certificate), str(key) if key else None, password=key_password)
        except ssl.SSLError as error:
            raise AgencyError("workstation_identity_unusable", str(error)) from None
    return context


def _read_piece(path: Path, offset: int, length: int) -> bytes:
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            piece = stream.read(length)
    except OSError as error:
        raise AgencyError("part_unreadable", f"{path}: {error.strerror}") from None
    if len(piece) != length:
        raise AgencyError("part_changed", f"{path.name}: shorter than the index says")
    return piece


def load_ca_pem(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise AgencyError("ca_file_unreadable", f"{path}: {error}") from None

