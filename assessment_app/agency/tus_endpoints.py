# SPDX-License-Identifier: GPL-3.0-or-later
"""tus 1.0 (https://tus.io/protocols/resumable-upload): core, creation, checksum (sha256) and
termination, over the upload use cases of uploads.py. One tus upload is one part of a bundle.

Deviation by design: creating an upload for a part that already has one answers 201 with the
existing upload's Location (and its Upload-Offset), so a laptop that lost the creation response
does not start a second copy; a client that then PATCHes at 0 gets 409 and asks HEAD, as tus says.
A PATCH without Upload-Checksum that is cut off keeps what arrived (tus: the server SHOULD); one
with a checksum keeps nothing, since the piece cannot be checked.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import collections
from concurrent.futures import ThreadPoolExecutor

from anyio import to_thread
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from assessment_app.agency.api import Services, error_response, workstation_id
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.models import Bundle
from assessment_app.agency.database import transaction
from assessment_app.agency.uploads import Patch, create_upload, parse_checksum, terminate_upload, upload_state

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,checksum,termination"
OFFSET_TYPE = "application/offset+octet-stream"
WRITE_BLOCK = 1024 * 1024  # bytes gathered before one write to the store (one thread hop per MiB)
MAX_PENDING = 8  # at most 8 MiB per PATCH waiting for the disk


def _headers(**extra: str) -> dict[str, str]:
    return {"Tus-Resumable": TUS_VERSION, **extra}


def _tus_error(error: AgencyError, **extra: str) -> Response:
    headers = _headers(**extra)
    if error.reason == "tus_version_unsupported":
        headers["Tus-Version"] = TUS_VERSION
    return error_response(error, headers)


def _require_tus(request: Request) -> None:
    version = request.headers.get("Tus-Resumable")
    if version != TUS_VERSION:
        raise AgencyError("tus_version_unsupported", version or "none")


def _integer(request: Request, name: str) -> int:
    value = request.headers.get(name)
    if value is None or not value.isdigit():
        raise AgencyError("request_invalid", f"{name}: {value!r}")
    return int(value)


def parse_metadata(header: str | None) -> dict[str, str]:
    """`key base64value,key2 base64value2` (tus creation)."""
    metadata = {}
    for pair in filter(None, (item.strip() for item in (header or "").split(","))):
        key, _, value = pair.partition(" ")
        try:
            metadata[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise AgencyError("request_invalid", f"Upload-Metadata {key}") from None
    return metadata


async def options(request: Request) -> Response:
    services: Services = request.app.state.services
    return Response(status_code=204, headers=_headers(**{
        "Tus-Version": TUS_VERSION, "Tus-Extension": EXTENSIONS, "Tus-Checksum-Algorithm": "sha256",
        "Tus-Max-Size": str(services.config.max_upload_bytes)}))


async def create(request: Request) -> Response:
    services: Services = request.app.state.services
    try:
        _require_tus(request)
        if request.headers.get("Upload-Defer-Length"):
            raise AgencyError("request_invalid", "Upload-Defer-Length is not supported")
        length = _integer(request, "Upload-Length")
        if length > services.config.max_upload_bytes:
            raise AgencyError("upload_too_large", f"{length} > {services.config.max_upload_bytes}")
        metadata = parse_metadata(request.headers.get("Upload-Metadata"))
        if not {"bundle", "part"} <= set(metadata):
            raise AgencyError("request_invalid", "Upload-Metadata needs bundle and part")
        await to_thread.run_sync(lambda: _own_bundle(services, metadata["bundle"], workstation_id(request)))
        state = await to_thread.run_sync(lambda: create_upload(services.engine, services.store, metadata["bundle"],
                                                               metadata["part"], length, services.now()))
    except AgencyError as error:
        return _tus_error(error)
    return Response(status_code=201, headers=_headers(Location=f"{request.url.path.rstrip('/')}/{state.id}",
                                                      **{"Upload-Offset": str(state.offset)}))


def _own_bundle(services: Services, bundle_id: str, workstation: str) -> None:
    with transaction(services.engine) as session:
        bundle = session.get(Bundle, bundle_id)
        if bundle is None or bundle.workstation_id != workstation:
            raise AgencyError("bundle_unknown", bundle_id)


def _own_upload(services: Services, upload_id: str, workstation: str):
    state = upload_state(services.engine, services.store, upload_id, services.now())
    _own_bundle(services, state.bundle_id, workstation)
    return state


async def head(request: Request) -> Response:
    services: Services = request.app.state.services
    try:
        _require_tus(request)
        state = await to_thread.run_sync(lambda: _own_upload(services, request.path_params["upload_id"],
                                                             workstation_id(request)))
    except AgencyError as error:
        return _tus_error(error, **{"Cache-Control": "no-store"})
    return Response(status_code=200, headers=_headers(**{
        "Upload-Offset": str(state.offset), "Upload-Length": str(state.length), "Cache-Control": "no-store"}))


async def patch(request: Request) -> Response:
    services: Services = request.app.state.services
    upload_id = request.path_params["upload_id"]
    try:
        _require_tus(request)
        if request.headers.get("Content-Type") != OFFSET_TYPE:
            return Response(status_code=415, headers=_headers())
        offset = _integer(request, "Upload-Offset")
        checksum = parse_checksum(request.headers.get("Upload-Checksum"))
    except AgencyError as error:
        return _tus_error(error)
    receiving = Patch(services.engine, services.store, upload_id, clock=services.now)
    try:
        return await _receive(request, services, receiving, offset, checksum, workstation_id(request))
    finally:
        await to_thread.run_sync(receiving.close)


async def _receive(request: Request, services: Services, receiving: Patch, offset: int, checksum,
                   workstation: str) -> Response:
    try:
        await to_thread.run_sync(receiving.open, offset, workstation, checksum)
    except AgencyError as error:
        if error.reason == "upload_complete" and receiving.state.length == offset:
            return Response(status_code=204, headers=_headers(**{"Upload-Offset": str(offset)}))
        if error.reason == "upload_complete":
            error = AgencyError("offset_mismatch", f"{offset} ≠ {receiving.state.length}")
        return _tus_error(error)
    # The body is written (hashed, checkpointed) by one thread of this PATCH's own, in order,
    # while the event loop goes on reading: up to MAX_PENDING blocks wait for the disk.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="patch")
    loop = asyncio.get_running_loop()
    pending: collections.deque[asyncio.Future] = collections.deque()
    block = bytearray()
    try:
        async for chunk in request.stream():
            block += chunk
            if len(block) >= WRITE_BLOCK:
                pending.append(loop.run_in_executor(writer, receiving.write, block))
                block = bytearray()
                while len(pending) > MAX_PENDING:
                    await pending.popleft()
        if block:
            pending.append(loop.run_in_executor(writer, receiving.write, block))
            block = bytearray()
        while pending:
            await pending.popleft()
        new_offset = await loop.run_in_executor(writer, receiving.commit, services.now())
    except ClientDisconnect:
        await _settled(pending)
        await loop.run_in_executor(writer, _keep_or_drop, receiving, block, checksum, services)
        return Response(status_code=400, headers=_headers())  # nobody reads it: the client has gone
    except AgencyError as error:
        await _settled(pending)
        await loop.run_in_executor(writer, receiving.abandon)
        return _tus_error(error, **{"Upload-Offset": str(receiving.state.offset)})
    finally:
        await _settled(pending)  # never close the upload under a write still running
        writer.shutdown(wait=False)
    return Response(status_code=204, headers=_headers(**{"Upload-Offset": str(new_offset)}))


async def _settled(pending) -> None:
    """Wait for every queued write to end, whatever its outcome (the caller handles the outcome;
    a write that failed has marked the upload failed, so nothing is acknowledged past it)."""
    while pending:
        try:
            await pending.popleft()
        except Exception:  # noqa: BLE001 - waited for, not handled, here
            pass


def _keep_or_drop(receiving: Patch, block: bytearray, checksum, services: Services) -> None:
    """A cut connection: without a checksum, what arrived is kept and acknowledged (resume starts
    after it); with one, it cannot be checked and is dropped."""
    try:
        if checksum is None:
            if block:
                receiving.write(block)
            if receiving.received:
                receiving.commit(services.now())
            return
    except AgencyError:
        pass
    receiving.abandon()


async def delete(request: Request) -> Response:
    services: Services = request.app.state.services
    upload_id = request.path_params["upload_id"]
    try:
        _require_tus(request)
        await to_thread.run_sync(lambda: _own_upload(services, upload_id, workstation_id(request)))
        await to_thread.run_sync(terminate_upload, services.engine, services.store, upload_id)
    except AgencyError as error:
        return _tus_error(error)
    return Response(status_code=204, headers=_headers())


async def put_raw(request: Request) -> Response:
    """The benchmark's baseline (only with [server] raw_endpoint): the body streamed into the
    store as it comes, no protocol, no hashing — what `curl -T` is compared against."""
    services: Services = request.app.state.services
    staged = services.store.staged(f"raw/{request.path_params['name']}")
    try:
        staged.truncate(0)
        block = bytearray()
        async for chunk in request.stream():
            block += chunk
            if len(block) >= WRITE_BLOCK:
                written, block = block, bytearray()
                await to_thread.run_sync(staged.write, written)
        await to_thread.run_sync(staged.write, block)
        await to_thread.run_sync(staged.sync)
        return Response(status_code=204)
    except AgencyError as error:
        return error_response(error)
    finally:
        staged.close()


def routes(prefix: str) -> list[Route]:
    return [
        Route(f"{prefix}/uploads", options, methods=["OPTIONS"]),
        Route(f"{prefix}/uploads", create, methods=["POST"]),
        Route(f"{prefix}/uploads/{{upload_id:str}}", head, methods=["HEAD"]),
        Route(f"{prefix}/uploads/{{upload_id:str}}", patch, methods=["PATCH"]),
        Route(f"{prefix}/uploads/{{upload_id:str}}", delete, methods=["DELETE"]),
    ]
