# SPDX-License-Identifier: GPL-3.0-or-later
"""Who may do what on a workstation: the roles the agency signs into its provisioning package
and the permission each use case needs. The one home of these rules: services check them
(services/authorization.py) whatever a screen shows, and screens ask them what to offer.

Sources: 二对一 on-site assessment by two qualified assessors (design §1–2, the Changning and
Zoucheng texts in shared/seeds); review and 公示 by the agency (经办机构); administrators
provision workstations and keep them, but neither assess nor decide.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from assessment_app.errors import AppError


class Role(enum.StrEnum):
    ASSESSOR = "assessor"
    REVIEWER = "reviewer"
    ADMINISTRATOR = "administrator"


# The roles stored in experts.role (a check constraint in storage/models.py).
EXPERT_ROLES = tuple(role.value for role in Role)


class Permission(enum.StrEnum):
    READ_CASES = "read_cases"  # applicants' personal data: case list, case page, scans, reports
    EDIT_CASES = "edit_cases"  # intake, materials, self-assessment
    CONDUCT_VISIT = "conduct_visit"  # start, answer, sign a visit (each of the two experts)
    CORRECT_RECORD = "correct_record"  # a new version of a signed record, with a reason
    EXPORT_BUNDLE = "export_bundle"
    IMPORT_DECISION = "import_decision"  # the agency's signed decision back on the laptop
    IMPORT_BUNDLE = "import_bundle"  # the agency's side: verify and import experts' bundles
    REVIEW = "review"  # queue, record view with video, sample, decide
    PUBLISH = "publish"  # the 公示 list
    SUPERVISE = "supervise"  # 统计与稽核: the agency's supervision dashboard (figures per assessor)
    MANAGE_EXPERTS = "manage_experts"  # add a local assessor, list accounts
    CHANGE_SETTINGS = "change_settings"  # agency rules such as visit.allow_without_recording
    PROVISION = "provision"  # import the agency's provisioning package
    BACKUP = "backup"  # create an encrypted backup
    RESTORE = "restore"  # replace the records with a backup
    READ_AUDIT = "read_audit"  # export and verify the station's audit chain
    OWN_IDENTITY = "own_identity"  # import or request one's own signing certificate (never another's)


# Everyone who signs (assessors their reports and bundles, reviewers their decisions) needs a
# signing certificate, and administrators may be issued one by the agency: every role manages
# its own identity; the services make sure it is the actor's own.
ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = MappingProxyType({
    Role.ASSESSOR: frozenset({
        Permission.READ_CASES, Permission.EDIT_CASES, Permission.CONDUCT_VISIT, Permission.CORRECT_RECORD,
        Permission.EXPORT_BUNDLE, Permission.IMPORT_DECISION, Permission.OWN_IDENTITY}),
    Role.REVIEWER: frozenset({
        Permission.READ_CASES, Permission.IMPORT_BUNDLE, Permission.REVIEW, Permission.PUBLISH,
        Permission.SUPERVISE, Permission.READ_AUDIT, Permission.OWN_IDENTITY}),
    # Intake (受理) is agency staff work and may happen on an administrator's machine; the
    # visit, its record and the review stay with the experts named in the record. Supervision
    # (稽核) is the agency's management looking at figures, as the server's role rule allows
    # administrators too (agency/supervision_api.py, READ_ONLY).
    Role.ADMINISTRATOR: frozenset({
        Permission.READ_CASES, Permission.EDIT_CASES, Permission.IMPORT_DECISION, Permission.MANAGE_EXPERTS,
        Permission.CHANGE_SETTINGS, Permission.PROVISION, Permission.BACKUP, Permission.RESTORE,
        Permission.SUPERVISE, Permission.READ_AUDIT, Permission.OWN_IDENTITY}),
})

# Permissions that only let someone read; a refusal of any other one is an attempt to change
# something and goes into the station's audit chain (services/authorization.py).
READ_ONLY_PERMISSIONS = frozenset({Permission.READ_CASES, Permission.READ_AUDIT, Permission.SUPERVISE})

# Roles a workstation may create on its own (by a signed-in administrator); every other account
# comes from the agency's signed package, enrolled with its one-time code.
LOCALLY_CREATABLE_ROLES = frozenset({Role.ASSESSOR})


class PermissionDenied(AppError):
    """`permission` is not among the role's; `role` is None when nobody is signed in."""

    reason = "permission_denied"

    def __init__(self, permission: Permission, role: Role | str | None):
        super().__init__(f"{role or 'nobody'} may not {permission}")
        self.permission = Permission(permission)
        self.role = None if role is None else str(role)


def permissions_of(role: Role | str | None) -> frozenset[Permission]:
    if role is None:
        return frozenset()
    try:
        return ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return frozenset()  # a role this version does not know grants nothing


def may(role: Role | str | None, permission: Permission) -> bool:
    return permission in permissions_of(role)


def require(role: Role | str | None, permission: Permission) -> None:
    if not may(role, permission):
        raise PermissionDenied(permission, role)
