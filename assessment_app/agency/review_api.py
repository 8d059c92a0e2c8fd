# SPDX-License-Identifier: GPL-3.0-or-later
"""The review desk's routes (docs/formats/agency-api.md, "The review desk"): reviewers' sign-in,
the shared queue with claims, the record with its files and video by byte range, decisions; and
the routes laptops pull decisions from. The sample, 公示 list, dashboard and settings are in
supervision_api.py, on the same machinery (`endpoint`, `Call`).

Every route is behind the workstation certificate check of api.py. Reviewer routes also need
`Authorization: Bearer <token>` of a session opened on the same workstation
(reviewer_sessions.py), and a role that may do what the route does. Handlers run in a worker
thread (database, store, decryption are blocking); a streamed body is produced in one too.
"""

from __future__ import annotations

import datetime
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from anyio import to_thread
from sqlalchemy import Engine
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from assessment_app.agency import claims, record_view, review_decisions
from assessment_app.agency import review_queue, review_settings, reviewer_sessions
from assessment_app.agency.database import transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.request_body import bounded_body
from assessment_app.agency.http_ranges import parse_range
from assessment_app.agency.records_key import RecordsKey, load_records_key
from assessment_app.agency.review_trust import ADMINISTRATOR, REVIEWER, Trust, current_trust
from assessment_app.domain.review_queue import QueueFilter

READ_ONLY = (REVIEWER, ADMINISTRATOR)
_JSON_LIMIT = 64 * 1024


def open_records_key(engine: Engine, path: Path) -> RecordsKey:
    """The key, checked against the id the database remembers (records_key_mismatch)."""
    key = load_records_key(path)
    with transaction(engine) as session:
        review_settings.check_records_key(session, key, datetime.datetime.now(datetime.timezone.utc))
    return key


@dataclass
class Call:
    """What a handler gets: the services, who asks, the path and query parameters, the body."""

    request: Request
    services: object
    key: RecordsKey
    reviewer: reviewer_sessions.Reviewer | None
    workstation_id: str
    body: bytes = b""
    now: datetime.datetime = field(default_factory=lambda: datetime.datetime.now(datetime.timezone.utc))

    @property
    def engine(self) -> Engine:
        return self.services.engine

    def param(self, name: str) -> str:
        return self.request.path_params[name]

    def query(self, name: str, default: str | None = None) -> str | None:
        value = self.request.query_params.get(name)
        return default if value in (None, "") else value

    def json(self) -> dict:
        try:
            document = json.loads(self.body or b"{}")
        except ValueError:
            raise AgencyError("request_invalid", "body is not JSON") from None
        if not isinstance(document, dict):
            raise AgencyError("request_invalid", "body is not a JSON object")
        return document


def _key(request: Request) -> RecordsKey:
    key = getattr(request.app.state, "records_key", None)
    if key is None:
        services = request.app.state.services
        if services.config.records_key is None:
            raise AgencyError("setting_missing", "[review] records_key / LTC_AGENCY_RECORDS_KEY")
        key = request.app.state.records_key = open_records_key(services.engine, services.config.records_key)
    return key


def endpoint(handler: Callable[[Call], Response], *, roles: tuple[str, ...] | None, body_limit: int = 0):
    """An ASGI endpoint: reads the body (bounded), finds the reviewer (when `roles` is given),
    runs the handler in a thread, and turns AgencyError into the API's JSON error."""
    from assessment_app.agency.api import error_response, workstation_id

    async def run(request: Request) -> Response:
        services = request.app.state.services
        try:
            body = await bounded_body(request, body_limit) if body_limit else b""

            def work() -> Response:
                key = _key(request)
                call = Call(request, services, key, None, workstation_id(request), body, services.now())
                if roles is not None:
                    call.reviewer = _reviewer(call, roles)
                return handler(call)
            return await to_thread.run_sync(work)
        except AgencyError as error:
            headers = {"Content-Range": error.detail} if error.reason == "range_not_satisfiable" else None
            return error_response(error, headers)
        except ClientDisconnect:
            return Response(status_code=400)
    return run


def _reviewer(call: Call, roles: tuple[str, ...]) -> reviewer_sessions.Reviewer:
    header = call.request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    with transaction(call.engine) as session:
        reviewer = reviewer_sessions.reviewer_for_token(session, token, call.workstation_id, call.now)
    if reviewer.role not in roles:
        raise AgencyError("role_not_allowed", reviewer.role)
    return reviewer


def _names(trust: Trust | None) -> dict[str, str]:
    return {entry.expert_number: entry.name for entry in trust.package.experts} if trust else {}


def _trust_or_none(session) -> Trust | None:
    try:
        return current_trust(session)
    except AgencyError:
        return None


# --- sign-in ---------------------------------------------------------------------------------------

def challenge(call: Call) -> Response:
    with transaction(call.engine) as session:
        return JSONResponse(reviewer_sessions.new_challenge(session, call.workstation_id, call.now))


def open_session(call: Call) -> Response:
    document = call.json()
    result = reviewer_sessions.sign_in(call.engine, call.workstation_id, nonce=str(document.get("nonce", "")),
                                       certificate_pem_text=str(document.get("certificate", "")),
                                       signature_b64=str(document.get("signature", "")), now=call.now)
    return JSONResponse(result, status_code=201)


def close_session(call: Call) -> Response:
    header = call.request.headers.get("authorization", "")
    with transaction(call.engine) as session:
        reviewer_sessions.sign_out(session, header[7:].strip(), call.now)
    return Response(status_code=204)


def me(call: Call) -> Response:
    with transaction(call.engine) as session:
        held = claims.claims_of(session, call.reviewer.expert_number, call.now)
    return JSONResponse({"expert_number": call.reviewer.expert_number, "name": call.reviewer.name,
                         "role": call.reviewer.role, "workstation_id": call.workstation_id,
                         "claims": [claim.to_json() for claim in held]})


# --- queue, claims, records -------------------------------------------------------------------------

def _filters(values) -> QueueFilter:
    grade = values.get("grade")
    try:
        grade_code = None if grade in (None, "") else int(grade)
    except (TypeError, ValueError):
        raise AgencyError("request_invalid", f"grade {grade}") from None
    return review_queue.check_filter(QueueFilter(values.get("review_status") or None, values.get("expert") or None,
                                                 grade_code, values.get("flag") or None))


def queue(call: Call) -> Response:
    try:
        page = review_queue.Page(int(call.query("page", "1")), int(call.query("page_size", "50")))
    except ValueError:
        raise AgencyError("request_invalid", "page, page_size") from None
    with transaction(call.engine) as session:
        names = _names(_trust_or_none(session))
        return JSONResponse(review_queue.queue_page(session, call.key, _filters(call.request.query_params), page,
                                                    names, call.now))


def claim_next(call: Call) -> Response:
    with transaction(call.engine) as session:
        claim = claims.claim_next(session, call.reviewer.expert_number, call.now, _filters(call.json()))
    return JSONResponse({"claim": claim.to_json() if claim else None})


def claim_record(call: Call) -> Response:
    with transaction(call.engine) as session:
        claim = claims.claim_record(session, call.param("visit_id"), call.reviewer.expert_number, call.now)
    return JSONResponse({"claim": claim.to_json()})


def release_record(call: Call) -> Response:
    with transaction(call.engine) as session:
        claims.release_claim(session, call.param("visit_id"), call.reviewer.expert_number, call.now)
    return Response(status_code=204)


def get_record(call: Call) -> Response:
    with transaction(call.engine) as session:
        names = _names(_trust_or_none(session))
        view = record_view.record_view(session, call.key, call.param("visit_id"), names, call.now,
                                       call.query("lang", "zh_CN"))
    return JSONResponse(view)


def _ranged(call: Call, name: str, opened_by: Callable) -> Response:
    with transaction(call.engine) as session:
        opened = opened_by(session)
    size = opened.member.size
    try:
        wanted = parse_range(call.request.headers.get("range"), size)
    except AgencyError:
        opened.plaintext.close()
        raise
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    media_type = record_view.media_type(name)
    first, last = wanted if wanted is not None else (0, size - 1)
    # The first chunk is decrypted before the answer starts: a damaged bundle is a clear error, not
    # a stream that breaks off (damage further on still cuts the stream: never a wrong byte).
    pieces = opened.pieces(first, last - first + 1)
    head = next(pieces, b"")
    body = itertools.chain([head], pieces)
    if wanted is None:
        return StreamingResponse(body, media_type=media_type, headers={**headers, "Content-Length": str(size)})
    return StreamingResponse(body, status_code=206, media_type=media_type,
                             headers={**headers, "Content-Length": str(last - first + 1),
                                      "Content-Range": f"bytes {first}-{last}/{size}"})


def get_file(call: Call) -> Response:
    name = call.param("name")
    if not record_view.FILE_MEMBERS.fullmatch(name):
        raise AgencyError("file_unknown", name)
    return _ranged(call, name, lambda session: record_view.open_member(session, call.services.store, call.key,
                                                                       call.param("visit_id"), name))


def get_segment(call: Call) -> Response:
    def opened(session):
        row = record_view.load_record(session, call.param("visit_id"))
        member = record_view.segment_member(row.timeline, call.param("chain"), call.param("sequence"))
        return record_view.open_member(session, call.services.store, call.key, row.visit_id, member)
    return _ranged(call, "segment.mp4", opened)


def post_decision(call: Call) -> Response:
    if not call.reviewer.may_decide:
        raise AgencyError("role_not_allowed", call.reviewer.role)
    stored = review_decisions.receive_decision(call.engine, call.services.store, call.key, call.body,
                                               visit_id=call.param("visit_id"), reviewer=call.reviewer, now=call.now)
    return JSONResponse(stored, status_code=201)


def reviewer_decision_file(call: Call) -> Response:
    pdf = review_decisions.decision_file(call.engine, call.services.store, call.key, call.param("review_id"), None)
    return Response(pdf, media_type="application/pdf", headers={"Cache-Control": "no-store"})


# --- laptops pull their decisions -----------------------------------------------------------------

def laptop_decisions(call: Call) -> Response:
    listed = review_decisions.pending_for_workstation(call.engine, call.workstation_id,
                                                      include_delivered=call.query("all") in ("1", "true"))
    return JSONResponse({"decisions": listed})


def laptop_decision_file(call: Call) -> Response:
    pdf = review_decisions.decision_file(call.engine, call.services.store, call.key, call.param("review_id"),
                                         call.workstation_id)
    return Response(pdf, media_type="application/pdf", headers={"Cache-Control": "no-store"})


def laptop_delivered(call: Call) -> Response:
    return JSONResponse(review_decisions.mark_delivered(call.engine, call.param("review_id"), call.workstation_id,
                                                        call.now))


def routes(api: str) -> list[Route]:
    desk = f"{api}/review"
    record = f"{desk}/records/{{visit_id:str}}"
    return [
        Route(f"{desk}/challenge", endpoint(challenge, roles=None), methods=["POST"]),
        Route(f"{desk}/sessions", endpoint(open_session, roles=None, body_limit=_JSON_LIMIT), methods=["POST"]),
        Route(f"{desk}/sessions", endpoint(close_session, roles=READ_ONLY), methods=["DELETE"]),
        Route(f"{desk}/me", endpoint(me, roles=READ_ONLY), methods=["GET"]),
        Route(f"{desk}/queue", endpoint(queue, roles=(REVIEWER,)), methods=["GET"]),
        Route(f"{desk}/claims/next", endpoint(claim_next, roles=(REVIEWER,), body_limit=_JSON_LIMIT), methods=["POST"]),
        Route(f"{record}", endpoint(get_record, roles=(REVIEWER,)), methods=["GET"]),
        Route(f"{record}/claim", endpoint(claim_record, roles=(REVIEWER,)), methods=["POST"]),
        Route(f"{record}/claim", endpoint(release_record, roles=(REVIEWER,)), methods=["DELETE"]),
        Route(f"{record}/files/{{name:path}}", endpoint(get_file, roles=(REVIEWER,)), methods=["GET"]),
        Route(f"{record}/video/{{chain:int}}/{{sequence:int}}", endpoint(get_segment, roles=(REVIEWER,)),
              methods=["GET"]),
        Route(f"{record}/decision", endpoint(post_decision, roles=(REVIEWER,),
                                             body_limit=review_decisions.MAX_DECISION_BYTES), methods=["POST"]),
        Route(f"{desk}/decisions/{{review_id:str}}", endpoint(reviewer_decision_file, roles=(REVIEWER,)),
              methods=["GET"]),
        Route(f"{api}/decisions", endpoint(laptop_decisions, roles=None), methods=["GET"]),
        Route(f"{api}/decisions/{{review_id:str}}", endpoint(laptop_decision_file, roles=None), methods=["GET"]),
        Route(f"{api}/decisions/{{review_id:str}}/delivered", endpoint(laptop_delivered, roles=None),
              methods=["POST"]),
    ]
