# SPDX-License-Identifier: GPL-3.0-or-later
"""Start the desktop application: `ltc-assess-gui [--demo] [--lang zh_CN|en] [--data-dir DIR]` or
`python -m assessment_app.ui.shell.app`.

The sign-in window comes first, at once; behind it the encrypted case records are opened in the
background (ui/shell/start.py; first use: set the administrator passphrase; no key in the
credential store: ask for it, in a dialog over the sign-in window), then the user signs in; the
main window is loaded and appears only then. `--demo` uses the demo data directory instead,
created with the demo agency and synthetic cases on its first start (services/demo_workstation.py).
Nothing heavy is imported before the first window: the services, SQLCipher, reportlab, pyHanko,
PyAV and OpenCV load behind it or when first used.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence

from forms.model import DEFAULT_LANGUAGE, LANGUAGES

from assessment_app import APP_NAME, APP_VERSION
from assessment_app.security.process_hardening import disable_core_dumps

EXIT_NO_DISPLAY = 2
EXIT_NO_FORM = 1
EXIT_RECORDS_UNAVAILABLE = 2
EXIT_CANCELLED = 0
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")

NO_DISPLAY_MESSAGE = (
    "无法启动图形界面：没有可用的显示（DISPLAY 和 WAYLAND_DISPLAY 均未设置）。"
    "请在桌面会话中启动，或使用 xvfb-run；无界面时请使用命令行工具 ltc-assess。\n"
    "Cannot start the graphical interface: no display is available (neither DISPLAY nor "
    "WAYLAND_DISPLAY is set). Start it from a desktop session or under xvfb-run; without a "
    "display, use the ltc-assess command line."
)


def parse_arguments(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the rest for Qt (e.g. -platform, -style)."""
    parser = argparse.ArgumentParser(prog="ltc-assess-gui", description="长护险失能等级评估工作站 / "
                                     "LTC disability assessment workstation")
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                        help="界面语言 / interface language (default: zh_CN)")
    parser.add_argument("--data-dir", help="数据目录 / data directory (default: the platform's user data directory; "
                                           "with --demo its demo/ subdirectory)")
    parser.add_argument("--demo", action="store_true",
                        help="演示模式：演示机构与虚构案例，独立的数据目录 / demo mode: the demo agency and "
                             "fictitious cases, in a data directory of their own")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {APP_VERSION}")
    parser.add_argument("--selftest", action="store_true",
                        help="自检（离屏，不触及用户数据）/ check this installation offscreen, touching no user data")
    return parser.parse_known_args(list(argv))


def display_available(environ: Mapping[str, str], platform: str, qt_arguments: Sequence[str] = ()) -> bool:
    """On Linux, Qt aborts the process when it finds no display; we check first and say why."""
    if not platform.startswith("linux"):
        return True
    if "-platform" in qt_arguments:
        return True
    return any(environ.get(name) for name in DISPLAY_VARIABLES)


def record_final_logout(context) -> None:
    """Closing the application signs the person out; the log says so."""
    from assessment_app.errors import AppError
    from assessment_app.services.accounts import logout
    from assessment_app.ui.shell.user_feedback import error_text

    try:
        logout(context.records, context.session, context.now())
    except AppError as error:  # the window is gone: stderr is what is left
        print(error_text(error, context.language), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    disable_core_dumps()
    arguments, qt_arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if arguments.selftest:
        from assessment_app.selftest import run_selftest

        return run_selftest()
    if not display_available(os.environ, sys.platform, qt_arguments):
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return EXIT_NO_DISPLAY

    # Qt is imported only once we know it can start.
    from PySide6.QtWidgets import QApplication

    from assessment_app.ui.shell.error_report import ErrorReport
    from assessment_app.ui.shell.startup_probe import install_if_asked

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME, *qt_arguments])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(APP_VERSION)
    _probe = install_if_asked(app)  # kept while the application runs: bench/startup.py times the start
    # From here on, an error no slot expected is logged and told in the user's language.
    error_report = ErrorReport(lambda: arguments.lang).install()
    try:
        return _run(app, arguments, error_report)
    finally:
        error_report.uninstall()


def _run(app, arguments: argparse.Namespace, error_report) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from forms.errors import FormError

    from assessment_app.errors import AppError
    from assessment_app.messages import describe_error
    from assessment_app.ui.shell.i18n import MissingCatalogueError, UiLanguage, in_both_languages
    from assessment_app.ui.shell.login_dialog import sign_in_at_start
    from assessment_app.ui.shell.start import close_opened_data, open_data, work_context_for
    from assessment_app.ui.shell.theme import apply_theme
    from assessment_app.ui.shell.user_feedback import error_text
    from assessment_app.ui.shell.work_context import local_now

    apply_theme(app)
    ui_language = UiLanguage(app)
    try:
        ui_language.switch(arguments.lang)
    except MissingCatalogueError as error:
        problem = in_both_languages(error)
        print(problem, file=sys.stderr)
        QMessageBox.warning(None, "翻译缺失 / Translation missing", problem)

    try:
        context, session = sign_in_at_start(lambda: open_data(arguments, local_now),
                                            lambda opened, parent: work_context_for(opened, arguments, parent),
                                            close_opened_data, arguments.lang)
    except AppError as error:  # damaged database or key file, not demo data: say so, change nothing
        return _refuse_start(error_text(error, arguments.lang), EXIT_RECORDS_UNAVAILABLE)
    except FormError as error:  # the shipped instrument does not load
        return _refuse_start(describe_error(error, arguments.lang), EXIT_NO_FORM)
    if context is None:
        return EXIT_CANCELLED
    if session is None:
        context.records.close()
        return EXIT_CANCELLED
    context.session = session
    error_report.language = lambda: context.language

    from assessment_app.ui.shell.main_window import MainWindow  # loaded once someone signed in
    from assessment_app.ui.shell.unlock_dialogs import open_records_at_start

    def reopen():
        if arguments.demo:
            from assessment_app.services.demo_workstation import open_demo_records

            return open_demo_records(context.data_dir, context.now()).records
        return open_records_at_start(context.data_dir, context.language, window)

    window = MainWindow(context, ui_language, reopen)
    error_report.parent = lambda: window
    window.showMaximized()
    window.uploads.start()  # the upload queue is re-read and resumed
    # After a crash mid-visit the experts go straight back to where they were.
    QTimer.singleShot(0, window.offer_interrupted_visit)
    try:
        return app.exec()
    finally:
        if context.session is not None:
            record_final_logout(context)
        context.records.close()


def _refuse_start(message: str, code: int) -> int:
    from PySide6.QtWidgets import QMessageBox

    print(message, file=sys.stderr)
    QMessageBox.critical(None, "长护险失能等级评估工作站 / LTC assessment workstation", message)
    return code


if __name__ == "__main__":
    sys.exit(main())
