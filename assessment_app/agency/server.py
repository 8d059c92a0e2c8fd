# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-agency serve`: the API on uvicorn with mutual TLS, from the settings.

The TLS context trusts only the agency's CA certificates (read from PostgreSQL at start), so a
client certificate from anyone else is refused in the handshake; tls.py passes the verified
certificate to the application, which refuses unknown and revoked workstations with 403.
"""

from __future__ import annotations

import asyncio
import logging

import uvicorn

from assessment_app.agency.api import Services, build_app
from assessment_app.agency.authority import trusted_cas_pem
from assessment_app.agency.config import AgencyConfig
from assessment_app.agency.database import open_engine, require_head, transaction
from assessment_app.agency.errors import AgencyError
from assessment_app.agency.review_api import open_records_key
from assessment_app.agency.store import DirectoryStore
from assessment_app.agency.tls import protocol_class, server_context


def build_server(config: AgencyConfig, *, log_level: str = "warning") -> uvicorn.Server:
    config.need("database_url", "store_path", "tls_certificate", "tls_key", "records_key")
    for path in (config.tls_certificate, config.tls_key):
        if not path.is_file():
            raise AgencyError("setting_invalid", f"{path}: no such file")
    engine = open_engine(config.database_url)
    require_head(engine)
    with transaction(engine) as session:
        client_cas = trusted_cas_pem(session)
    if not client_cas:
        raise AgencyError("authority_missing")
    services = Services(engine, DirectoryStore(config.store_path), config)
    open_records_key(engine, config.records_key)  # at start: a wrong or missing key is said now, not per request
    try:
        context = server_context(config.tls_certificate, config.tls_key, client_cas)
    except (OSError, ValueError) as error:
        raise AgencyError("setting_invalid", f"TLS: {error}") from None
    uvicorn_config = uvicorn.Config(
        build_app(services), host=config.host, port=config.port, http=protocol_class(), lifespan="off",
        ssl_certfile=str(config.tls_certificate), ssl_keyfile=str(config.tls_key),
        ssl_context_factory=lambda _config, _default: context,
        log_level=log_level, timeout_keep_alive=30, server_header=False)
    return uvicorn.Server(uvicorn_config)


def serve(config: AgencyConfig) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    server = build_server(config, log_level="info")
    asyncio.run(server.serve())
