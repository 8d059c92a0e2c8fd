# SPDX-License-Identifier: GPL-3.0-or-later
"""The typed errors a screen or a command treats by their type (beyond showing their message),
whichever layer raises them, so that the interface takes them from the services and never
imports storage (tests/unit/test_dependency_direction.py).

Their messages come, like every AppError's, from assessment_app.messages.
"""

from __future__ import annotations

from assessment_app.storage.backup_format import BackupWrongKey
from assessment_app.storage.repositories import DuplicateTaskNumber, OpenCaseExists

__all__ = ["BackupWrongKey", "DuplicateTaskNumber", "OpenCaseExists"]
