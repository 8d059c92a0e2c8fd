# SPDX-License-Identifier: GPL-3.0-or-later
"""Every (role, permission) pair of domain/roles.py through a real service call on a real demo
workstation: the service lets the role through exactly when the matrix grants the permission, and
a refused change leaves a permission_denied event in the station's audit chain.

"Let through" means the call got past its authorisation: it may still fail on the data (no such
visit, a package that is not one); it never fails with PermissionDenied or NotSignedIn.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assessment_app.domain.roles import (
    READ_ONLY_PERMISSIONS, ROLE_PERMISSIONS, Permission, PermissionDenied, Role, may,
)
from assessment_app.services import visit_start
from assessment_app.services.accounts import SessionInfo, VisitPair, login
from assessment_app.services.agency_settings import store_setting
from assessment_app.services.audit_log import STATION_CHAIN, chain_events, verify_stored_chain
from assessment_app.services.authorization import NotSignedIn
from assessment_app.services.backups import create_backup_file, restore_backup_file
from assessment_app.services.bundle_export import export_visit
from assessment_app.services.bundle_import import import_bundle
from assessment_app.services.case_files import set_material_received
from assessment_app.services.case_queries import search_cases
from assessment_app.services.case_records import CaseRecords, initialise_case_records
from assessment_app.services.experts import add_expert
from assessment_app.services.intake import register_case
from assessment_app.services.provisioning_import import DEMO_AGENCY_DIR, ensure_demo_agency, import_provisioning
from assessment_app.services.record_versions import correct_record
from assessment_app.services.review_decision import import_decision
from assessment_app.services.review_publicity import publicity_entries
from assessment_app.services.review_queue import review_queue
from assessment_app.services.signing_identities import create_csr
from assessment_app.services.supervision import AgencyConnection, open_desk
from assessment_app.storage.repositories import CaseQuery

from tests.actors import CHEAP_KDF
from tests.conftest import InMemoryKeyring
from tests.unit.services.conftest import NOW, TODAY, intake_request

NUMBERS = {Role.ASSESSOR: "DEMO-A-001", Role.REVIEWER: "DEMO-R-001", Role.ADMINISTRATOR: "DEMO-M-001"}
PARTNER = "DEMO-A-002"  # the other half of a visit pair


class Workstation:
    def __init__(self, records: CaseRecords, scratch: Path):
        self.records, self.scratch = records, scratch
        self.sessions = {role: self.sign_in(number) for role, number in NUMBERS.items()}
        self.partner = self.sign_in(PARTNER)
        self.case_id = register_case(self.records, intake_request(), TODAY, NOW,
                                     actor=self.sessions[Role.ASSESSOR]).case_id
        self.serial = 0

    def sign_in(self, number: str) -> SessionInfo:
        return login(self.records, number, number.lower(), NOW, kdf_params=CHEAP_KDF)

    def unique(self, stem: str) -> str:
        self.serial += 1
        return f"{stem}-{self.serial}"


# One real call per permission; each must get past the authorisation when the role may.
ATTEMPTS: dict[Permission, Callable[[Workstation, SessionInfo], object]] = {
    Permission.READ_CASES: lambda w, actor: search_cases(w.records, CaseQuery(), actor=actor),
    Permission.EDIT_CASES: lambda w, actor: set_material_received(
        w.records, w.case_id, "application_form", True, actor=actor, now=NOW),
    Permission.CONDUCT_VISIT: lambda w, actor: visit_start.start_visit(
        w.records, w.case_id, VisitPair(actor, w.partner), now=NOW, monotonic_ns=1),
    Permission.CORRECT_RECORD: lambda w, actor: correct_record(
        w.records, "no-such-visit", actor=actor, reason="录入错误，复看录像更正", now=NOW),
    Permission.EXPORT_BUNDLE: lambda w, actor: export_visit(
        w.records, "no-such-visit", w.scratch, signers=[(actor, "x"), (w.partner, "y")], now=NOW),
    Permission.IMPORT_DECISION: lambda w, actor: import_decision(
        w.records, w.scratch / "no-such.decision.pdf", actor=actor, now=NOW),
    Permission.IMPORT_BUNDLE: lambda w, actor: import_bundle(
        w.records, w.scratch / w.unique("no-such-bundle"),
        w.records.layout.root / DEMO_AGENCY_DIR / "agency-identity.txt", now=NOW, actor=actor),
    Permission.REVIEW: lambda w, actor: review_queue(w.records, actor=actor),
    Permission.PUBLISH: lambda w, actor: publicity_entries(w.records, actor=actor),
    # Past the check it unlocks the key and then finds no workstation certificate: no server is needed.
    Permission.SUPERVISE: lambda w, actor: open_desk(
        w.records, actor, actor.expert_number.lower(),
        AgencyConnection("https://127.0.0.1:9", "", w.scratch / "none.pem", w.scratch / "none-key.pem"), now=NOW),
    Permission.MANAGE_EXPERTS: lambda w, actor: add_expert(
        w.records, name="本地评估员", expert_number=w.unique("LOCAL"), role="assessor", qualification=None,
        now=NOW, actor=actor),
    Permission.CHANGE_SETTINGS: lambda w, actor: store_setting(
        w.records, "visit.dual_entry", False, actor=actor, now=NOW),
    Permission.PROVISION: lambda w, actor: import_provisioning(
        w.records, b"{}", confirm_fingerprint=None, now=NOW, actor=actor),
    Permission.BACKUP: lambda w, actor: create_backup_file(
        w.records, w.scratch / f"{w.unique('backup')}.ltcbak", actor=actor, now=NOW),
    Permission.RESTORE: lambda w, actor: restore_backup_file(
        w.records, w.scratch / "no-such.ltcbak", None, actor=actor, now=NOW),
    Permission.READ_AUDIT: lambda w, actor: verify_stored_chain(w.records, STATION_CHAIN, actor=actor),
    Permission.OWN_IDENTITY: lambda w, actor: create_csr(
        w.records, actor, actor.expert_number.lower(), NOW, kdf_params=CHEAP_KDF),
}


def test_every_permission_has_a_service_call_here():
    assert set(ATTEMPTS) == set(Permission)


@pytest.fixture(scope="module")
def workstation(tmp_path_factory):
    root = tmp_path_factory.mktemp("roles")
    records = initialise_case_records(root / "data", None, InMemoryKeyring())
    ensure_demo_agency(records, NOW, b"\x0b" * 32, kdf_params=CHEAP_KDF)
    scratch = root / "scratch"
    scratch.mkdir()
    yield Workstation(records, scratch)
    records.close()


def _refusals(records: CaseRecords) -> list:
    return [event for event in chain_events(records, STATION_CHAIN) if event.kind == "permission_denied"]


@pytest.mark.parametrize("permission", list(Permission), ids=str)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_gets_through_exactly_where_the_matrix_says(workstation, role, permission):
    actor = workstation.sessions[role]
    before = len(_refusals(workstation.records))
    try:
        ATTEMPTS[permission](workstation, actor)
        outcome = None
    except (PermissionDenied, NotSignedIn) as refusal:
        outcome = refusal
    except Exception:  # noqa: BLE001 - past the authorisation, refused by the data: that counts as let through
        outcome = None
    if may(role, permission):
        assert outcome is None, f"{role} was refused {permission}: {outcome!r}"
        assert len(_refusals(workstation.records)) == before
    else:
        assert isinstance(outcome, PermissionDenied) and outcome.permission == permission, outcome
        refusals = _refusals(workstation.records)
        if permission in READ_ONLY_PERMISSIONS:
            assert len(refusals) == before
        else:
            assert len(refusals) == before + 1
            assert refusals[-1].actors == (NUMBERS[role],)
            assert refusals[-1].data == {"permission": str(permission), "cause": "role"}


def test_the_matrix_keeps_assessing_reviewing_and_administering_apart():
    assessor, reviewer, administrator = (ROLE_PERMISSIONS[role] for role in Role)
    assert Permission.CONDUCT_VISIT not in reviewer | administrator
    assert Permission.REVIEW not in assessor | administrator
    assert not {Permission.PROVISION, Permission.CHANGE_SETTINGS, Permission.MANAGE_EXPERTS} & (assessor | reviewer)
