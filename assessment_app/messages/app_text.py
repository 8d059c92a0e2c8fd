# SPDX-License-Identifier: GPL-3.0-or-later
"""The application's own errors as sentences, zh_CN or en: a missing interface translation, a
demo start pointed at a directory that is not demo data, a file the user chose that could not be
written or read (a full disk, a vanished USB stick), and the internal error a bug ends in."""

from __future__ import annotations

from assessment_app.messages.wording import Pair, Wording, pick, reason_text

TRANSLATION = {
    "missing_catalogue": ("界面翻译文件缺失或无法读取：{path}（请先运行 make translations 或 pyside6-lrelease）。",
                          "Interface translation file missing or unreadable: {path} "
                          "(run make translations or pyside6-lrelease first)."),
}

DEMO = {
    "not_demo_directory": ("数据目录 {path} 不是在演示模式下创建的。如要使用它，请不带 --demo 启动；演示请另选一个目录。未做任何更改。",
                           "The data directory {path} was not created in demo mode. Start without --demo to use it, "
                           "or choose another directory for the demo. Nothing was changed."),
    "no_agency": ("数据目录 {path} 中没有演示机构（可能首次启动被中断）。请删除该目录，或为演示另选一个目录。未做任何更改。",
                  "The data directory {path} holds no demo agency (perhaps its first start was interrupted). Delete "
                  "this directory or choose another one for the demo. Nothing was changed."),
    "real_agency": ("数据目录 {path} 属于机构 {agency}，保存的是真实数据。如要使用它，请不带 --demo 启动。未做任何更改。",
                    "The data directory {path} belongs to the agency {agency}: it holds real data. Start without "
                    "--demo to use it. Nothing was changed."),
}

# errors.FileOperationFailed: what was being done, then what the system said.
FILE_OPERATIONS = {
    "file_write_failed": ("无法写入文件 {path}（{detail}）；已保存的数据未受影响。",
                          "The file {path} could not be written ({detail}); data saved before is not affected."),
    "file_read_failed": ("无法读取文件 {path}（{detail}）；已保存的数据未受影响。",
                         "The file {path} could not be read ({detail}); data saved before is not affected."),
}

GENERIC: Pair = ("操作未完成（{reason}）。", "The operation was not done ({reason}).")

# A bug, not a user error (ui/shell/error_report.py): what happened, where it was logged, what is safe.
INTERNAL_ERROR: Pair = (
    "内部错误：{kind}（{where}）。已记录到日志：{log}。已保存的数据未受影响；如再次出现，请把日志文件交给技术支持。",
    "Internal error: {kind} ({where}). It was recorded in the log: {log}. Data saved before is not affected; if it "
    "happens again, give the log file to support.")


def describe_internal_error(kind: str, where: str, log: object, language: str) -> str:
    """The message for an error no catalogue words: its type and place (no values), and the log."""
    return pick(INTERNAL_ERROR, language).format(kind=kind, where=where, log=log)


def describe_missing_catalogue(error, language: str, **_) -> str:
    return pick(TRANSLATION["missing_catalogue"], language).format(path=error.path)


def describe_not_demo_data(error, language: str, **_) -> str:
    text = reason_text(DEMO, error.reason, language, GENERIC, table_name="demo")
    return text.format(path=error.data_dir, agency=error.agency or "")


def describe_file_operation(error, language: str, **_) -> str:
    text = reason_text(FILE_OPERATIONS, error.reason, language, GENERIC, table_name="file")
    return text.format(path=error.path or "", detail=error.detail or "").replace(" ()", "").replace("（）", "")


WORDINGS = (
    Wording("assessment_app.ui.shell.i18n.MissingCatalogueError", describe_missing_catalogue, TRANSLATION),
    Wording("assessment_app.services.demo_workstation.NotDemoData", describe_not_demo_data, DEMO),
    Wording("assessment_app.errors.FileOperationFailed", describe_file_operation, FILE_OPERATIONS),
)
