# SPDX-License-Identifier: GPL-3.0-or-later
"""Migration 0005: a database at revision 0004 with real rows (an agency holding a version 1
package, accounts, a signing identity, audit records, a bundle import) upgrades without losing
any; the held package counts as sequence 0, listed experts get their provisioned role, and the
new constraints hold."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from assessment_app.storage.database import current_revision, upgrade_to

from tests.unit.bundle.test_migration_0004 import REVISION_0003_ROWS
from tests.unit.storage.database_at import engine_at
from tests.unit.storage.test_migrations import E1, E2, FIRST_RELEASE_ROWS, R1, T, V1, _insert, _rows
from tests.unit.visit.test_migration_0003 import REVISION_0002_ROWS

GENESIS = "378c459947eb770dce83171437dd212358531e3bfc89a8b278d7104dc80ad9f9"
REVISION_0004_ROWS = {
    "agencies": [{"id": 1, "name": "测试评估机构", "code": "PG-TEST", "demo": 0, "package_sha256": "ab" * 32,
                  "imported_at": T, "signer_ca_fingerprint": "cd" * 32, "ca_certificates_pem": "PEM",
                  "recipients_json": "[]"}],
    "signing_identities": [{"id": "s1", "expert_id": E1, "certificate_pem": "PEM", "encrypted_private_key": None,
                            "fingerprint": "ef" * 32, "created_at": T, "active": 0}],
    "audit_records": [{"chain": "station", "sequence": 1, "kind": "login", "wall_time": "2025-03-01T08:00:00.000Z",
                       "monotonic_ms": None, "actors_json": "[]", "case_id": None, "visit_id": None,
                       "video_offset_ms": None, "data_json": "{}", "previous_hash": GENESIS, "hash": "12" * 32}],
    "bundle_imports": [{"id": "f0000000-0000-4000-8000-000000000009", "bundle_id": "b1", "manifest_sha256": "0" * 64,
                        "visit_id": V1, "case_id": None, "status": "imported", "reasons_json": "[]",
                        "report_json": "{}", "source_path": "/x", "quarantine_path": None, "imported_at": T,
                        "imported_by": E1}],
}


@pytest.fixture
def engine_at_0004(tmp_path):
    yield from engine_at(tmp_path / "data", "0004")


def test_upgrade_from_0004_keeps_every_row_and_adds_the_trust_columns(engine_at_0004):
    engine = engine_at_0004
    rows = FIRST_RELEASE_ROWS | REVISION_0002_ROWS | REVISION_0003_ROWS | REVISION_0004_ROWS
    with engine.begin() as connection:
        for table, table_rows in rows.items():
            for row in table_rows:
                _insert(connection, table, row)
    with engine.connect() as connection:
        expected = {table: _rows(connection, table, table_rows[0].keys()) for table, table_rows in rows.items()}
        triggers_before = set(connection.exec_driver_sql(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger'").scalars())
    upgrade_to(engine, "0005")  # 0006 has its own test
    assert current_revision(engine) == "0005"
    with engine.connect() as connection:
        for table, table_rows in rows.items():
            assert _rows(connection, table, table_rows[0].keys()) == expected[table], table
        triggers_after = set(connection.exec_driver_sql(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger'").scalars())
        agency = connection.execute(text(
            "SELECT package_sequence, package_content_sha256, revocation_lists_pem, workstation_json FROM agencies"
        )).one()
        account = connection.execute(text(
            "SELECT enrolment_code_hash, enrolment_expires_at, enrolment_origin, enrolled_at FROM accounts")).one()
        roles = dict(connection.execute(text("SELECT id, provisioned_role FROM experts")).all())
    assert triggers_after == triggers_before  # no table rebuild dropped an append-only trigger
    assert tuple(agency) == (0, None, "", None)  # a version 1 package: sequence 0, no revocation list
    assert tuple(account) == (None, None, None, None)
    # E1 holds an account on a provisioned workstation: the package listed them. E2 has no
    # account, R1 is inactive: neither is known to be in the held package.
    assert roles == {E1: "assessor", E2: None, R1: None}


def test_the_new_constraints_hold_after_the_upgrade(engine_at_0004):
    engine = engine_at_0004
    with engine.begin() as connection:
        for table in ("experts", "agencies"):
            for row in (FIRST_RELEASE_ROWS | REVISION_0004_ROWS)[table]:
                _insert(connection, table, row)
        _insert(connection, "accounts", REVISION_0002_ROWS["accounts"][0])
    upgrade_to(engine, "0005")  # 0006 has its own test
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE agencies SET package_sequence = -1"))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE accounts SET enrolment_origin = 'somewhere'"))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE accounts SET enrolment_code_hash = 'x'"))  # no expiry: incomplete
    with engine.begin() as connection:
        connection.execute(text("UPDATE accounts SET enrolment_code_hash = 'x', enrolment_expires_at = :t, "
                                "enrolment_origin = 'agency'"), {"t": T})
        # single_row still holds: the rebuilt agencies table kept its old constraint.
    with pytest.raises(IntegrityError), engine.begin() as connection:
        _insert(connection, "agencies", {**REVISION_0004_ROWS["agencies"][0], "id": 2})
