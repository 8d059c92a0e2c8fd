# SPDX-License-Identifier: GPL-3.0-or-later
"""The upload endpoints against the tus 1.0 specification (core, creation, checksum, termination),
request by request, and the agency's own rules on top (parts of an announced bundle only)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import ssl
import threading
import time

import pytest

from assessment_app.bundle.parts import PartInfo, index_bytes, read_index

from tests.agency.harness import RawHttp, ServerThread

TUS = {"Tus_Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"


def _checksum(data: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


def _metadata(**values: str) -> str:
    return ",".join(f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in values.items())


@pytest.fixture
def served(agency, demo_bundle):
    workstation = agency.workstation()
    with ServerThread(agency.config) as server:
        http = RawHttp(server.url, agency.ca_pem, workstation)
        index = (demo_bundle.directory / "index.json").read_bytes()
        key = hashlib.sha256(index).hexdigest()
        status, _, body = http.request("PUT", f"/v1/bundles/{key}", index)
        assert status == 201, body
        yield http, key, read_index(demo_bundle.directory), server, workstation


def _create(http, key, part):
    status, headers, body = http.request("POST", "/v1/uploads", b"", **TUS, Upload_Length=str(part.size),
                                         Upload_Metadata=_metadata(bundle=key, part=part.name))
    assert status == 201, body
    assert headers["Tus-Resumable"] == "1.0.0"
    return headers["Location"]


def test_options_announces_version_extensions_and_checksum_algorithm(served):
    http = served[0]
    status, headers, _ = http.request("OPTIONS", "/v1/uploads")
    assert status == 204
    assert headers["Tus-Version"] == "1.0.0"
    assert set(headers["Tus-Extension"].split(",")) == {"creation", "checksum", "termination"}
    assert headers["Tus-Checksum-Algorithm"] == "sha256"
    assert int(headers["Tus-Max-Size"]) > 0


def test_a_request_without_the_tus_version_is_refused_with_412(served):
    http, key, parts, *_ = served
    status, headers, body = http.request("POST", "/v1/uploads", b"", Upload_Length=str(parts[0].size),
                                         Upload_Metadata=_metadata(bundle=key, part=parts[0].name))
    assert status == 412 and headers["Tus-Version"] == "1.0.0"
    assert json.loads(body)["error"] == "tus_version_unsupported"


def test_head_gives_offset_and_length_and_is_not_cached(served):
    http, key, parts, *_ = served
    location = _create(http, key, parts[0])
    status, headers, _ = http.request("HEAD", location, **TUS)
    assert status == 200
    assert (headers["Upload-Offset"], headers["Upload-Length"]) == ("0", str(parts[0].size))
    assert headers["Cache-Control"] == "no-store"


def test_creating_the_same_part_twice_gives_the_same_upload(served):
    http, key, parts, *_ = served
    assert _create(http, key, parts[0]) == _create(http, key, parts[0])


def test_creation_refuses_parts_not_in_the_index_and_wrong_lengths(served):
    http, key, parts, *_ = served
    status, _, body = http.request("POST", "/v1/uploads", b"", **TUS, Upload_Length="10",
                                   Upload_Metadata=_metadata(bundle=key, part="part-0099.age"))
    assert (status, json.loads(body)["error"]) == (404, "part_unknown")
    status, _, body = http.request("POST", "/v1/uploads", b"", **TUS, Upload_Length=str(parts[0].size + 1),
                                   Upload_Metadata=_metadata(bundle=key, part=parts[0].name))
    assert (status, json.loads(body)["error"]) == (400, "part_length_mismatch")
    status, _, body = http.request("POST", "/v1/uploads", b"", **TUS, Upload_Length="10",
                                   Upload_Metadata=_metadata(bundle="0" * 64, part=parts[0].name))
    assert (status, json.loads(body)["error"]) == (404, "bundle_unknown")


def test_patch_appends_at_the_offset_and_checks_the_checksum(served, demo_bundle):
    http, key, parts, *_ = served
    location = _create(http, key, parts[0])
    data = (demo_bundle.directory / parts[0].name).read_bytes()
    status, headers, _ = http.request("PATCH", location, data[:1000], **TUS, Content_Type=OCTETS,
                                      Upload_Offset="0", Upload_Checksum=_checksum(data[:1000]))
    assert (status, headers["Upload-Offset"]) == (204, "1000")
    # A damaged piece: 460, nothing acknowledged.
    status, _, body = http.request("PATCH", location, data[1000:2000], **TUS, Content_Type=OCTETS,
                                   Upload_Offset="1000", Upload_Checksum=_checksum(b"other bytes"))
    assert (status, json.loads(body)["error"]) == (460, "checksum_mismatch")
    assert http.request("HEAD", location, **TUS)[1]["Upload-Offset"] == "1000"
    # The wrong offset: 409.
    status, _, body = http.request("PATCH", location, data[500:600], **TUS, Content_Type=OCTETS, Upload_Offset="500")
    assert (status, json.loads(body)["error"]) == (409, "offset_mismatch")
    # The wrong content type: 415.
    assert http.request("PATCH", location, data[1000:1100], **TUS, Content_Type="application/json",
                        Upload_Offset="1000")[0] == 415
    # An unknown checksum algorithm: 400.
    status, _, body = http.request("PATCH", location, data[1000:1100], **TUS, Content_Type=OCTETS,
                                   Upload_Offset="1000", Upload_Checksum="md5 AAAA")
    assert (status, json.loads(body)["error"]) == (400, "checksum_algorithm_unsupported")
    # More than the declared length: refused, nothing acknowledged.
    status, _, body = http.request("PATCH", location, data[1000:] + b"extra", **TUS, Content_Type=OCTETS,
                                   Upload_Offset="1000")
    assert (status, json.loads(body)["error"]) == (413, "upload_too_long")
    assert http.request("HEAD", location, **TUS)[1]["Upload-Offset"] == "1000"
    status, headers, _ = http.request("PATCH", location, data[1000:], **TUS, Content_Type=OCTETS,
                                      Upload_Offset="1000", Upload_Checksum=_checksum(data[1000:]))
    assert (status, headers["Upload-Offset"]) == (204, str(len(data)))


def test_termination_forgets_the_upload(served, agency):
    http, key, parts, *_ = served
    location = _create(http, key, parts[0])
    assert http.request("PATCH", location, b"x" * 10, **TUS, Content_Type=OCTETS, Upload_Offset="0")[0] == 204
    assert http.request("DELETE", location, **TUS)[0] == 204
    assert http.request("HEAD", location, **TUS)[0] == 404
    upload_id = location.rsplit("/", 1)[1]
    assert agency.store.stat(f"incoming/{upload_id}") is None


def _cut_patch(server, workstation, ca_pem, location: str, piece: bytes, declared: int, checksum: str | None,
               before_close=lambda: None):
    """Send headers announcing `declared` bytes, then only `piece`, then close the socket."""
    from assessment_app.agency.client import client_context

    context = client_context(ca_pem, workstation.certificate, workstation.key)
    raw = socket.create_connection(("127.0.0.1", server.config.port))
    with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        lines = [f"PATCH {location} HTTP/1.1", "Host: 127.0.0.1", "Tus-Resumable: 1.0.0",
                 f"Content-Type: {OCTETS}", "Upload-Offset: 0", f"Content-Length: {declared}"]
        if checksum:
            lines.append(f"Upload-Checksum: {checksum}")
        tls.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + piece)
        before_close()
        try:
            tls.unwrap()
        except (ssl.SSLError, OSError):
            pass


def _offset_after_cut(http, location, store, timeout=30.0) -> int:
    deadline = time.monotonic() + timeout
    staged = f"incoming/{location.rsplit('/', 1)[1]}"
    while store.stat(staged) is None and time.monotonic() < deadline:
        time.sleep(0.02)  # the server has not taken up the cut PATCH yet
    while True:
        status, headers, _ = http.request("HEAD", location, **TUS)
        # While the server still holds the cut PATCH the upload is busy; then the offset is final.
        busy = http.request("PATCH", location, b"", **TUS, Content_Type=OCTETS,
                            Upload_Offset=headers["Upload-Offset"])[0] == 423
        if not busy or time.monotonic() > deadline:
            return int(http.request("HEAD", location, **TUS)[1]["Upload-Offset"])
        time.sleep(0.05)


@pytest.fixture
def large_part(served, tmp_path):
    """An announced bundle whose one part is 4 MiB (random bytes: only its size and hash matter
    until a worker looks), so a PATCH spans several of the server's write blocks."""
    http = served[0]
    data = os.urandom(4 * 1024 * 1024)
    directory = tmp_path / "large"
    directory.mkdir()
    (directory / "part-0001.age").write_bytes(data)
    index = index_bytes([PartInfo("part-0001.age", len(data), hashlib.sha256(data).hexdigest())])
    (directory / "index.json").write_bytes(index)
    key = hashlib.sha256(index).hexdigest()
    assert http.request("PUT", f"/v1/bundles/{key}", index)[0] == 201
    return key, read_index(directory)[0], data


def _cut_after_written(served, agency, large_part, checksum: bool) -> tuple[str, int]:
    """Send 3 of the 4 MiB, wait until the server has written at least two blocks of them, cut."""
    http, _, _, server, workstation = served
    key, part, data = large_part
    location = _create(http, key, part)
    staged = f"incoming/{location.rsplit('/', 1)[1]}"
    sent = 3 * 1024 * 1024

    def written_two_blocks():
        deadline = time.monotonic() + 30
        while (agency.store.stat(staged) or 0) < 2 * 1024 * 1024 and time.monotonic() < deadline:
            time.sleep(0.01)
    _cut_patch(server, workstation, agency.ca_pem, location, data[:sent], len(data),
               _checksum(data) if checksum else None, before_close=written_two_blocks)
    return location, _offset_after_cut(http, location, agency.store)


def test_a_cut_patch_without_checksum_keeps_what_arrived(served, agency, large_part):
    http, key, *_ = served
    _, part, data = large_part
    location, offset = _cut_after_written(served, agency, large_part, checksum=False)
    assert 2 * 1024 * 1024 <= offset <= 3 * 1024 * 1024  # what reached the application, not less
    status, headers, _ = http.request("PATCH", location, data[offset:], **TUS, Content_Type=OCTETS,
                                      Upload_Offset=str(offset))
    assert (status, headers["Upload-Offset"]) == (204, str(len(data)))
    stored = agency.store.local_directory(f"bundles/{large_part[0]}") / part.name
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == part.sha256


def test_a_cut_patch_with_a_checksum_keeps_nothing(served, agency, large_part):
    _, offset = _cut_after_written(served, agency, large_part, checksum=True)
    assert offset == 0  # two blocks were on disk already: they are dropped, never acknowledged


def test_two_patches_of_one_upload_at_once_the_second_is_told_busy(served, agency, demo_bundle):
    http, key, parts, server, workstation = served
    location = _create(http, key, parts[0])
    from assessment_app.agency.client import client_context

    context = client_context(agency.ca_pem, workstation.certificate, workstation.key)
    with context.wrap_socket(socket.create_connection(("127.0.0.1", server.config.port)),
                             server_hostname="127.0.0.1") as first:
        first.sendall((f"PATCH {location} HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nContent-Type: {OCTETS}\r\n"
                       f"Upload-Offset: 0\r\nContent-Length: {parts[0].size}\r\n\r\n").encode() + b"a" * 1000)
        status, deadline = None, time.monotonic() + 30  # bounded; a loaded machine may take seconds
        while time.monotonic() < deadline:  # until the first PATCH holds the upload
            # An empty PATCH changes nothing while the upload is free, and is told busy once it is held.
            status, _, body = http.request("PATCH", location, b"", **TUS, Content_Type=OCTETS, Upload_Offset="0")
            if status == 423:
                break
            threading.Event().wait(0.05)
        assert status == 423 and json.loads(body)["error"] == "upload_busy"


def test_another_workstation_cannot_see_or_touch_the_bundle(served, agency):
    http, key, parts, server, _ = served
    location = _create(http, key, parts[0])
    other = RawHttp(server.url, agency.ca_pem, agency.workstation("另一台"))
    assert other.request("GET", f"/v1/bundles/{key}")[0] == 404
    assert other.request("HEAD", location, **TUS)[0] == 404
    assert other.request("PATCH", location, b"x", **TUS, Content_Type=OCTETS, Upload_Offset="0")[0] == 404


def test_an_index_that_does_not_hash_to_its_address_is_refused(served, demo_bundle):
    http = served[0]
    index = (demo_bundle.directory / "index.json").read_bytes()
    status, _, body = http.request("PUT", f"/v1/bundles/{'0' * 64}", index)
    assert (status, json.loads(body)["error"]) == (400, "index_mismatch")
    bad = b'{"format": "something else"}'
    status, _, body = http.request("PUT", f"/v1/bundles/{hashlib.sha256(bad).hexdigest()}", bad)
    assert (status, json.loads(body)["error"]) == (400, "index_invalid")


def test_a_long_patch_is_acknowledged_as_it_goes(served, agency, large_part, monkeypatch):
    """Without a checksum the server checkpoints within one PATCH (every ~1 MiB block here):
    stopped by a full disk past 3 MiB, everything written before stays acknowledged, and the
    staged bytes end exactly at the acknowledged offset."""
    from assessment_app.agency import uploads
    from assessment_app.agency.store import StoreError, _StagedFile

    http, *_ = served
    key, part, data = large_part
    monkeypatch.setattr(uploads, "CHECKPOINT_EVERY", 1024 * 1024)
    original = _StagedFile.write

    def fills_up_after_3_mib(self, block):
        if self.size() >= 3 * 1024 * 1024:
            raise StoreError("store_full", "test")
        original(self, block)
    monkeypatch.setattr(_StagedFile, "write", fills_up_after_3_mib)
    location = _create(http, key, part)
    status, headers, body = http.request("PATCH", location, data, **TUS, Content_Type=OCTETS, Upload_Offset="0")
    assert (status, json.loads(body)["error"]) == (507, "store_full")
    offset = int(http.request("HEAD", location, **TUS)[1]["Upload-Offset"])
    assert 3 * 1024 * 1024 <= offset < len(data)
    assert agency.store.stat(f"incoming/{location.rsplit('/', 1)[1]}") == offset


def test_bytes_past_the_acknowledged_offset_are_never_kept(served, agency, demo_bundle):
    """A server killed between writing and acknowledging leaves unacknowledged bytes in the
    staged file; the next PATCH starts at the acknowledged offset, not after them."""
    http, key, parts, *_ = served
    location = _create(http, key, parts[0])
    data = (demo_bundle.directory / parts[0].name).read_bytes()
    assert http.request("PATCH", location, data[:1000], **TUS, Content_Type=OCTETS, Upload_Offset="0")[0] == 204
    staged = agency.store.path(f"incoming/{location.rsplit('/', 1)[1]}")
    with open(staged, "ab") as stream:
        stream.write(b"never acknowledged" * 100)
    status, headers, _ = http.request("PATCH", location, data[1000:], **TUS, Content_Type=OCTETS,
                                      Upload_Offset="1000")
    assert (status, headers["Upload-Offset"]) == (204, str(len(data)))
    stored = agency.store.local_directory(f"bundles/{key}") / parts[0].name
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == parts[0].sha256
