"""Start the desktop application: `ltc-assess-gui [--demo] [--lang zh_CN|en] [--data-dir DIR]` or
`python -m assessment_app.ui.shell.app`.

Start-up opens the encrypted case records first (first use: set the administrator passphrase;
no key in the credential store: ask for it), then the user signs in; the main window appears
only then. `--demo` uses the demo data directory instead, created with the demo agency and
synthetic cases on its first start (ui/demo_mode.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence

from forms import FormError, default_registry
from forms.model import DEFAULT_LANGUAGE, LANGUAGES

from assessment_app import APP_NAME, APP_VERSION
from assessment_app.messages import describe_error
from assessment_app.security.process_hardening import disable_core_dumps

FORM_ID = "cn-ltc-2021"
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
    probe = install_if_asked(app)  # bench/startup.py: when the sign-in window is shown  # noqa: F841
    # From here on, an error no slot expected is logged and told in the user's language.
    error_report = ErrorReport(lambda: arguments.lang).install()
    try:
        return _run(app, arguments, error_report)
    finally:
        error_report.uninstall()


def _run(app, arguments: argparse.Namespace, error_report) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from assessment_app.errors import AppError
    from assessment_app.ui.shell.demo_mode import demo_data_dir, open_demo_records
    from assessment_app.ui.shell.i18n import MissingCatalogueError, UiLanguage, in_both_languages
    from assessment_app.ui.shell.login_dialog import sign_in
    from assessment_app.ui.shell.main_window import MainWindow
    from assessment_app.ui.shell.theme import apply_theme
    from assessment_app.ui.shell.unlock_dialogs import open_records_at_start
    from assessment_app.ui.shell.user_feedback import busy_cursor, error_text
    from assessment_app.ui.shell.work_context import WorkContext, local_now

    apply_theme(app)
    ui_language = UiLanguage(app)
    catalogue_problem = None
    try:
        ui_language.switch(arguments.lang)
    except MissingCatalogueError as error:
        catalogue_problem = in_both_languages(error)
        print(catalogue_problem, file=sys.stderr)

    try:
        form = default_registry().get(FORM_ID)
    except FormError as error:
        message = describe_error(error, arguments.lang)
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "长护险失能等级评估工作站 / LTC assessment workstation", message)
        return EXIT_NO_FORM

    if catalogue_problem is not None:
        QMessageBox.warning(None, "翻译缺失 / Translation missing", catalogue_problem)

    data_dir = demo_data_dir(arguments.data_dir) if arguments.demo else arguments.data_dir
    try:
        if arguments.demo:
            with busy_cursor():
                records = open_demo_records(data_dir, local_now()).records
        else:
            records = open_records_at_start(data_dir, arguments.lang)
    except AppError as error:  # damaged database or key file, not demo data: say so, change nothing
        message = error_text(error, arguments.lang)
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "长护险失能等级评估工作站 / LTC assessment workstation", message)
        return EXIT_RECORDS_UNAVAILABLE
    if records is None:
        return EXIT_CANCELLED

    context = WorkContext(records, form, data_dir=data_dir, language=arguments.lang, demo=arguments.demo)
    error_report.language = lambda: context.language
    context.session = sign_in(context)
    if context.session is None:
        records.close()
        return EXIT_CANCELLED
    window = MainWindow(context, ui_language,
                        lambda: open_demo_records(data_dir, context.now()).records if arguments.demo
                        else open_records_at_start(data_dir, context.language, window))
    error_report.parent = lambda: window
    window.showMaximized()
    # After a crash mid-visit the experts go straight back to where they were.
    QTimer.singleShot(0, window.offer_interrupted_visit)
    try:
        return app.exec()
    finally:
        if context.session is not None:
            record_final_logout(context)
        context.records.close()


if __name__ == "__main__":
    sys.exit(main())
