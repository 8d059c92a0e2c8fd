# SPDX-License-Identifier: GPL-3.0-or-later
"""An RFC 3161 time-stamp client over the standard library's HTTP.

pyHanko's own clients need `requests` or an aiohttp session; a single POST of a DER request
does not justify a new dependency in an offline-first application.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request

from asn1crypto import tsp
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError, set_tsp_headers

TIMEOUT_SECONDS = 5


class UrllibTimeStamper(TimeStamper):
    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS):
        super().__init__()
        self.url = url
        self.timeout = timeout

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return await asyncio.to_thread(self._post, req)

    def _post(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        request = urllib.request.Request(self.url, data=req.dump(), headers=set_tsp_headers({}), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                content_type = response.headers.get("Content-Type", "")
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise TimestampRequestError(f"time-stamp server unreachable: {error}") from error
        if content_type.split(";")[0].strip() != "application/timestamp-reply":
            raise TimestampRequestError(f"not a time-stamp reply: {content_type!r}")
        try:
            return tsp.TimeStampResp.load(body)
        except ValueError as error:
            raise TimestampRequestError(f"malformed time-stamp reply: {error}") from error
