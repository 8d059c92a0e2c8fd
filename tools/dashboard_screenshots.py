# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the 统计与稽核 page with the agency's demo year, for docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/dashboard_screenshots.py [--visits 5000] [--pdf FILE]

Starts everything for real on this machine, in a temporary folder removed at the end: a throwaway
PostgreSQL cluster (agency/local_cluster.py), the agency server on loopback with the demo agency's
CA and package, `ltc-agency demo-data` (20 assessors, 5,000 visits, one skewed), a reviewer's
workstation with the demo records of the same seed connected through its agency-connection.toml;
then the main window at 1366×768 signed in as 演示审核员, the page signed in to the server with
the reviewer's passphrase, and each tab grabbed to PNG. `--pdf` also saves the page's PDF export.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from forms import default_registry  # noqa: E402

from assessment_app.agency.database import open_engine, transaction, upgrade_to_head  # noqa: E402
from assessment_app.agency.demo_data import generate  # noqa: E402
from assessment_app.agency.local_cluster import LocalCluster  # noqa: E402
from assessment_app.agency.review_trust import record_trust_package  # noqa: E402
from assessment_app.agency.uploads import now_utc  # noqa: E402
from assessment_app.domain import dashboard_tables as tables  # noqa: E402
from assessment_app.security.provisioning import build_demo_provisioning  # noqa: E402
from assessment_app.services.provisioning_import import DEMO_AGENCY_DIR  # noqa: E402
from assessment_app.ui.shell.i18n import UiLanguage  # noqa: E402
from assessment_app.ui.shell.main_window import SUPERVISION, MainWindow  # noqa: E402
from assessment_app.ui.shell.theme import apply_theme  # noqa: E402
from assessment_app.ui.shell.work_context import WorkContext  # noqa: E402

from tests.agency.conftest import make_agency  # noqa: E402
from tests.agency.harness import ServerThread  # noqa: E402
from tests.agency.supervision_world import REVIEWER, connect_workstation  # noqa: E402
from tests.unit.bundle.conftest import DEMO_SEED, NOW, demo_records, demo_sign_in  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshots"
SHOTS = ((tables.GRADE_DISTRIBUTION, "zh_CN", "supervision-grade-distribution.png"),
         (tables.SEVERE_SHARE_BY_MONTH, "zh_CN", "supervision-severe-share.png"),
         (tables.REVIEW_OUTCOMES, "zh_CN", "supervision-review-outcomes.png"),
         (tables.VISITS_PER_DAY, "zh_CN", "supervision-visits-per-day.png"),
         (tables.VISIT_DURATION, "zh_CN", "supervision-visit-duration.png"),
         (tables.ANSWER_CHANGES, "zh_CN", "supervision-answer-changes.png"),
         (tables.DUAL_ENTRY_AGREEMENT, "zh_CN", "supervision-dual-entry.png"),
         (tables.FREQUENT_REAPPLICANTS, "zh_CN", "supervision-reapplicants.png"),
         (tables.GRADE_DISTRIBUTION, "en", "supervision-grade-distribution-en.png"))


def wait_until(app: QApplication, condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the page did not fill")
        app.processEvents()
        time.sleep(0.02)


def compile_catalogues() -> None:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for source in (ROOT / "resources" / "translations").glob("*.ts"):
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(source.with_suffix(".qm"))], check=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=5000)
    parser.add_argument("--assessors", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pdf", type=Path, help="also save the page's PDF export here")
    arguments = parser.parse_args(argv)
    compile_catalogues()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="ltc-dashboard-"))
    cluster = LocalCluster().start()
    try:
        url = cluster.create_database("dashboard")
        engine = open_engine(url, pool_size=2, max_overflow=2)
        upgrade_to_head(engine)
        engine.dispose()
        records = demo_records(work / "reviewer-workstation")
        agency = make_agency(url, work / "agency", records.layout.root / DEMO_AGENCY_DIR / "agency-identity.txt")
        with transaction(agency.engine) as session:
            record_trust_package(session, build_demo_provisioning(NOW, DEMO_SEED).package_bytes, actor="screenshots",
                                 now=now_utc())
        summary = generate(agency.engine, agency.records_key, seed=arguments.seed, visits=arguments.visits,
                           assessor_count=arguments.assessors)
        print(f"demo year: {summary.visits} visits, {len(summary.assessors)} assessors, skewed "
              f"{summary.skewed_assessor}")
        station = agency.workstation("审核工作站")
        with ServerThread(agency.config) as server:
            connect_workstation(records, server.url, agency.ca_pem, station)
            shoot(records, arguments.pdf)
        records.close()
        agency.engine.dispose()
    finally:
        cluster.remove()
    return 0


def shoot(records, pdf: Path | None) -> None:
    app = QApplication.instance() or QApplication(["dashboard-screenshots"])
    apply_theme(app)
    language = UiLanguage(app)
    language.switch("zh_CN")
    context = WorkContext(records, default_registry().get("cn-ltc-2021"), language="zh_CN", demo=True,
                          session=demo_sign_in(records, REVIEWER))
    window = MainWindow(context, language, lambda: None)
    window.resize(1366, 768)
    window.show()
    window.show_page(SUPERVISION)
    page = window.supervision
    page.passphrase.setText(REVIEWER.lower())
    page.sign_in()
    wait_until(app, lambda: page.tables and not page.calls.busy)
    for name, ui_language, file_name in SHOTS:
        window.set_language(ui_language)
        page.tabs.setCurrentWidget(page.sections[name])
        for _ in range(20):
            app.processEvents()
            time.sleep(0.02)
        window.grab().save(str(OUTPUT / file_name))
        print(OUTPUT / file_name)
    window.set_language("zh_CN")
    if pdf is not None:
        page.export_pdf(str(pdf.resolve()))
        wait_until(app, lambda: not page.calls.busy)
        print(pdf)
    window.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
