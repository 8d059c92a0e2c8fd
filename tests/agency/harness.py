# SPDX-License-Identifier: GPL-3.0-or-later
"""Running the agency server for a test: in a thread of the test process (fast, most tests) or as
a real `ltc-agency serve` child process (when a test kills or restarts it). Loopback only."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from assessment_app.agency.client import AgencyClient, RetryPolicy
from assessment_app.agency.config import AgencyConfig
from assessment_app.agency.server import build_server

from tests.conftest import REPO_ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


class ServerThread:
    def __init__(self, config: AgencyConfig):
        self.config = dataclasses.replace(config, port=config.port or free_port())
        self.server = build_server(self.config)
        self._thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.config.port}"

    def __enter__(self) -> "ServerThread":
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=20)


def write_config(config: AgencyConfig, path: Path) -> Path:
    path.write_text("\n".join([
        "[database]", f'url = "{config.database_url}"',
        "[store]", f'path = "{config.store_path}"',
        "[server]", f'host = "{config.host}"', f"port = {config.port or 8443}",
        f'tls_certificate = "{config.tls_certificate}"', f'tls_key = "{config.tls_key}"',
        f"raw_endpoint = {'true' if config.raw_endpoint else 'false'}",
        "[worker]", f'identity = "{config.identity}"', f"lease_seconds = {config.lease_seconds}",
        *(["[review]", f'records_key = "{config.records_key}"'] if config.records_key else []), ""]),
        encoding="utf-8")
    return path


def agency_command(config_path: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "assessment_app.agency.cli", "--config", str(config_path), *arguments]


class ServerProcess:
    """`ltc-agency serve` as a child; `kill()` is SIGKILL, `start()` again is a restart."""

    def __init__(self, config: AgencyConfig, work: Path):
        self.config = dataclasses.replace(config, port=config.port or free_port())
        self.config_path = write_config(self.config, work / "agency.toml")
        self.log = work / "server.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.config.port}"

    def start(self) -> "ServerProcess":
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(agency_command(self.config_path, "serve"), cwd=REPO_ROOT, stdout=log,
                                            stderr=subprocess.STDOUT, env={**os.environ, "LANG": "en_US.UTF-8"})
        wait_for_port(self.config.port)
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def client_for(url: str, ca_pem: str, workstation, **options) -> AgencyClient:
    options.setdefault("retry", RetryPolicy(attempts=6, first_delay=0.05, max_delay=0.5))
    return AgencyClient(url, ca_pem=ca_pem, certificate=workstation.certificate, key=workstation.key, **options)


class RawHttp:
    """Plain requests over the workstation's TLS connection, for checking the protocol itself."""

    def __init__(self, url: str, ca_pem: str, workstation):
        from urllib.parse import urlsplit

        from assessment_app.agency.client import client_context

        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.context = client_context(ca_pem, workstation.certificate, workstation.key)

    def request(self, method: str, path: str, body: bytes | None = None, **headers: str):
        import http.client

        connection = http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=30)
        try:
            connection.request(method, path, body=body, headers={name.replace("_", "-"): value
                                                                   for name, value in headers.items()})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


class CuttingProxy:
    """A loopback TCP forwarder that cuts every connection once the client has sent `cut_at`
    bytes in total (counted over all connections), then forwards normally again. The TLS session
    is end to end: the proxy sees ciphertext only, as a broken network would."""

    def __init__(self, upstream_port: int, cut_at: int):
        self.upstream_port, self.cut_at = upstream_port, cut_at
        self.sent, self.cuts = 0, 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            with self._lock:
                self._open += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, counted: bool) -> None:
        try:
            while data := source.recv(65536):
                if counted:
                    with self._lock:
                        before, self.sent = self.sent, self.sent + len(data)
                        cut = before < self.cut_at <= self.sent
                    if cut:
                        target.sendall(data[:self.cut_at - before])
                        self.cuts += 1
                        raise OSError("cut")
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def close(self) -> None:
        self._listener.close()
        with self._lock:
            for end in self._open:
                end.close()
