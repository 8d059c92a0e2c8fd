# SPDX-License-Identifier: GPL-3.0-or-later
"""A person's signed-in connection from this workstation to the agency server's review desk: where
the server is (AgencyConnection, from the data directory's agency-connection.toml, see
docs/formats/agency-connection.md) and the sign-in by signed challenge with the person's own
signing key, unlocked by their passphrase under the workstation's lockout. Shared by the 统计与稽核
page (services/supervision.py) and the 审核 page's remote records (services/remote_records.py).

That file is the seam: once the provisioning package's `workstation` member carries the server's
address and the workstation's TLS certificate, `workstation_connection` reads it from there and
nothing else changes.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assessment_app.agency.review_client import ReviewClient
from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError
from assessment_app.services.authorization import authorize
from assessment_app.services.case_records import CaseRecords
from assessment_app.services.signing_identities import unlock_signing_key
from assessment_app.storage.unit_of_work import unit_of_work

CONNECTION_FILE = "agency-connection.toml"


class AgencyConnectionError(AppError):
    """reason: connection_file_invalid (detail: what is wrong)."""

    def __init__(self, reason: str, detail: object = None):
        super().__init__(reason + ("" if detail is None else f" ({detail})"))
        self.reason = reason
        self.detail = "" if detail is None else str(detail)


@dataclass(frozen=True)
class AgencyConnection:
    """The agency server's address, the CA that issued its TLS certificate, and this
    workstation's client certificate and key (mutual TLS, as for uploads)."""

    server_url: str
    ca_pem: str = field(repr=False)
    certificate: Path
    key: Path


@dataclass(frozen=True)
class SignedInPerson:
    expert_number: str
    name: str
    role: str  # as the server judged it from the agency's package


def load_connection(data_dir: Path | None) -> AgencyConnection | None:
    """The connection of `data_dir`/agency-connection.toml; None when there is no such file (the
    workstation works without a server). Paths in the file are relative to the data directory."""
    if data_dir is None:
        return None
    path = Path(data_dir) / CONNECTION_FILE
    if not path.exists():
        return None
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        paths = {name: Path(data_dir) / str(document[name])
                 for name in ("ca_certificate", "workstation_certificate", "workstation_key")}
        server_url = str(document["server_url"]).rstrip("/")
        ca_pem = paths["ca_certificate"].read_text(encoding="ascii")
    except KeyError as missing:
        raise AgencyConnectionError("connection_file_invalid", f"{path.name}: {missing.args[0]}") from None
    except (OSError, UnicodeError, tomllib.TOMLDecodeError) as error:
        raise AgencyConnectionError("connection_file_invalid", f"{path.name}: {error}") from None
    if not server_url.startswith("https://"):
        raise AgencyConnectionError("connection_file_invalid", f"{path.name}: server_url {server_url}")
    return AgencyConnection(server_url, ca_pem, paths["workstation_certificate"], paths["workstation_key"])


def workstation_connection(records: CaseRecords) -> AgencyConnection | None:
    """This workstation's connection to its agency server, None when it has none (THE SEAM above)."""
    return load_connection(records.layout.root)


def sign_in_to_desk(records: CaseRecords, actor, passphrase: str, connection: AgencyConnection,
                    permission: Permission, *, now: datetime.datetime,
                    client_factory: Callable[..., ReviewClient] = ReviewClient) -> tuple[ReviewClient, SignedInPerson]:
    """Sign `actor` (who must hold `permission` here) in on the agency server with their signing
    key; the key is dropped as soon as the challenge is signed. The server judges the role again."""
    with unit_of_work(records.engine) as session:
        expert_id = authorize(session, records, actor, permission, now=now).id
    key, certificate = unlock_signing_key(records, expert_id, passphrase, now=now)
    try:
        client = client_factory(connection.server_url, ca_pem=connection.ca_pem, certificate=connection.certificate,
                                key=connection.key)
    except OSError as error:  # a certificate or key file named by the connection is missing or unreadable
        raise AgencyConnectionError("connection_file_invalid",
                                    f"{error.filename or ''} {error.strerror or error}") from None
    try:
        answer = client.sign_in(key, certificate)
    except BaseException:
        client.close()
        raise
    finally:
        del key
    return client, SignedInPerson(answer["expert_number"], answer.get("name") or "", answer.get("role") or "")


def sign_out_of_desk(client: ReviewClient) -> None:
    """End the server session (best effort: an unreachable server ends it by time) and the connection."""
    try:
        if client.token:
            client.sign_out()
    except AppError:
        pass
    finally:
        client.close()
