# SPDX-License-Identifier: GPL-3.0-or-later
"""Where an error no slot expected ends: one exception hook for the GUI thread and every other.

A slot catches `AppError` only (the errors a user can act on, worded by assessment_app.messages).
Anything else is a bug: this hook (sys.excepthook and threading.excepthook) writes the traceback
to a log file in the platform's log directory and tells the user, in their language, that an
internal error happened, where it was recorded, and that saved data is safe. (An AppError that a
slot forgot to catch still gets its own message here, and is not logged: it is no bug of ours.)

The log holds no personal data: for each exception of the chain, its type and the module,
function and line of every frame; never the exception's text, the arguments or the locals
(an error's text can quote a name or an ID number).
"""

from __future__ import annotations

import datetime
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from assessment_app.errors import AppError
from assessment_app.messages import NoMessage, describe_error
from assessment_app.messages.app_text import describe_internal_error
from assessment_app.version import APP_NAME, APP_VERSION

LOG_FILE = "ltc-assess.log"
LOG_DIR_VARIABLE = "LTC_ASSESS_LOG_DIR"  # where the log goes instead (tests, support)
MAX_LOG_BYTES = 1024 * 1024
TITLE = "长护险失能等级评估工作站 / LTC assessment workstation"


def default_log_directory() -> Path:
    import platformdirs

    override = os.environ.get(LOG_DIR_VARIABLE)
    return Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, APP_NAME))


def where_raised(error: BaseException) -> str:
    """`module:line` of the innermost frame of the application (or of the innermost frame)."""
    frames = _frames(error.__traceback__)
    ours = [frame for frame in frames if frame[0].split(".")[0] in ("assessment_app", "forms", "scoring")]
    module, _, line = (ours or frames or [("?", "?", 0)])[-1]
    return f"{module}:{line}"


def sanitized_traceback(error: BaseException) -> str:
    """The traceback without values: per exception of the chain (outermost last, as Python prints
    it) its type, then `module:function:line` per frame."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    lines: list[str] = []
    for index, link in enumerate(reversed(chain)):
        if index:
            lines.append("  which led to:")
        kind = type(link)
        lines.append(f"  {kind.__module__}.{kind.__qualname__}")
        lines += [f"    at {module}:{function}:{line}" for module, function, line in _frames(link.__traceback__)]
    return "\n".join(lines)


def _frames(trace: TracebackType | None) -> list[tuple[str, str, int]]:
    frames = []
    while trace is not None:
        code = trace.tb_frame.f_code
        frames.append((str(trace.tb_frame.f_globals.get("__name__", "?")), code.co_name, trace.tb_lineno))
        trace = trace.tb_next
    return frames


class _Courier(QObject):
    """Carries a report from any thread to the GUI thread (a queued signal)."""

    report = Signal(object)


class ErrorReport:
    """The installed hooks. `language()` is the user's language at the moment of the error;
    `parent()` the window a message box belongs to (None before the main window exists)."""

    def __init__(self, language: Callable[[], str], parent: Callable[[], QWidget | None] = lambda: None,
                 log_directory: Path | None = None):
        self.language = language
        self.parent = parent
        self.log_directory = log_directory or default_log_directory()
        self.log_path = self.log_directory / LOG_FILE
        self._logger: logging.Logger | None = None
        self._showing = False
        self._previous_hooks = None
        self._courier = _Courier()
        self._courier.report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> ErrorReport:
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception
        return self

    def uninstall(self) -> None:
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks
            self._previous_hooks = None
        if self._logger is not None:
            for handler in list(self._logger.handlers):
                self._logger.removeHandler(handler)
                handler.close()
            self._logger = None

    def __enter__(self) -> ErrorReport:
        return self.install()

    def __exit__(self, *_exc) -> None:
        self.uninstall()

    # -- the hooks --------------------------------------------------------------------------

    def _on_exception(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        self.report(error.with_traceback(trace) if error.__traceback__ is None else error)

    def _on_thread_exception(self, arguments: threading.ExceptHookArgs) -> None:
        if arguments.exc_value is not None:
            self.report(arguments.exc_value)

    def report(self, error: BaseException) -> None:
        """Log `error` and tell the user (on the GUI thread, whichever thread calls this)."""
        if self._message_of(error) is not None:
            self._tell(error)
            return
        logged = self._log(error)
        print(f"{APP_NAME}: internal error {type(error).__qualname__} at {where_raised(error)}"
              + (f", logged to {self.log_path}" if logged else ""), file=sys.stderr)
        self._tell(error)

    def _tell(self, error: BaseException) -> None:
        if QApplication.instance() is None:
            print(self._message_of(error) or describe_internal_error(
                type(error).__qualname__, where_raised(error), self.log_path, self.language()), file=sys.stderr)
        elif threading.current_thread() is threading.main_thread():
            self._show(error)
        else:
            self._courier.report.emit(error)

    def _message_of(self, error: BaseException) -> str | None:
        if not isinstance(error, AppError):
            return None
        try:
            return describe_error(error, self.language())
        except NoMessage:
            return None

    def _log(self, error: BaseException) -> bool:
        try:
            logger = self._open_log()
            logger.error("%s %s internal error at %s\n%s", APP_NAME, APP_VERSION, where_raised(error),
                         sanitized_traceback(error))
            return True
        except OSError:  # a full or read-only disk must not turn one error into two
            return False

    def _open_log(self) -> logging.Logger:
        if self._logger is None:
            from logging.handlers import RotatingFileHandler  # the first internal error opens the log

            self.log_directory.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(self.log_path, maxBytes=MAX_LOG_BYTES, backupCount=3, encoding="utf-8")
            handler.setFormatter(_UtcFormatter("%(asctime)s %(message)s"))
            logger = logging.getLogger(f"{APP_NAME}.internal.{id(self)}")
            logger.propagate = False
            logger.setLevel(logging.ERROR)
            logger.addHandler(handler)
            self._logger = logger
        return self._logger

    def _show(self, error: BaseException) -> None:
        if self._showing:
            return  # one box at a time: an error while it is open is logged, not stacked
        self._showing = True
        try:
            message = self._message_of(error)
            if message is None:
                box = QMessageBox(QMessageBox.Icon.Critical, TITLE, describe_internal_error(
                    type(error).__qualname__, where_raised(error), self.log_path, self.language()),
                    QMessageBox.StandardButton.Ok, self.parent())
                box.setObjectName("internalErrorDialog")
            else:
                box = QMessageBox(QMessageBox.Icon.Warning, TITLE, message, QMessageBox.StandardButton.Ok, self.parent())
                box.setObjectName("errorDialog")
            box.exec()
            box.deleteLater()
        finally:
            self._showing = False


class _UtcFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        return datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc).isoformat(timespec="seconds")
