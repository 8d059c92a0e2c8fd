"""What every page of the main window works with: the open case records, the instrument, the
interface language, the clock and who is signed in. One object, shared, so that a restore (new
records), a language switch or a change of user reaches every page at once."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from forms.model import DEFAULT_LANGUAGE, Form

from assessment_app.services.accounts import SessionInfo
from assessment_app.services.case_records import CaseRecords

ASSESSOR, REVIEWER, ADMINISTRATOR = "assessor", "reviewer", "administrator"
# Which screens a role works with. The screens only follow this; the use cases themselves
# record who acted (audit log) and refuse what the data does not allow.
CASE_EDITING_ROLES = frozenset({ASSESSOR, ADMINISTRATOR})


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

    @property
    def may_edit_cases(self) -> bool:
        return self.session is not None and self.session.role in CASE_EDITING_ROLES

    @property
    def sees_administration(self) -> bool:
        # In demo mode everyone may look around the administration page (it says so there).
        return self.demo or (self.session is not None and self.session.role == ADMINISTRATOR)
