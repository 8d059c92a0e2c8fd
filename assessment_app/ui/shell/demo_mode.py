# SPDX-License-Identifier: GPL-3.0-or-later
"""Demo mode (`ltc-assess-gui --demo`, what `make run` starts): the banner that never goes away
and the list of the public demo logins. The demo workstation itself (its own data directory,
filled once with the demo agency 演示机构 and synthetic cases) is services/demo_workstation.py.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from assessment_app.security.provisioning import DEMO_EXPERTS
from assessment_app.services.demo_workstation import DEMO_ADMIN_PASSPHRASE
from assessment_app.services.provisioning_import import DEMO_PASSPHRASES
from assessment_app.ui.shell.account_wording import role_label
from assessment_app.ui.shell.theme import set_look


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
