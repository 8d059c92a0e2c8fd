"""What every page of the main window works with: the open case records, the instrument, the
interface language and the clock. One object, shared, so that a restore (new records) or a
language switch reaches every page at once."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from forms.model import DEFAULT_LANGUAGE, Form

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

    def today(self) -> datetime.date:
        # Dates of applications and visits are the laptop's local calendar days.
        return self.now().date()
