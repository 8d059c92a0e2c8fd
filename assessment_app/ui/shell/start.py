# SPDX-License-Identifier: GPL-3.0-or-later
"""Opening the case data at start-up, behind the sign-in window (ui/shell/login_dialog.py).

`open_data` runs in the background: it loads the instrument and opens the records (the demo
directory with the demo passphrase, or the real one with the key from the credential store),
importing SQLCipher, SQLAlchemy and the services as it goes. Whatever needs the administrator
(the first start of a workstation, or a laptop without a credential store) is left to
`work_context_for`, on the GUI thread, which asks in a dialog over the sign-in window.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

FORM_ID = "cn-ltc-2021"


@dataclass(frozen=True)
class OpenedData:
    form: object  # forms.model.Form
    data_dir: Path | None
    records: object | None  # services.case_records.CaseRecords; None: the administrator is needed


def open_data(arguments: argparse.Namespace, now) -> OpenedData:
    """In the background: the instrument, and the records when no one needs to be asked."""
    from forms import default_registry

    from assessment_app.security.data_key import NoKeyringAndNoPassphrase
    from assessment_app.services.case_records import DataState, data_state, open_case_records

    form = default_registry().get(FORM_ID)  # a FormError has a message of its own
    if arguments.demo:
        from assessment_app.services.demo_workstation import demo_data_dir, open_demo_records

        data_dir = demo_data_dir(arguments.data_dir)
        return OpenedData(form, data_dir, open_demo_records(data_dir, now()).records)
    data_dir = arguments.data_dir
    if data_state(data_dir) is DataState.NEW:
        return OpenedData(form, data_dir, None)
    try:
        return OpenedData(form, data_dir, open_case_records(data_dir))
    except NoKeyringAndNoPassphrase:
        return OpenedData(form, data_dir, None)


def work_context_for(opened: OpenedData, arguments: argparse.Namespace, parent: QWidget):
    """On the GUI thread: the WorkContext, after asking the administrator if the records need it
    (first use: set the passphrase; no credential store: type it); None when they quit."""
    from assessment_app.ui.shell.unlock_dialogs import open_records_at_start
    from assessment_app.ui.shell.work_context import WorkContext

    records = opened.records or open_records_at_start(opened.data_dir, arguments.lang, parent)
    if records is None:
        return None
    return WorkContext(records, opened.form, data_dir=opened.data_dir, language=arguments.lang, demo=arguments.demo)


def close_opened_data(opened: OpenedData) -> None:
    """The user quit while the data was opening: close what was opened."""
    if opened.records is not None:
        opened.records.close()
