# SPDX-License-Identifier: GPL-3.0-or-later
"""Only the agency's registered, unrevoked workstations get in: a certificate from another CA or
none at all fails the TLS handshake; one from the agency's CA that was never registered as a
workstation, or was revoked, gets 403 on every route."""

from __future__ import annotations

import json
import ssl

import pytest
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography import x509

from assessment_app.agency.authority import _leaf, create_ca_certificate, revoke_workstation
from assessment_app.agency.database import transaction
from assessment_app.agency.uploads import now_utc
from assessment_app.security.certificates import certificate_pem
from assessment_app.security.provisioning import build_demo_provisioning

from tests.agency.conftest import WorkstationFiles
from tests.agency.harness import RawHttp, ServerThread
from tests.unit.bundle.conftest import DEMO_SEED, NOW


def _files(tmp_path, name, certificate, key) -> WorkstationFiles:
    from cryptography.hazmat.primitives import serialization

    (tmp_path / f"{name}.pem").write_text(certificate_pem(certificate))
    (tmp_path / f"{name}-key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return WorkstationFiles(name, tmp_path / f"{name}.pem", tmp_path / f"{name}-key.pem")


def _client_certificate(ca_certificate, ca_key, name):
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    return _leaf(subject, ca_certificate, ca_key, now_utc(), 30, ExtendedKeyUsageOID.CLIENT_AUTH)


def test_a_registered_workstation_gets_in(agency):
    workstation = agency.workstation("笔记本-A")
    with ServerThread(agency.config) as server:
        status, _, body = RawHttp(server.url, agency.ca_pem, workstation).request("GET", "/v1/whoami")
    assert status == 200 and json.loads(body) == {"workstation_id": workstation.id, "name": "笔记本-A"}


def test_a_certificate_from_another_ca_fails_the_handshake(agency, tmp_path):
    foreign_ca, foreign_key = create_ca_certificate("别的机构", "OTHER", now_utc())
    stranger = _files(tmp_path, "stranger", *_client_certificate(foreign_ca, foreign_key, "stranger"))
    with ServerThread(agency.config) as server:
        with pytest.raises((ssl.SSLError, ConnectionResetError, BrokenPipeError)):
            RawHttp(server.url, agency.ca_pem, stranger).request("GET", "/v1/whoami")


def test_no_client_certificate_fails_the_handshake(agency):
    with ServerThread(agency.config) as server:
        http = RawHttp(server.url, agency.ca_pem, agency.workstation())
        http.context = ssl.create_default_context(cadata=agency.ca_pem)  # no certificate of our own
        with pytest.raises((ssl.SSLError, ConnectionResetError, BrokenPipeError)):
            http.request("GET", "/v1/whoami")


def test_a_certificate_of_the_agency_ca_that_is_no_workstation_gets_403(agency, tmp_path):
    demo = build_demo_provisioning(NOW, DEMO_SEED)
    unregistered = _files(tmp_path, "unregistered", *_client_certificate(demo.ca_certificate, demo.ca_key, "x"))
    with ServerThread(agency.config) as server:
        http = RawHttp(server.url, agency.ca_pem, unregistered)
        for method, path in (("GET", "/v1/whoami"), ("PUT", f"/v1/bundles/{'0' * 64}"), ("POST", "/v1/uploads")):
            status, _, body = http.request(method, path, b"", Tus_Resumable="1.0.0")
            assert (status, json.loads(body)["error"]) == (403, "workstation_unknown")


def test_a_revoked_workstation_gets_403_from_the_next_request_on(agency):
    workstation = agency.workstation()
    with ServerThread(agency.config) as server:
        http = RawHttp(server.url, agency.ca_pem, workstation)
        assert http.request("GET", "/v1/whoami")[0] == 200
        with transaction(agency.engine) as session:
            revoke_workstation(session, workstation.id, reason="笔记本丢失", now=now_utc())
        status, _, body = http.request("GET", "/v1/whoami")
        document = json.loads(body)
        assert (status, document["error"]) == (403, "workstation_revoked")
        assert "吊销" in document["message"]["zh_CN"] and "revoked" in document["message"]["en"]
