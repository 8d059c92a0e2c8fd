"""The demo workstation's refusals (services/demo_workstation.py) as sentences, zh_CN or en."""

from __future__ import annotations

from assessment_app.services.demo_workstation import NotDemoData

REASONS = {
    "not_demo_directory": (
        "数据目录 {path} 不是在演示模式下创建的。如要使用它，请不带 --demo 启动；演示请另选一个目录。未做任何更改。",
        "The data directory {path} was not created in demo mode. Start without --demo to use it, or choose another "
        "directory for the demo. Nothing was changed."),
    "no_agency": (
        "数据目录 {path} 中没有演示机构（可能首次启动被中断）。请删除该目录，或为演示另选一个目录。未做任何更改。",
        "The data directory {path} holds no demo agency (perhaps its first start was interrupted). Delete this "
        "directory or choose another one for the demo. Nothing was changed."),
    "real_agency": (
        "数据目录 {path} 属于机构 {agency}，保存的是真实数据。如要使用它，请不带 --demo 启动。未做任何更改。",
        "The data directory {path} belongs to the agency {agency}: it holds real data. Start without --demo to use "
        "it. Nothing was changed."),
}


def describe_demo_error(error: Exception, language: str) -> str | None:
    if not isinstance(error, NotDemoData):
        return None
    chinese, english = REASONS[error.reason]
    return (english if language == "en" else chinese).format(path=error.data_dir, agency=error.agency or "")
