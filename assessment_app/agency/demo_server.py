# SPDX-License-Identifier: GPL-3.0-or-later
"""`make agency`: the demo agency 演示机构 on a local server, for trying the upload end to end.

    python -m assessment_app.agency.demo_server [--dir .agency-demo] [--laptop-data-dir DIR] [--port 8443]

In the foreground until Ctrl-C: a throwaway PostgreSQL cluster from the Debian packages in
`--dir` (agency/local_cluster.py), the agency server on https://127.0.0.1:8443 and one
verification worker, both as child processes of this one. On start it
- opens the demo laptop's data directory (the one `make run` uses; made here if missing),
- makes the server that laptop's demo agency (agency/demo_link.py: the laptop's demo CA, recipients
  and experts; the agency identity for the worker is written to `--dir`), once,
- issues the server's TLS certificate for 127.0.0.1 under the demo CA,
- enrols the laptop: its demo administrator makes the workstation key and request on the laptop,
  the server signs it and builds the next package, the laptop imports it,
so that `make run`'s demo uploads to it. Ctrl-C stops the server, the worker and PostgreSQL.
Everything in `--dir` is demo data; delete the folder to start afresh. Never for real data: the
cluster runs without fsync and every secret here is public.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

DATABASE = "ltc_agency"
_STOP_SECONDS = 20


@dataclass(frozen=True)
class DemoSetup:
    directory: Path
    config_path: Path
    url: str
    workstation_id: str
    package_sequence: int  # 0: the laptop was enrolled with this server already


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _database(cluster, *, fresh: bool) -> str:
    if fresh:
        cluster.drop_database(DATABASE)
    if cluster.execute(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'") != "1":
        cluster.create_database(DATABASE)
    return cluster.url(DATABASE)


def _laptop_records(laptop_dir: Path, now: datetime.datetime):
    from assessment_app.services.case_records import DataState, data_state, open_case_records
    from assessment_app.services.demo_workstation import DEMO_ADMIN_PASSPHRASE, create_demo_records

    if data_state(laptop_dir) is DataState.NEW:
        print(f"演示笔记本数据目录不存在，正在创建 / creating the demo laptop's data directory: {laptop_dir}",
              flush=True)
        return create_demo_records(laptop_dir, now)
    return open_case_records(laptop_dir, DEMO_ADMIN_PASSPHRASE)


def prepare(directory: Path, laptop_dir: Path, *, host: str, port: int, kdf_params=None) -> tuple[DemoSetup, object]:
    """Everything up to serving: returns the set-up and the running cluster."""
    from assessment_app.agency.authority import issue_server_certificate
    from assessment_app.agency.config import AgencyConfig
    from assessment_app.agency.database import open_engine, transaction, upgrade_to_head
    from assessment_app.agency.demo_link import (
        DEMO_CA_PASSPHRASE, initialise_demo_authority, link_demo_laptop, serves_laptop,
    )
    from assessment_app.agency.local_cluster import LocalCluster
    from assessment_app.agency.models import Agency
    from assessment_app.agency.records_key import create_records_key
    from assessment_app.security.certificates import certificate_pem
    from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS
    from assessment_app.services.demo_agency_material import demo_agency_material

    kdf_params = kdf_params or DEFAULT_PARAMS
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o755)  # as root the cluster runs as `postgres`, which must reach its folder
    _check_reachable(directory)
    now = _now()
    cluster = LocalCluster(directory / "pg").start()
    try:
        records = _laptop_records(laptop_dir, now)
        try:
            url = _database(cluster, fresh=False)
            engine = open_engine(url, pool_size=2, max_overflow=2)
            upgrade_to_head(engine)
            with transaction(engine) as session:
                initialised = session.get(Agency, 1) is not None
            if initialised and not serves_laptop(engine, records, now):
                # The laptop's demo directory was made anew (another seed): so is the demo agency.
                print("演示笔记本已重建，演示机构随之重建 / the demo laptop was re-created: so is the demo agency",
                      flush=True)
                engine.dispose()
                url = _database(cluster, fresh=True)
                shutil.rmtree(directory / "store", ignore_errors=True)
                for name in ("server.pem", "server-key.pem"):
                    (directory / name).unlink(missing_ok=True)
                engine = open_engine(url, pool_size=2, max_overflow=2)
                upgrade_to_head(engine)
                initialised = False
            if not initialised:
                initialise_demo_authority(engine, records, now, kdf_params=kdf_params)
            identity = directory / "agency-identity.txt"
            identity.write_text(f"# 演示机构 DEMO agency key: public demo material, never for real data\n"
                                f"{demo_agency_material(records, now).agency_identity}\n", encoding="utf-8")
            identity.chmod(0o600)
            if not (directory / "server.pem").exists():
                with transaction(engine) as session:
                    issued = issue_server_certificate(session, hosts=[host, "localhost"], passphrase=DEMO_CA_PASSPHRASE,
                                                      now=now, actor="demo-setup")
                (directory / "server-key.pem").write_bytes(issued.key_pem())
                (directory / "server-key.pem").chmod(0o600)
                (directory / "server.pem").write_text(certificate_pem(issued.certificate), encoding="ascii")
            server_url = f"https://{host}:{port}"
            link = link_demo_laptop(engine, records, now, server_url=server_url, kdf_params=kdf_params)
            engine.dispose()
        finally:
            records.close()
        records_key = directory / "records.key"  # seals what the review desk extracts (records_key.py)
        if not records_key.exists():
            create_records_key(records_key)
        config = AgencyConfig(database_url=url, store_path=directory / "store", host=host, port=port,
                              tls_certificate=directory / "server.pem", tls_key=directory / "server-key.pem",
                              identity=identity, public_url=server_url, records_key=records_key)
        config_path = write_config(config, directory / "agency.toml")
    except BaseException:
        cluster.stop()
        raise
    return DemoSetup(directory, config_path, server_url, link.workstation_id, link.sequence), cluster


def _check_reachable(directory: Path) -> None:
    """As root PostgreSQL runs as the `postgres` user: every folder above the cluster must let
    others through, or initdb fails with a message nobody understands."""
    from assessment_app.agency.local_cluster import ClusterError

    if os.geteuid() != 0:
        return
    for folder in (directory, *directory.parents):
        if not folder.stat().st_mode & 0o001:
            raise ClusterError("folder_unreachable", f"the postgres user cannot enter {folder}: "
                                                     f"use --dir in a folder others may enter, or chmod o+x {folder}")


def write_config(config, path: Path) -> Path:
    lines = ["# The demo agency (make agency): public demo settings, never for real data.",
             "[database]", f'url = "{config.database_url}"', "[store]", f'path = "{config.store_path}"',
             "[server]", f'host = "{config.host}"', f"port = {config.port}",
             f'tls_certificate = "{config.tls_certificate}"', f'tls_key = "{config.tls_key}"',
             f'public_url = "{config.public_url}"', "[worker]", f'identity = "{config.identity}"',
             "lease_seconds = 30", "[review]", f'records_key = "{config.records_key}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _children(setup: DemoSetup, workers: int) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "assessment_app.agency.cli", "--config", str(setup.config_path)]
    # Own sessions: Ctrl-C reaches this process only, which then stops each child in order.
    processes = [subprocess.Popen([*command, "serve"], start_new_session=True)]
    for number in range(1, workers + 1):
        processes.append(subprocess.Popen([*command, "worker", "--name", f"demo-worker-{number}"],
                                          start_new_session=True))
    return processes


def _listening(host: str, port: int) -> bool:
    import socket

    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + _STOP_SECONDS
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run(directory: Path, laptop_dir: Path, *, host: str, port: int, workers: int) -> int:
    setup, cluster = prepare(directory, laptop_dir, host=host, port=port)
    stop = {"asked": False}

    def ask_to_stop(*_):
        stop["asked"] = True
    signal.signal(signal.SIGINT, ask_to_stop)
    signal.signal(signal.SIGTERM, ask_to_stop)
    processes = _children(setup, workers)
    status = 0
    try:
        deadline = time.monotonic() + 60
        while not _listening(host, port):
            if stop["asked"] or any(process.poll() is not None for process in processes) or time.monotonic() > deadline:
                print("服务器未能启动 / the server did not start", file=sys.stderr, flush=True)
                return 1
            time.sleep(0.1)
        print(f"演示机构服务器已启动 / the demo agency serves on {setup.url} "
              f"(workstation {setup.workstation_id}, package {setup.package_sequence or 'held'}); "
              f"Ctrl-C 停止 / Ctrl-C stops it", flush=True)
        while not stop["asked"]:
            if any(process.poll() is not None for process in processes):
                print("服务器或核验进程意外退出 / the server or the worker stopped unexpectedly", file=sys.stderr,
                      flush=True)
                status = 1
                break
            time.sleep(0.2)
    finally:
        _stop(processes)
        cluster.stop()
        print("已停止 / stopped", flush=True)
    return status


def main(argv: list[str] | None = None) -> int:
    from assessment_app.services.demo_workstation import demo_data_dir

    parser = argparse.ArgumentParser(prog="make agency", description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=".agency-demo", help="the demo agency's folder (default .agency-demo)")
    parser.add_argument("--laptop-data-dir", help="the demo laptop's data directory (default: make run's)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")  # the demo passphrase opens it
    try:
        return run(Path(args.dir).resolve(), demo_data_dir(args.laptop_data_dir), host=args.host, port=args.port,
                   workers=args.workers)
    except Exception as error:  # noqa: BLE001 - the edge: a message, never a traceback
        return _report(error)


def _report(error: Exception) -> int:
    from assessment_app.agency.cli import EXIT_USAGE, detect_language, report_error
    from assessment_app.agency.local_cluster import ClusterError
    from assessment_app.errors import AppError

    language = detect_language()
    if isinstance(error, ClusterError):
        print(f"PostgreSQL 无法启动 / cannot be started: {error}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(error, AppError):
        from assessment_app.messages import describe_error

        print(describe_error(error, language), file=sys.stderr)
        return EXIT_USAGE
    return report_error(error, language)


if __name__ == "__main__":
    sys.exit(main())
