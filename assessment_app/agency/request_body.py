# SPDX-License-Identifier: GPL-3.0-or-later
"""A request's body read into memory up to a limit: the JSON and index documents the API takes
are small, and a client sending more is refused before the server holds it all."""

from __future__ import annotations

from starlette.requests import Request

from assessment_app.agency.errors import AgencyError


async def bounded_body(request: Request, limit: int) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise AgencyError("request_invalid", f"body larger than {limit} bytes")
    return bytes(body)
