# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency server against a real PostgreSQL: one throwaway cluster per test process (the Debian
server binaries, started here; pytest-xdist's processes each get their own), the schema migrated
once into a template database, and a fresh database per test copied from it.

A real signed, recorded demo bundle is exported once per process and copied for each test; the
agency is initialised with the demo agency's CA (so its experts' signatures are trusted), and the
demo agency's age identity is the server-side key that workers decrypt with. For the laptop's side
of the upload, a live demo laptop (per module) is enrolled with each test's fresh server.
"""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from assessment_app.agency.authority import initialise_authority, issue_server_certificate, issue_workstation
from assessment_app.agency.client import RetryPolicy
from assessment_app.agency.config import AgencyConfig
from assessment_app.agency.database import open_engine, transaction, upgrade_to_head
from assessment_app.agency.demo_link import link_demo_laptop
from assessment_app.agency.local_cluster import LocalCluster
from assessment_app.agency.records_key import RecordsKey, create_records_key
from assessment_app.agency.store import DirectoryStore
from assessment_app.agency.uploads import now_utc
from assessment_app.agency.worker import Worker
from assessment_app.security.certificates import certificate_pem
from assessment_app.security.provisioning import build_demo_provisioning
from assessment_app.services.bundle_export import export_visit

from assessment_app.storage.unit_of_work import unit_of_work

from tests.agency.harness import ServerThread
from tests.gui.records_fixtures import CHEAP_KDF
from tests.unit.bundle.conftest import DEMO_SEED, EXPORTED_AT, NOW, make_laptop

CA_PASSPHRASE = "agency-ca-passphrase-for-tests"
TEMPLATE = "agency_template"
PART_SIZE = 256 * 1024  # a few parts even for the small demo bundle


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory):
    cluster = LocalCluster().start()
    cluster.create_database(TEMPLATE)
    engine = open_engine(cluster.url(TEMPLATE), pool_size=1, max_overflow=0)
    upgrade_to_head(engine)
    engine.dispose()
    yield cluster
    cluster.remove()


@pytest.fixture
def database_url(pg_cluster):
    name = f"t_{secrets.token_hex(6)}"
    url = pg_cluster.create_database(name, template=TEMPLATE)
    yield url
    pg_cluster.drop_database(name)


@dataclass
class DemoBundle:
    directory: Path
    identity: Path
    bundle_uuid: str
    visit_id: str
    case_id: str

    def copy_to(self, target: Path) -> Path:
        return Path(shutil.copytree(self.directory, target))


@pytest.fixture(scope="session")
def demo_bundle(tmp_path_factory) -> DemoBundle:
    """A real visit (recorded, signed by both demo experts, locked), exported once per process."""
    root = tmp_path_factory.mktemp("laptop")
    laptop = make_laptop(root / "data")
    try:
        result = export_visit(laptop.records, laptop.visit_id, root / "out", signers=laptop.signers,
                              now=EXPORTED_AT, part_size=PART_SIZE)
        case_id = laptop.world.case_id
    finally:
        laptop.records.close()
    return DemoBundle(Path(result.bundle_dir), laptop.identity_file, result.bundle_id, laptop.visit_id, case_id)


@dataclass
class Agency:
    engine: Engine
    store: DirectoryStore
    config: AgencyConfig
    directory: Path
    ca_pem: str
    records_key: RecordsKey

    def worker(self, name: str = "w", **options) -> Worker:
        return Worker(self.engine, self.store, self.config.identity, records_key=self.records_key, name=name,
                      **options)

    def workstation(self, name: str = "评估笔记本-01") -> "WorkstationFiles":
        with transaction(self.engine) as session:
            issued = issue_workstation(session, name=name, passphrase=CA_PASSPHRASE, now=now_utc())
        folder = self.directory / f"workstation-{issued.subject_id}"
        folder.mkdir()
        (folder / "workstation.pem").write_text(certificate_pem(issued.certificate), encoding="ascii")
        (folder / "workstation-key.pem").write_bytes(issued.key_pem())
        return WorkstationFiles(issued.subject_id, folder / "workstation.pem", folder / "workstation-key.pem")


@dataclass
class WorkstationFiles:
    id: str
    certificate: Path
    key: Path


def make_agency(database_url: str, directory: Path, identity: Path) -> Agency:
    """An initialised agency (the demo CA imported), a store, a server certificate for 127.0.0.1
    (also used by bench/agency.py)."""
    demo = build_demo_provisioning(NOW, DEMO_SEED)
    engine = open_engine(database_url, pool_size=5, max_overflow=60)
    directory.mkdir(parents=True, exist_ok=True)
    with transaction(engine) as session:
        initialise_authority(session, name="演示机构", code="DEMO", passphrase=CA_PASSPHRASE, now=now_utc(),
                             ca=(demo.ca_certificate, demo.ca_key), kdf_params=CHEAP_KDF)
        server = issue_server_certificate(session, hosts=["127.0.0.1", "localhost"], passphrase=CA_PASSPHRASE,
                                          now=now_utc())
    (directory / "server.pem").write_text(certificate_pem(server.certificate), encoding="ascii")
    (directory / "server-key.pem").write_bytes(server.key_pem())
    records_key = create_records_key(directory / "records.key")
    config = AgencyConfig(database_url=database_url, store_path=directory / "store", host="127.0.0.1", port=0,
                          tls_certificate=directory / "server.pem", tls_key=directory / "server-key.pem",
                          identity=identity, lease_seconds=2.0, raw_endpoint=True,
                          records_key=directory / "records.key")
    return Agency(engine, DirectoryStore(config.store_path), config, directory, certificate_pem(demo.ca_certificate),
                  records_key)


@pytest.fixture
def agency(database_url, demo_bundle, tmp_path) -> Agency:
    made = make_agency(database_url, tmp_path / "agency", demo_bundle.identity)
    yield made
    made.engine.dispose()


LAPTOP_PART_SIZE = 40 * 1024  # several parts: a crash half-way leaves complete parts behind
QUICK = RetryPolicy(attempts=2, first_delay=0.01, max_delay=0.02)


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    made = make_laptop(tmp_path_factory.mktemp("laptop") / "data")
    result = export_visit(made.records, made.visit_id, tmp_path_factory.mktemp("exports"), signers=made.signers,
                          now=EXPORTED_AT, part_size=LAPTOP_PART_SIZE)
    made.bundle_dir = Path(result.bundle_dir)
    yield made
    made.records.close()


@pytest.fixture
def connected(laptop, agency):
    """The laptop enrolled with a fresh agency server (its queue emptied), the server running."""
    with unit_of_work(laptop.records.engine) as session:
        session.execute(text("DELETE FROM agency_uploads"))
        session.execute(text("DELETE FROM agency_bundle_statuses"))
    with ServerThread(agency.config) as server:
        link = link_demo_laptop(agency.engine, laptop.records, now_utc(), server_url=server.url,
                                ca_passphrase=CA_PASSPHRASE, kdf_params=CHEAP_KDF)
        yield laptop, agency, server, link
