# SPDX-License-Identifier: GPL-3.0-or-later
"""What every page of the main window works with: the open case records, the instrument, the
interface language, the clock and who is signed in. One object, shared, so that a restore (new
records), a language switch or a change of user reaches every page at once.

What the signed-in person may do is the services' answer (services/authorization.granted, from
the role the agency provisioned), never decided here: the pages offer exactly that, and the
services refuse anything else whatever a page offers."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from forms.model import DEFAULT_LANGUAGE, Form

from assessment_app.domain.roles import Permission

if TYPE_CHECKING:  # light at start-up: the sign-in window is shown before the services load
    from assessment_app.services.accounts import SessionInfo
    from assessment_app.services.case_records import CaseRecords


def local_now() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


@dataclass
class WorkContext:
    records: CaseRecords
    form: Form
    data_dir: Path | None = None
    language: str = DEFAULT_LANGUAGE
    now: Callable[[], datetime.datetime] = field(default=local_now)
    session: SessionInfo | None = None
    demo: bool = False  # started with --demo: the demo agency's data directory

    def today(self) -> datetime.date:
        # Dates of applications and visits are the laptop's local calendar days.
        return self.now().date()

    def granted(self) -> frozenset[Permission]:
        """What the signed-in person may do now (nothing when nobody is signed in)."""
        from assessment_app.services.authorization import granted

        return granted(self.records, self.session)

    def may(self, permission: Permission) -> bool:
        return permission in self.granted()
