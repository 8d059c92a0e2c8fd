# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency API as an ASGI application (Starlette): authentication by workstation certificate,
the bundle and status endpoints, and the tus endpoints (tus_endpoints.py).
docs/formats/agency-api.md is the reference for every route, status and error.

Every route needs a client certificate of a registered, unrevoked workstation (tls.py hands the
verified certificate to the application); anything else is answered 403 before the route runs.
Database and store calls are blocking (psycopg, files): they run in worker threads, so one slow
disk or query never stalls the other connections.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from anyio import to_thread
from sqlalchemy import Engine, select
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from assessment_app.agency.authority import workstation_for_certificate
from assessment_app.agency.config import AgencyConfig
from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.request_body import bounded_body
from assessment_app.agency.models import Bundle, Upload
from assessment_app.agency.store import BundleStore
from assessment_app.agency.tls import client_certificate_der
from assessment_app.agency.uploads import now_utc, parse_index, register_bundle
from assessment_app.agency.messages import both_languages
from assessment_app.agency.review_messages import REVIEW_STATUS_CODES

API = "/v1"
MAX_INDEX_BYTES = 1024 * 1024
STATUS_CODES = {
    "workstation_unknown": 403, "workstation_revoked": 403,
    "bundle_unknown": 404, "upload_unknown": 404, "part_unknown": 404, "not_found": 404,
    "offset_mismatch": 409, "bundle_already_received": 409,
    "tus_version_unsupported": 412, "upload_too_large": 413, "upload_too_long": 413,
    "unsupported_media_type": 415, "upload_busy": 423, "checksum_mismatch": 460,
    "database_unavailable": 503, "store_failed": 503, "store_full": 507,
    **REVIEW_STATUS_CODES,
}


@dataclass
class Services:
    engine: Engine
    store: BundleStore
    config: AgencyConfig
    clock: object = now_utc

    def now(self) -> datetime.datetime:
        return self.clock()


def error_response(error: AgencyError, headers: dict | None = None) -> JSONResponse:
    status = STATUS_CODES.get(error.reason, 400)
    headers = dict(headers or {})
    if status == 503:
        headers["Retry-After"] = "2"
    return JSONResponse({"error": error.reason, "detail": error.detail, "message": both_languages(error.reason, error.detail)},
                        status_code=status, headers=headers)


class WorkstationAuthentication:
    """ASGI middleware: the request's certificate must be a registered, unrevoked workstation's."""

    def __init__(self, app, services: Services):
        self.app, self.services = app, services

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        der = client_certificate_der(scope)

        def look_up():
            with transaction(self.services.engine) as session:
                workstation = workstation_for_certificate(session, der)
                return workstation.id, workstation.name
        try:
            scope.setdefault("state", {})["workstation"] = await to_thread.run_sync(look_up)
        except AgencyError as error:
            return await error_response(error, {"Tus-Resumable": "1.0.0"})(scope, receive, send)
        await self.app(scope, receive, send)


def workstation_id(request: Request) -> str:
    return request.state.workstation[0]


async def whoami(request: Request) -> Response:
    identifier, name = request.state.workstation
    return JSONResponse({"workstation_id": identifier, "name": name})


async def put_bundle(request: Request) -> Response:
    """Announce a bundle by its index.json (body); the path is the index's SHA-256."""
    services: Services = request.app.state.services
    key = request.path_params["bundle_id"]
    try:
        body = await bounded_body(request, MAX_INDEX_BYTES)
        if hashlib.sha256(body).hexdigest() != key:
            raise AgencyError("index_mismatch", key)
        bundle_id, created = await to_thread.run_sync(lambda: register_bundle(
            services.engine, services.store, body, source="upload", workstation_id=workstation_id(request),
            now=services.now()))
        status = await to_thread.run_sync(lambda: bundle_status(services.engine, bundle_id))
    except AgencyError as error:
        return error_response(error)
    except ClientDisconnect:
        return Response(status_code=400)
    return JSONResponse(status, status_code=201 if created else 200, headers={"Location": f"{API}/bundles/{bundle_id}"})


async def get_bundle(request: Request) -> Response:
    services: Services = request.app.state.services
    try:
        status = await to_thread.run_sync(lambda: bundle_status(services.engine, request.path_params["bundle_id"],
                                                                workstation_id(request)))
    except AgencyError as error:
        return error_response(error)
    return JSONResponse(status)


async def get_case(request: Request) -> Response:
    """Every bundle of a case that this workstation sent, newest first."""
    services: Services = request.app.state.services

    def statuses():
        with transaction(services.engine) as session:
            identifiers = session.scalars(select(Bundle.id).where(
                Bundle.case_id == request.path_params["case_id"], Bundle.workstation_id == workstation_id(request))
                .order_by(Bundle.created_at.desc())).all()
        return [bundle_status(services.engine, identifier) for identifier in identifiers]
    try:
        return JSONResponse({"case_id": request.path_params["case_id"], "bundles": await to_thread.run_sync(statuses)})
    except AgencyError as error:
        return error_response(error)


def bundle_status(engine: Engine, bundle_id: str, workstation: str | None = None) -> dict:
    """What the laptop (or `ltc-agency status`) sees: received bytes per part, the status and,
    once registered, the visit it holds and the reasons of a quarantine."""
    with transaction(engine) as session:
        bundle = session.get(Bundle, bundle_id)
        # Another workstation's bundle is as unknown as a missing one: no probing.
        if bundle is None or (workstation is not None and bundle.workstation_id != workstation):
            raise AgencyError("bundle_unknown", bundle_id)
        uploads = {upload.part_name: upload for upload in session.scalars(select(Upload).where(Upload.bundle_id == bundle_id))}
        parts = []
        for part in parse_index(bundle.index_json):
            upload = uploads.get(part.name)
            parts.append({"name": part.name, "size": part.size, "offset": upload.offset if upload else 0,
                          "upload": f"{API}/uploads/{upload.id}" if upload else None,
                          "complete": bool(upload and upload.completed_at)})

        def moment(value):
            return value.isoformat() if value else None
        return {"bundle": bundle.id, "status": bundle.status, "source": bundle.source,
                "total_bytes": bundle.total_bytes, "received_bytes": sum(part["offset"] for part in parts),
                "parts": parts, "created_at": moment(bundle.created_at), "uploaded_at": moment(bundle.uploaded_at),
                "registered_at": moment(bundle.registered_at), "bundle_id": bundle.bundle_uuid,
                "case_id": bundle.case_id, "visit_id": bundle.visit_id, "record_version": bundle.record_version,
                "duplicate_of": bundle.duplicate_of, "reasons": bundle.reasons or []}


async def not_found(request: Request, exc: Exception) -> Response:
    return error_response(AgencyError("not_found", request.url.path))


def build_app(services: Services) -> WorkstationAuthentication:
    from assessment_app.agency import review_api, supervision_api, tus_endpoints

    routes = [
        Route(f"{API}/whoami", whoami, methods=["GET"]),
        Route(f"{API}/bundles/{{bundle_id:str}}", put_bundle, methods=["PUT"]),
        Route(f"{API}/bundles/{{bundle_id:str}}", get_bundle, methods=["GET"]),
        Route(f"{API}/cases/{{case_id:str}}", get_case, methods=["GET"]),
        *tus_endpoints.routes(API),
        *review_api.routes(API),
        *supervision_api.routes(API),
    ]
    if services.config.raw_endpoint:
        routes.append(Route(f"{API}/raw/{{name:str}}", tus_endpoints.put_raw, methods=["PUT"]))
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    app.state.services = services
    return WorkstationAuthentication(app, services)
