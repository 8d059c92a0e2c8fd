# SPDX-License-Identifier: GPL-3.0-or-later
"""Refusals of the role rules (domain/roles.py, services/authorization.py) as sentences, zh_CN or en:
who is refused what, and that nothing was changed."""

from __future__ import annotations

from assessment_app.domain.roles import Permission
from assessment_app.messages.wording import Wording

ROLE_NAMES = {"assessor": ("评估员", "an assessor"), "reviewer": ("审核员", "a reviewer"),
              "administrator": ("管理员", "an administrator")}

ACTIONS = {
    Permission.READ_CASES: ("查看案件", "see cases"),
    Permission.EDIT_CASES: ("受理或修改案件", "take in or change cases"),
    Permission.CONDUCT_VISIT: ("进行入户评估", "conduct a visit"),
    Permission.CORRECT_RECORD: ("更正评估记录", "correct an assessment record"),
    Permission.EXPORT_BUNDLE: ("导出数据包", "export a data bundle"),
    Permission.IMPORT_DECISION: ("导入审核结论", "import a review decision"),
    Permission.IMPORT_BUNDLE: ("导入评估数据包", "import assessment bundles"),
    Permission.REVIEW: ("审核评估记录", "review assessment records"),
    Permission.PUBLISH: ("导出公示名单", "export the public notice list"),
    Permission.SUPERVISE: ("查看统计与稽核", "see the supervision dashboard"),
    Permission.MANAGE_EXPERTS: ("管理人员账户", "manage expert accounts"),
    Permission.CHANGE_SETTINGS: ("更改机构设置", "change the agency's settings"),
    Permission.PROVISION: ("导入机构配置包", "import the agency's provisioning package"),
    Permission.BACKUP: ("备份数据", "back up the data"),
    Permission.RESTORE: ("恢复备份", "restore a backup"),
    Permission.READ_AUDIT: ("查看审计日志", "read the audit log"),
    Permission.OWN_IDENTITY: ("管理签名证书", "manage a signing certificate"),
}


def describe_permission_denied(error, language: str, **_) -> str:
    """`error`: a domain PermissionDenied (permission, role; role None when nobody is signed in)."""
    english = language == "en"
    action = ACTIONS.get(error.permission, (str(error.permission), str(error.permission)))[1 if english else 0]
    if error.role is None:
        return (f"Sign in first: nobody may {action} without signing in. Nothing was changed." if english
                else f"请先登录：未登录不能{action}。未做任何更改。")
    role = ROLE_NAMES.get(error.role, (error.role, error.role))[1 if english else 0]
    return (f"As {role} you may not {action}. Nothing was changed." if english
            else f"{role}无权{action}，未做任何更改。")


def describe_not_signed_in(error, language: str, **_) -> str:
    """`error`: a services NotSignedIn (expert_number, or None)."""
    who = f" ({error.expert_number})" if error.expert_number else ""
    if language == "en":
        return (f"Not signed in{who}, or the sign-in has ended: sign in with your expert number and personal "
                "passphrase. Nothing was changed.")
    return (f"未登录{who.replace(' (', '（').replace(')', '）')}或登录已结束：请用评估人员编号和个人口令登录。"
            "未做任何更改。")


WORDINGS = (
    Wording("assessment_app.domain.roles.PermissionDenied", describe_permission_denied),
    Wording("assessment_app.services.authorization.NotSignedIn", describe_not_signed_in),
)
