# SPDX-License-Identifier: GPL-3.0-or-later
"""Mutual TLS for the agency API: the server's context, and how the application learns the
verified client certificate.

The handshake requires a client certificate chaining to the agency CA (anything else is refused
before HTTP starts). uvicorn does not fill in the ASGI TLS extension, so its HTTP protocol is
subclassed: when a connection is made (after the handshake), the peer's certificate is taken
from the SSL object and every request of that connection gets it as
`scope["extensions"]["tls"]["client_cert_chain"]` — the ASGI TLS extension's own key
(https://asgi.readthedocs.io/en/latest/specs/tls.html), so the application reads the standard
place and would work unchanged on a server that fills it in itself. The application then checks
the certificate against the registered, unrevoked workstations (403 otherwise).
"""

from __future__ import annotations

import ssl
from pathlib import Path

from uvicorn.protocols.http.h11_impl import H11Protocol

try:  # the faster parser when installed; same hook
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools is optional
    HttpToolsProtocol = None


def server_context(certificate: Path, key: Path, client_cas_pem: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(certificate), str(key))
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cadata=client_cas_pem)
    return context


def _tls_extension(transport) -> dict:
    ssl_object = transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return {}
    der = ssl_object.getpeercert(binary_form=True)
    cipher = ssl_object.cipher()
    return {"tls": {"server_cert": None,
                    "client_cert_chain": [ssl.DER_cert_to_PEM_cert(der)] if der else [],
                    "client_cert_name": None, "client_cert_error": None,
                    "tls_version": {"TLSv1.2": 0x0303, "TLSv1.3": 0x0304}.get(ssl_object.version()),
                    "cipher_suite": None if cipher is None else cipher[0]}}


def _with_extensions(app, extensions: dict):
    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and extensions:
            scope["extensions"] = {**(scope.get("extensions") or {}), **extensions}
        await app(scope, receive, send)
    return wrapped


class _ClientCertificateMixin:
    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # Per connection: this protocol object serves exactly one connection.
        self.app = _with_extensions(self.app, _tls_extension(transport))


class ClientCertificateH11Protocol(_ClientCertificateMixin, H11Protocol):
    pass


if HttpToolsProtocol is not None:
    class ClientCertificateHttpToolsProtocol(_ClientCertificateMixin, HttpToolsProtocol):
        pass
else:  # pragma: no cover
    ClientCertificateHttpToolsProtocol = None


def protocol_class():
    return ClientCertificateHttpToolsProtocol or ClientCertificateH11Protocol


def client_certificate_der(scope) -> bytes | None:
    chain = ((scope.get("extensions") or {}).get("tls") or {}).get("client_cert_chain") or []
    return ssl.PEM_cert_to_DER_cert(chain[0]) if chain else None
