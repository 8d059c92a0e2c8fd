# SPDX-License-Identifier: GPL-3.0-or-later
"""How people are named on screen: a role in the user's language, and "name（number）"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from assessment_app.domain.roles import Role


def role_label(role: str) -> str:
    labels = {
        Role.ASSESSOR: QCoreApplication.translate("AccountWording", "Assessor"),
        Role.REVIEWER: QCoreApplication.translate("AccountWording", "Reviewer"),
        Role.ADMINISTRATOR: QCoreApplication.translate("AccountWording", "Administrator"),
    }
    return labels.get(role, role)


def person_label(name: str, expert_number: str) -> str:
    # The number is what the certificate and the audit log name; the name is what people read.
    return QCoreApplication.translate("AccountWording", "{name} ({number})").format(name=name, number=expert_number)
