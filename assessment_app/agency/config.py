# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency server's settings: a TOML file (`--config FILE` or LTC_AGENCY_CONFIG), each value
overridable by an environment variable, so a systemd unit or a container can set them either way.

    [database]
    url = "postgresql+psycopg://ltc_agency@/ltc_agency?host=/run/postgresql"   # LTC_AGENCY_DATABASE_URL
    [store]
    path = "/srv/ltc-agency/store"           # LTC_AGENCY_STORE: the bundle store (the agency's NAS)
    [server]
    host = "0.0.0.0"                         # LTC_AGENCY_HOST
    port = 8443                              # LTC_AGENCY_PORT
    tls_certificate = "/etc/ltc-agency/server.pem"   # LTC_AGENCY_TLS_CERT (chain, PEM)
    tls_key = "/etc/ltc-agency/server-key.pem"       # LTC_AGENCY_TLS_KEY
    max_upload_bytes = 4294967296            # LTC_AGENCY_MAX_UPLOAD_BYTES: largest part accepted
    public_url = "https://agency.example:8443"  # LTC_AGENCY_PUBLIC_URL: what laptops connect to (packages)
    [worker]
    identity = "/etc/ltc-agency/agency-identity.txt" # LTC_AGENCY_IDENTITY: the age identity (server side only)
    lease_seconds = 60                       # LTC_AGENCY_LEASE_SECONDS: a silent worker's job is retried after this
    [review]
    records_key = "/etc/ltc-agency/records.key"   # LTC_AGENCY_RECORDS_KEY: seals what reviewers read (serve and worker)

Nothing secret lives in the file itself except what it points to; the CA passphrase is never a setting.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from assessment_app.agency.errors import AgencyError

CONFIG_VARIABLE = "LTC_AGENCY_CONFIG"
# setting name -> (TOML section, key, environment variable, type)
_SETTINGS = {
    "database_url": ("database", "url", "LTC_AGENCY_DATABASE_URL", str),
    "store_path": ("store", "path", "LTC_AGENCY_STORE", Path),
    "host": ("server", "host", "LTC_AGENCY_HOST", str),
    "port": ("server", "port", "LTC_AGENCY_PORT", int),
    "tls_certificate": ("server", "tls_certificate", "LTC_AGENCY_TLS_CERT", Path),
    "tls_key": ("server", "tls_key", "LTC_AGENCY_TLS_KEY", Path),
    "max_upload_bytes": ("server", "max_upload_bytes", "LTC_AGENCY_MAX_UPLOAD_BYTES", int),
    "raw_endpoint": ("server", "raw_endpoint", "LTC_AGENCY_RAW_ENDPOINT", bool),
    "public_url": ("server", "public_url", "LTC_AGENCY_PUBLIC_URL", str),
    "identity": ("worker", "identity", "LTC_AGENCY_IDENTITY", Path),
    "lease_seconds": ("worker", "lease_seconds", "LTC_AGENCY_LEASE_SECONDS", float),
    "records_key": ("review", "records_key", "LTC_AGENCY_RECORDS_KEY", Path),
}


@dataclass(frozen=True)
class AgencyConfig:
    database_url: str | None = None
    store_path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8443
    tls_certificate: Path | None = None
    tls_key: Path | None = None
    max_upload_bytes: int = 4 * 1024 ** 3
    # A plain streaming PUT beside tus, for the benchmark's curl baseline only (bench/agency.py).
    raw_endpoint: bool = False
    public_url: str | None = None  # the server's https:// address as laptops reach it (provisioning packages)
    identity: Path | None = None
    lease_seconds: float = 60.0
    records_key: Path | None = None

    def need(self, *names: str) -> "AgencyConfig":
        """Raise `setting_missing` naming the first of `names` that is not set."""
        for name in names:
            if getattr(self, name) is None:
                section, key, variable, _ = _SETTINGS[name]
                raise AgencyError("setting_missing", f"[{section}] {key} / {variable}")
        return self


def _convert(name: str, value: object) -> object:
    section, key, variable, kind = _SETTINGS[name]
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("1", "true", "yes", "on"):
                return True
            if str(value).lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        converted = kind(value)
    except (TypeError, ValueError):
        raise AgencyError("setting_invalid", f"[{section}] {key} / {variable}: {value!r}") from None
    if kind in (int, float) and converted <= 0:
        raise AgencyError("setting_invalid", f"[{section}] {key} / {variable}: {value!r}")
    return converted


def load_config(path: str | Path | None = None, environ: dict[str, str] | os._Environ = os.environ) -> AgencyConfig:
    """The file (when given or named by LTC_AGENCY_CONFIG), then the environment over it."""
    path = path or environ.get(CONFIG_VARIABLE)
    document: dict = {}
    if path:
        try:
            document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise AgencyError("config_missing", str(path)) from None
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise AgencyError("config_invalid", f"{path}: {error}") from None
    values: dict[str, object] = {}
    for name, (section, key, variable, _) in _SETTINGS.items():
        table = document.get(section, {})
        if isinstance(table, dict) and key in table:
            values[name] = _convert(name, table[key])
        if environ.get(variable):
            values[name] = _convert(name, environ[variable])
    known = {(section, key) for section, key, _, _ in _SETTINGS.values()}
    for section, table in document.items():
        for key in (table if isinstance(table, dict) else {None: None}):
            if (section, key) not in known:
                raise AgencyError("config_invalid", f"{path}: unknown setting [{section}] {key}")
    assert set(values) <= {field.name for field in fields(AgencyConfig)}
    return AgencyConfig(**values)
