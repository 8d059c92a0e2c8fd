"""Demo mode (`ltc-assess-gui --demo`, what `make run` starts): a data directory of its own,
filled once with the demo agency 演示机构 and synthetic cases, and a banner that never goes away.

The demo data directory is `<user data dir>/demo` (or --data-dir), never the real one, so demo
data cannot mix with real cases. Its data key is wrapped under a fixed, public administrator
passphrase, so no dialog is needed on a machine without a credential store; a real data
directory opened with --demo is refused, not used.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from assessment_app.errors import AppError
from assessment_app.security.data_key import WrongPassphrase
from assessment_app.security.passphrase_kdf import DEFAULT_PARAMS, Argon2idParams
from assessment_app.security.provisioning import DEMO_EXPERTS
from assessment_app.services.case_records import CaseRecords, DataState, data_state, open_case_records
from assessment_app.services.demo_directory import (  # noqa: F401 - DEMO_* and demo_data_dir re-exported
    DEMO_ADMIN_PASSPHRASE, DEMO_ADMINISTRATOR, DEMO_CASE_SEED, DEMO_CASES, DEMO_DIR_NAME, create_demo_directory,
    demo_data_dir,
)
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES, ensure_demo_agency, pinned_fingerprint
from assessment_app.ui.shell.account_wording import role_label
from assessment_app.ui.shell.theme import set_look



class NotDemoData(AppError):
    """--demo was pointed at a data directory that is not a complete demo directory.
    reason: not_demo_directory (the demo passphrase does not open it), no_agency, real_agency."""

    def __init__(self, reason: str, data_dir: Path, agency: str | None = None):
        super().__init__(f"{reason}: {data_dir}")
        self.reason = reason
        self.data_dir = data_dir
        self.agency = agency

    def user_message(self) -> str:
        texts = {
            "not_demo_directory": QCoreApplication.translate(
                "DemoMode", "The data directory {path} was not created in demo mode. Start without --demo to "
                "use it, or choose another directory for the demo. Nothing was changed."),
            "no_agency": QCoreApplication.translate(
                "DemoMode", "The data directory {path} holds no demo agency (perhaps its first start was "
                "interrupted). Delete this directory or choose another one for the demo. Nothing was changed."),
            "real_agency": QCoreApplication.translate(
                "DemoMode", "The data directory {path} belongs to the agency {agency}: it holds real data. Start "
                "without --demo to use it. Nothing was changed."),
        }
        return texts[self.reason].format(path=self.data_dir, agency=self.agency or "")


@dataclass
class DemoStart:
    records: CaseRecords
    created: bool  # True on the very first start: the demo agency and cases were made just now


def open_demo_records(data_dir: Path, now: datetime.datetime, *,
                      kdf_params: Argon2idParams = DEFAULT_PARAMS) -> DemoStart:
    """Create the demo directory with the demo agency and cases on first start; afterwards open it
    with the demo passphrase. A directory that is not demo data raises NotDemoData."""
    if data_state(data_dir) is DataState.NEW:
        return DemoStart(create_demo_directory(data_dir, now, kdf_params=kdf_params), True)
    try:
        records = open_case_records(data_dir, DEMO_ADMIN_PASSPHRASE)
    except WrongPassphrase:
        raise NotDemoData("not_demo_directory", data_dir) from None
    try:
        if pinned_fingerprint(records) is None:
            raise NotDemoData("no_agency", data_dir)
        # With an agency present this only describes it; the seed is not used.
        agency = ensure_demo_agency(records, now, os.urandom(32))
        if not agency.demo:
            raise NotDemoData("real_agency", data_dir, f"{agency.agency_name} ({agency.agency_code})")
    except BaseException:
        records.close()
        raise
    return DemoStart(records, False)


def demo_accounts_text() -> str:
    lines = [QCoreApplication.translate("DemoMode", "Demo logins (public, for training only):")]
    lines += [QCoreApplication.translate("DemoMode", "{number} / {passphrase} — {name} ({role})")
              .format(role=role_label(role), name=name, number=number, passphrase=DEMO_PASSPHRASES[number])
              for name, number, role in DEMO_EXPERTS]
    lines.append(QCoreApplication.translate("DemoMode", "Administrator passphrase of the demo data: {passphrase}")
                 .format(passphrase=DEMO_ADMIN_PASSPHRASE))
    return "\n".join(lines)


class DemoBanner(QFrame):
    """Across the top of the main window in demo mode, for as long as the window is open."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("demoBanner")
        set_look(self, "demoBanner")
        self.text = QLabel(self)
        self.text.setObjectName("demoBannerText")
        set_look(self.text, "demoBannerText")
        self.text.setWordWrap(True)
        self.accounts_button = QPushButton(self)
        self.accounts_button.setObjectName("demoAccountsButton")
        self.accounts_button.clicked.connect(self.show_accounts)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.accounts_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setText(self.tr("Demo mode · Demo agency (DEMO) — for training and trial only, all data is "
                                  "fictitious"))
        self.accounts_button.setText(self.tr("Demo logins"))
        self.setToolTip(demo_accounts_text())

    def show_accounts(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Demo logins"), demo_accounts_text(),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("demoAccountsDialog")
        box.exec()
