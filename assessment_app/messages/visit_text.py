# SPDX-License-Identifier: GPL-3.0-or-later
"""Visit errors (domain/visit_workflow.py, services/visit_*.py) as sentences, zh_CN or en."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessment_app.messages.wording import Pair, Wording, pick, reason_text

if TYPE_CHECKING:
    from assessment_app.domain.visit_workflow import Requirement

FIELD_NAMES = {
    "informant_name": ("知情人姓名", "Informant's name"),
    "informant_relation": ("与申请人关系", "Relation to the applicant"),
    "informant_phone": ("知情人电话", "Informant's phone"),
    "reason": ("原因", "Reason"),
    "discrepancy": ("人证不一致的情况", "Identity discrepancy"),
    "conclusion": ("评估结论", "Conclusion"),
    "note": ("备注", "Note"),
    "id_card_photo": ("身份证照片", "ID card photo"),
    "face_photo": ("本人照片", "Photo of the applicant"),
    "consent_signature": ("录像知情同意签名", "Consent signature"),
    "item_photo": ("项目照片", "Item photo"),
    "signature": ("签名", "Signature"),
}

REASONS = {
    "not_a_guided_visit": ("该评估记录不是通过上门评估流程创建的。", "This record was not made by a guided visit."),
    "visit_in_progress": ("该案件已有进行中的上门评估（{detail}），请继续该评估。", "The case has a visit in progress ({detail}); resume it."),
    "case_not_visitable": ("案件当前状态（{detail}）不能开始上门评估。", "A visit cannot start in the case's current status ({detail})."),
    "visit_locked": ("评估记录已签名锁定，不能再修改。", "The record is signed and locked; it cannot be changed."),
    "visit_ended": ("本次上门评估已结束（{detail}）。", "This visit has ended ({detail})."),
    "no_signed_report": ("该评估记录没有已签名的结论书。", "This record has no signed report."),
    "signers_not_the_visit_experts": ("结论书只能由本次评估的两名评估人员各签一次。",
                                      "Only the two experts of this visit sign the report, each once."),
    "not_visit_expert": ("只有本次评估的两名评估人员可以操作。", "Only the two experts of this visit may do this."),
    "already_declared": ("该评估人员已作出回避声明。", "This expert has already declared."),
    "identity_photos_missing": ("请先拍摄身份证和本人照片。", "Take the photos of the ID card and of the applicant first."),
    "identity_not_answered": ("请确认人证是否一致。", "Confirm whether the person matches the ID card."),
    "second_expert_missing": ("第二名评估人员尚未登录。", "The second expert has not signed in yet."),
    "consent_already_recorded": ("录像同意已记录（{detail}）。", "Consent has already been recorded ({detail})."),
    "unknown_item": ("评估表中没有该项目（{detail}）。", "The form has no such item ({detail})."),
    "unknown_option": ("该项目没有这个选项（{detail}）。", "The item has no such option ({detail})."),
    "already_answered": ("该项目已作答；修改请填写原因。", "This item is answered already; changing it needs a reason."),
    "not_answered_yet": ("该项目尚未作答，无需修改。", "This item has not been answered yet."),
    "reconciliation_started": ("已进入核对阶段，请在差异列表中确定答案。", "Reconciliation has started; settle the answer in the list of differences."),
    "expert_required": ("双人独立录入时须指明评估人员。", "In dual entry the expert must be named."),
    "not_in_independent_entry": ("本次评估不在双人独立录入阶段。", "This visit is not in independent dual entry."),
    "entry_incomplete": ("双人独立录入尚未完成，两名评估人员都须答完全部项目。", "Dual entry is not complete: both experts must rate every item."),
    "not_a_difference": ("该项目两人评定一致，无需核对。", "Both experts rated this item alike; there is nothing to reconcile."),
    "unknown_warning": ("没有这条提示（{detail}）。", "No such warning ({detail})."),
    "report_not_pdf": ("评估报告不是 PDF 文件。", "The report is not a PDF file."),
    "two_signers_required": ("须由两名评估人员分别签名。", "Both experts must sign."),
    "record_changed": ("签名后记录内容有变化，请重新生成并签署报告。", "The record changed after the report was made; make and sign it again."),
    "pair_mismatch": ("继续评估须由开始评估的两名评估人员登录。", "The two experts who started the visit must sign in to resume it."),
    "unknown_recording_event": ("未知的录像事件（{detail}）。", "Unknown recording event ({detail})."),
    "reason_required": ("请填写原因。", "A reason is required."),
    "answering_blocked": ("现在还不能作答，尚缺：{detail}。", "Items cannot be answered yet; missing: {detail}."),
    "signing_incomplete": ("记录不完整，不能签名。尚缺：{detail}。", "The record is incomplete and cannot be signed. Missing: {detail}."),
}

REQUIREMENTS = {
    "visit_locked": ("记录已锁定", "the record is locked"),
    "visit_ended": ("评估已结束", "the visit has ended"),
    "declaration_missing": ("回避声明", "conflict-of-interest declaration"),
    "identity_unconfirmed": ("人证核验", "identity check"),
    "consent_unresolved": ("录像知情同意", "consent to recording"),
    "informant_missing": ("知情人信息", "informant"),
    "unanswered_items": ("未答项目", "unanswered items"),
    "unresolved_differences": ("未核对的差异", "unresolved differences"),
    "unconfirmed_warnings": ("未确认的逻辑提示", "unconfirmed plausibility warnings"),
    "conclusion_missing": ("评估结论", "conclusion"),
    "expert_signature_missing": ("评估人员手写签名", "experts' handwritten signatures"),
    "informant_signature_missing": ("知情人签名", "informant's signature"),
}

WARNINGS = {
    "walking_unable_stairs_independent": ("平地行走为“不能步行”，但上下楼梯为“独立”。", "Walking is 'unable' but stairs are 'independent'."),
    "transfer_unable_walking_able": ("床椅转移为“不能坐”，但平地行走只需少量帮助或独立。", "Transfer is 'cannot sit' but walking needs little or no help."),
    "transfer_unable_toileting_independent": ("床椅转移为“不能坐”，但用厕为“自理”。", "Transfer is 'cannot sit' but toileting is 'independent'."),
    "bedridden_goes_out_alone": ("平地行走为“卧床不起”，但空间定向为“能单独外出”。", "Walking is 'bedridden' but place orientation is 'goes out alone'."),
    "no_communication_full_memory": ("沟通能力为 0（完全不能理解和表达），但记忆力为 4（记住3个词语）。", "Communication is 0 (cannot understand or express) but memory is 4 (recalls three words)."),
    "no_communication_full_person_orientation": ("沟通能力为 0，但人物定向为 4（能称呼并知道关系）。", "Communication is 0 but person orientation is 4 (names people and knows the relation)."),
    "no_communication_full_time_orientation": ("沟通能力为 0，但时间定向为 4（年、月清楚）。", "Communication is 0 but time orientation is 4 (knows year and month)."),
}


GENERIC: Pair = ("评估操作未完成（{reason}）。", "The visit step was not done ({reason}).")


def describe_requirement(requirement: Requirement, language: str) -> str:
    return pick(REQUIREMENTS.get(requirement.code, (requirement.code, requirement.code)), language)


def describe_warning(code: str, language: str) -> str:
    return pick(WARNINGS.get(code, (code, code)), language)


def describe_visit_error(error, language: str, **_) -> str:
    """`error`: a domain VisitError; a SigningIncomplete names every missing requirement."""
    missing = getattr(error, "missing", None)
    detail = ("、" if language != "en" else ", ").join(describe_requirement(r, language) for r in missing) \
        if missing is not None else ("" if error.detail is None else str(error.detail))
    text = reason_text(REASONS, error.reason, language, GENERIC, table_name="visit")
    return text.format(detail=detail or error.reason)


WORDINGS = (Wording("assessment_app.domain.visit_workflow.VisitError", describe_visit_error, REASONS),)
