# SPDX-License-Identifier: GPL-3.0-or-later
"""A throwaway PostgreSQL cluster from the Debian packages, in a folder of its own: for the tests,
the benchmarks and a local demo server. Never for production (trust authentication, no fsync).

The server binaries are found under /usr/lib/postgresql/<version>/bin (the newest version), else
on PATH. PostgreSQL refuses to run as root, so as root every server command runs as the `postgres`
user that the Debian package creates (subprocess's `user=`/`group=`), and the folder is handed to
that user. The cluster listens on a Unix socket in its own folder only (no TCP port to collide
with another cluster, one per test process).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

SERVER_USER = "postgres"
_FAST_SETTINGS = {
    # A test cluster: nothing here must survive a power cut, so skip what makes commits durable.
    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
    "shared_buffers": "32MB", "max_connections": "200", "listen_addresses": "''",
}


class ClusterError(Exception):
    """reason: postgres_missing (no server binaries), postgres_user_missing (root without the
    `postgres` user), command_failed (`.detail` has the command's output)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


def server_bin_dir() -> Path:
    versions = sorted((path for path in Path("/usr/lib/postgresql").glob("*/bin") if (path / "initdb").exists()),
                      key=lambda path: int(re.sub(r"\D", "", path.parent.name) or 0))
    if versions:
        return versions[-1]
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise ClusterError("postgres_missing", "install the Debian package `postgresql` (make test does as root)")


class LocalCluster:
    """initdb + pg_ctl in `directory` (created when missing; as root, its parent folders must be
    reachable by the `postgres` user: the default is a fresh folder in the temporary directory).
    `url(name)` is a SQLAlchemy URL."""

    def __init__(self, directory: Path | None = None, *, settings: dict[str, str] | None = None):
        # /tmp rather than $TMPDIR by default: the `postgres` user must reach it, and the socket's
        # path must stay under the 107 bytes a Unix socket name may have.
        base = "/tmp" if os.path.isdir("/tmp") else None
        self.directory = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="ltc-pg-", dir=base))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        self.settings = {**_FAST_SETTINGS, **(settings or {})}
        self.bin = server_bin_dir()
        self._user = None
        if os.geteuid() == 0:
            try:
                self._user = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise ClusterError("postgres_user_missing", "the Debian package `postgresql` creates it") from None

    @property
    def socket_dir(self) -> Path:
        return self.directory

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.superuser}@/{database}?host={self.socket_dir}"

    @property
    def superuser(self) -> str:
        return self._user.pw_name if self._user else pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        extra = {} if self._user is None else {"user": self._user.pw_uid, "group": self._user.pw_gid,
                                               "extra_groups": []}
        # A session of its own: a Ctrl-C at the terminal is for whoever started the cluster (who
        # stops it in order), not for the server pg_ctl leaves running.
        result = subprocess.run([str(self.bin / command[0]), *command[1:]], cwd=self.directory,
                                capture_output=True, text=True, env={"PATH": os.environ.get("PATH", ""),
                                                                     "LC_ALL": "C.UTF-8"}, start_new_session=True,
                                **extra)
        if check and result.returncode != 0:
            raise ClusterError("command_failed", f"{' '.join(command)}: {result.stdout}{result.stderr}"[-2000:])
        return result

    def start(self) -> "LocalCluster":
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._user is not None:
            os.chown(self.directory, self._user.pw_uid, self._user.pw_gid)
        self.directory.chmod(0o700)
        if not (self.data / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data), "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8",
                      "--no-sync")
        options = " ".join(f"-c {name}={value}" for name, value in self.settings.items())
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log),
                  "-o", f"-k {self.socket_dir} {options}")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-w", "-t", "60", "-m", mode, "-D", str(self.data), check=False)

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def execute(self, sql: str, database: str = "postgres") -> str:
        """One statement through psql (CREATE DATABASE cannot run inside a transaction)."""
        return self._run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir),
                         "-U", self.superuser, "-d", database, "-tAc", sql).stdout.strip()

    def create_database(self, name: str, *, template: str | None = None) -> str:
        _check_name(name)
        suffix = "" if template is None else f" TEMPLATE {_check_name(template)}"
        self.execute(f"CREATE DATABASE {name}{suffix}")
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {_check_name(name)} WITH (FORCE)")


def _check_name(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"not a plain database name: {name!r}")
    return name
