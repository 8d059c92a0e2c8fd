# SPDX-License-Identifier: GPL-3.0-or-later
"""The review desk's client (no Qt, standard library only): what a reviewer's workstation and a
laptop pulling its decisions call, over the same mutual TLS as the upload (client.client_context).

    desk = ReviewClient(url, ca_pem=…, certificate=workstation_pem, key=workstation_key)
    desk.sign_in(reviewer_key, reviewer_certificate)       # the reviewer's own signing identity
    page = desk.queue(QueueFilter(review_status="pending"))
    claim = desk.claim_next()
    view = desk.record(claim["visit_id"])
    status, headers, body = desk.segment(visit_id, 1, 3, byte_range=(0, 65535))
    desk.decide(visit_id, signed_decision_pdf)

A refusal raises AgencyError with the server's own reason code and detail (`.status` the HTTP
status), so a screen shows the server's message for it.
"""

from __future__ import annotations

import base64
import http.client
import json
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from cryptography import x509

from assessment_app.agency.client import client_context
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.reviewer_sessions import sign_challenge
from assessment_app.domain.review_queue import QueueFilter
from assessment_app.security.certificates import certificate_pem

API = "/v1"


class ReviewRefused(AgencyError):
    def __init__(self, status: int, reason: str, detail: str, message: dict | None):
        super().__init__(reason, detail)
        self.status, self.message = status, message or {}


class ReviewClient:
    def __init__(self, base_url: str, *, ca_pem: str, certificate: Path, key: Path | None, timeout: float = 60.0,
                 key_password: bytes | None = None):
        parts = urlsplit(base_url)
        if parts.scheme != "https" or not parts.hostname:
            raise AgencyError("request_invalid", f"not https://host:port: {base_url}")
        self.host, self.port, self.timeout = parts.hostname, parts.port or 443, timeout
        # `key` None: the (encrypted, `key_password`) key is in the certificate file, as the
        # laptop's workstation identity hands it over (services/workstation_identity.py).
        self.context = client_context(ca_pem, Path(certificate), Path(key) if key else None, key_password)
        self.token: str | None = None
        self.reviewer: dict | None = None
        self._connection: http.client.HTTPSConnection | None = None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                expected: tuple[int, ...] = (200,)) -> tuple[int, http.client.HTTPMessage, bytes]:
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):  # a kept-alive connection the server closed is retried once
            if self._connection is None:
                self._connection = http.client.HTTPSConnection(self.host, self.port, context=self.context,
                                                               timeout=self.timeout)
            try:
                self._connection.request(method, path, body=body, headers=headers)
                response = self._connection.getresponse()
                status, answer_headers, data = response.status, response.headers, response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise AgencyError("server_unreachable", f"{self.host}:{self.port}") from None
            except (OSError, http.client.HTTPException) as error:
                self.close()
                raise AgencyError("server_unreachable", f"{type(error).__name__}: {error}") from None
        if status not in expected:
            try:
                document = json.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                document = {}
            raise ReviewRefused(status, document.get("error", f"http_{status}"), document.get("detail", ""),
                                document.get("message"))
        return status, answer_headers, data

    def _json(self, method: str, path: str, document: dict | None = None, expected: tuple[int, ...] = (200,)):
        body = None if document is None else json.dumps(document, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"} if body is not None else {}
        status, _, data = self.request(method, path, body, headers, expected)
        return json.loads(data.decode("utf-8")) if data else None

    # --- reviewer ----------------------------------------------------------------------------------

    def sign_in(self, key, certificate: x509.Certificate) -> dict:
        """Sign the server's challenge with the reviewer's signing key; keeps the session token."""
        challenge = self._json("POST", f"{API}/review/challenge")
        signature = sign_challenge(key, base64.b64decode(challenge["message"]))
        self.reviewer = self._json("POST", f"{API}/review/sessions", {
            "nonce": challenge["nonce"], "certificate": certificate_pem(certificate),
            "signature": base64.b64encode(signature).decode("ascii")}, expected=(201,))
        self.token = self.reviewer["token"]
        return self.reviewer

    def sign_out(self) -> None:
        self.request("DELETE", f"{API}/review/sessions", expected=(204,))
        self.token = self.reviewer = None

    def me(self) -> dict:
        return self._json("GET", f"{API}/review/me")

    def queue(self, filters: QueueFilter = QueueFilter(), *, page: int = 1, page_size: int = 50) -> dict:
        query = {"page": page, "page_size": page_size, **_filter_query(filters)}
        return self._json("GET", f"{API}/review/queue?{urlencode(query)}")

    def claim_next(self, filters: QueueFilter = QueueFilter()) -> dict | None:
        return self._json("POST", f"{API}/review/claims/next", _filter_query(filters))["claim"]

    def claim(self, visit_id: str) -> dict:
        return self._json("POST", f"{API}/review/records/{quote(visit_id)}/claim")["claim"]

    def release(self, visit_id: str) -> None:
        self.request("DELETE", f"{API}/review/records/{quote(visit_id)}/claim", expected=(204,))

    def record(self, visit_id: str, language: str = "zh_CN") -> dict:
        return self._json("GET", f"{API}/review/records/{quote(visit_id)}?lang={language}")

    def file(self, visit_id: str, name: str) -> bytes:
        return self.request("GET", f"{API}/review/records/{quote(visit_id)}/files/{quote(name)}")[2]

    def segment(self, visit_id: str, chain: int, sequence: int, byte_range: tuple[int, int | None] | None = None,
                range_header: str | None = None):
        """(status, headers, body); `byte_range` (first, last or None) asks for part of it (206)."""
        headers = {}
        if byte_range is not None:
            first, last = byte_range
            headers["Range"] = f"bytes={first}-{'' if last is None else last}"
        if range_header is not None:
            headers["Range"] = range_header
        return self.request("GET", f"{API}/review/records/{quote(visit_id)}/video/{chain}/{sequence}",
                            headers=headers, expected=(200, 206))

    def decide(self, visit_id: str, decision_pdf: bytes) -> dict:
        status, _, data = self.request("POST", f"{API}/review/records/{quote(visit_id)}/decision", decision_pdf,
                                       {"Content-Type": "application/pdf"}, expected=(201,))
        return json.loads(data.decode("utf-8"))

    def draw_sample(self, percent: float, seed: str, filters: QueueFilter = QueueFilter()) -> dict:
        return self._json("POST", f"{API}/review/samples",
                          {"percent": percent, "seed": seed, "filters": _filter_query(filters)}, expected=(201,))

    def sample(self, sample_id: int) -> dict:
        """A drawn sample with its whole population (the draw can be recomputed from it)."""
        return self._json("GET", f"{API}/review/samples/{int(sample_id)}")

    def publicity(self, *, since: str | None = None, until: str | None = None, form: str = "json",
                  language: str = "zh_CN"):
        query = {key: value for key, value in (("since", since), ("until", until), ("format", form),
                                               ("lang", language)) if value}
        status, _, data = self.request("GET", f"{API}/review/publicity?{urlencode(query)}")
        return json.loads(data.decode("utf-8")) if form == "json" else data

    def dashboard(self, name: str | None = None, *, form: str = "json", language: str = "zh_CN", **filters):
        if name is None:
            return self._json("GET", f"{API}/review/dashboard")
        query = {key: value for key, value in filters.items() if value is not None}
        if form == "csv":
            query.update({"format": "csv", "lang": language})
            return self.request("GET", f"{API}/review/dashboard/{name}?{urlencode(query)}")[2]
        return self._json("GET", f"{API}/review/dashboard/{name}?{urlencode(query)}")

    def settings(self) -> dict:
        return self._json("GET", f"{API}/review/settings")

    def change_setting(self, key: str, value: str) -> dict:
        return self._json("PUT", f"{API}/review/settings/{quote(key)}", {"value": value})

    # --- laptop ------------------------------------------------------------------------------------

    def decisions(self, *, include_delivered: bool = False) -> list[dict]:
        return self._json("GET", f"{API}/decisions{'?all=1' if include_delivered else ''}")["decisions"]

    def decision_file(self, review_id: str) -> bytes:
        return self.request("GET", f"{API}/decisions/{quote(review_id)}")[2]

    def delivered(self, review_id: str) -> dict:
        return self._json("POST", f"{API}/decisions/{quote(review_id)}/delivered")


def _filter_query(filters: QueueFilter) -> dict:
    names = {"review_status": "review_status", "expert_id": "expert", "grade_code": "grade", "flag": "flag"}
    return {names[key]: value for key, value in filters.used().items()}
