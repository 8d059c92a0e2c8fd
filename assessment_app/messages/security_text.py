# SPDX-License-Identifier: GPL-3.0-or-later
"""Identity errors (provisioning, accounts, certificates, keys) as sentences, zh_CN or en.

Each refusal also says what did not happen ("nothing was changed"), because an administrator
or expert who sees a refusal first wonders whether something was half done.
"""

from __future__ import annotations

from datetime import datetime
from assessment_app.messages.wording import Pair, Wording, pick, reason_text

PROVISIONING = {
    "not_utf8": ("文件不是 UTF-8 文本", "the file is not UTF-8 text"),
    "not_json": ("文件不是有效的 JSON", "the file is not valid JSON"),
    "duplicate_key": ("有重复的键", "a key occurs twice"),
    "missing": ("缺少必填项", "a required entry is missing"),
    "unexpected_key": ("有未知的键", "an unknown key is present"),
    "wrong_type": ("类型不正确", "the value has the wrong type"),
    "not_allowed": ("取值不在允许范围内", "the value is not one of the allowed ones"),
    "bad_format": ("格式不正确", "the format is wrong"),
    "too_long": ("太长", "the value is too long"),
    "too_few": ("条目太少", "there are too few entries"),
    "too_many": ("条目太多", "there are too many entries"),
    "invalid": ("内容无效", "the content is invalid"),
    "unsigned": ("配置包未签名", "the package is not signed"),
    "bad_signature": ("签名与内容不符，文件可能被改动过", "the signature does not match the content; the file may have been altered"),
    "bad_certificate": ("证书无法读取", "a certificate cannot be read"),
    "signer_not_chained": ("签名证书不是由包内的 CA 签发的", "the signing certificate was not issued by any CA in the package"),
    "signer_rejected": ("签名证书在签发时无效或不能用于签发配置包", "the signing certificate was not valid at signing time or may not sign packages"),
    "untrusted_ca": ("签发机构 CA 不是本机信任的 CA", "the signing CA is not the one this workstation trusts"),
    "missing_agency_recipient": ("缺少机构密钥接收方", "the agency recipient key is missing"),
    "missing_recovery_recipient": ("缺少恢复密钥接收方", "the recovery recipient key is missing"),
    "duplicate_recipient": ("同一接收方出现两次", "a recipient occurs twice"),
    "bad_age_recipient": ("age 接收方密钥无效", "an age recipient key is invalid"),
    "not_a_ca": ("不是自签名的 CA 证书", "a certificate is not a self-signed CA"),
    "demo_ca_in_production": ("正式配置包中含有演示 CA", "a production package contains a demo CA"),
    "duplicate_expert_number": ("评估人员编号重复", "an expert number occurs twice"),
    "expert_certificate_foreign_ca": ("评估人员证书不是由包内的 CA 签发的", "an expert certificate was not issued by a CA in the package"),
    "expert_certificate_mismatch": ("评估人员证书与其编号不符", "an expert certificate does not name that expert's number"),
    "too_small": ("数值太小", "the number is too small"),
    "too_large": ("数值太大", "the number is too large"),
    "bad_crl": ("证书吊销列表（CRL）无法读取", "a certificate revocation list (CRL) cannot be read"),
    "crl_not_from_package_ca": ("证书吊销列表不是由包内的 CA 签发的", "a revocation list is not signed by any CA in the package"),
    "duplicate_crl": ("同一 CA 有两份吊销列表", "one CA has two revocation lists"),
    "bad_enrolment_hash": ("注册码的哈希格式不正确", "an enrolment code hash is not in the expected format"),
    "workstation_certificate_foreign_ca": ("工作站证书不是由包内的 CA 签发的",
                                           "the workstation certificate was not issued by a CA in the package"),
}

IMPORT = {
    "fingerprint_not_confirmed": ("首次导入须确认签发机构 CA 指纹：{fingerprint}。请与机构书面或电话提供的指纹逐组核对后确认；未做任何更改。",
                                  "First import: confirm the issuing CA's fingerprint {fingerprint} against the one the agency gave you on paper or by phone; nothing was changed."),
    "fingerprint_mismatch": ("确认的指纹与配置包的 CA 指纹 {fingerprint} 不符；未做任何更改。",
                             "The confirmed fingerprint does not match the package's CA fingerprint {fingerprint}; nothing was changed."),
    "agency_already_provisioned": ("本机已配置给机构 {detail}，不能导入其他机构的配置包；未做任何更改。",
                                   "This workstation belongs to agency {detail}; a package of another agency cannot be imported. Nothing was changed."),
    "package_older": ("本机已有第 {held} 号配置包，给出的是更早的第 {given} 号，不能导入（旧配置包可能恢复已撤销的人员或证书）；未做任何更改。",
                      "This workstation holds provisioning package no. {held}; the one given is the older no. {given} and cannot be imported (an old package could bring back removed people or certificates). Nothing was changed."),
    "package_sequence_reused": ("本机已有第 {held} 号配置包，给出的同样是第 {given} 号但内容不同，不能导入；请向机构索取新编号的配置包。未做任何更改。",
                                "This workstation holds provisioning package no. {held}; the one given is also no. {given} but its content differs, so it cannot be imported. Ask the agency for a package with a new number. Nothing was changed."),
}

ACCOUNT = {
    "unknown_expert": ("没有该评估人员编号的有效账户。", "There is no active account with this expert number."),
    "passphrase_not_set": ("尚未设置个人口令，请先设置口令。", "No personal passphrase has been set yet; set one first."),
    "wrong_passphrase": ("口令不正确，还可尝试 {detail} 次。", "The passphrase is wrong; {detail} attempt(s) left."),
    "account_locked": ("多次输入错误，账户已锁定，请 {minutes} 分 {seconds} 秒后再试。",
                       "Too many wrong attempts: the account is locked; try again in {minutes} min {seconds} s."),
    "weak_passphrase": ("口令不够安全：{problems}。口令未更改。", "The passphrase is not strong enough: {problems}. It was not changed."),
    "old_passphrase_required": ("更改口令须输入原口令。", "Changing the passphrase needs the current passphrase."),
    "passphrase_unchanged": ("新口令与原口令相同。", "The new passphrase is the same as the current one."),
    "account_damaged": ("账户数据已损坏，请联系管理员；未做任何更改。", "The account data is damaged; contact the administrator. Nothing was changed."),
    "same_person": ("第二名评估人员不能与第一名是同一人（二对一）。", "The second expert must be a different person (two experts per visit)."),
    "not_an_assessor": ("{detail} 不是评估员，不能参加入户评估。", "{detail} is not an assessor and cannot take part in a visit."),
    "enrolment_code_required": ("首次设置口令须输入一次性注册码（由机构或管理员发给您）；口令未设置。",
                                "Setting the first passphrase needs your one-time enrolment code (from the agency or the administrator); the passphrase was not set."),
    "no_enrolment_code": ("该账户没有可用的注册码，请向机构（本机新增的评估员：向管理员）索取；口令未设置。",
                          "This account has no enrolment code; ask the agency (for an assessor added on this workstation: the administrator) for one. The passphrase was not set."),
    "enrolment_code_expired": ("注册码已于 {detail} 过期，请索取新的注册码；口令未设置。",
                               "The enrolment code expired on {detail}; ask for a new one. The passphrase was not set."),
    "enrolment_code_malformed": ("注册码格式不对：应为 16 个字母或数字（如 7K3M-Q9TX-2VHD-8RWA）；口令未设置，也不计为错误尝试。",
                                 "That is not an enrolment code: it has 16 letters or digits (like 7K3M-Q9TX-2VHD-8RWA). The passphrase was not set and no attempt was counted."),
    "wrong_enrolment_code": ("注册码不正确，还可尝试 {detail} 次；口令未设置。",
                             "The enrolment code is wrong; {detail} attempt(s) left. The passphrase was not set."),
    "already_enrolled": ("该账户已设置口令，注册码已用过；更改口令须输入原口令。",
                         "This account already has its passphrase and the enrolment code has been used; changing the passphrase needs the current one."),
    "enrolment_from_agency": ("该人员由机构配置，其注册码只能由机构签发；本机不能生成。",
                              "The agency provisions this person: only the agency issues their enrolment code, not this workstation."),
    "certificate_revoked": ("机构已吊销您的签名证书（{detail}），不能登录；请与机构联系。",
                            "The agency has revoked your signing certificate ({detail}); you cannot sign in. Contact the agency."),
}

WEAK_BY_PURPOSE = {
    "personal": ACCOUNT["weak_passphrase"],
    "data_key": ("管理员口令不够安全：{problems}。数据目录未创建。",
                 "The administrator passphrase is not strong enough: {problems}. The data directory was not created."),
    "backup": ("备份口令不够安全：{problems}。未写入备份。",
               "The backup passphrase is not strong enough: {problems}. No backup was written."),
}

STRENGTH = {
    "too_short": ("至少 8 个字符", "at least 8 characters"),
    "too_long": ("最多 256 个字符", "at most 256 characters"),
    "single_character_class": ("少于 16 个字符时须混合字母、数字或符号", "below 16 characters, mix letters, digits or symbols"),
    "too_few_distinct_characters": ("不同的字符太少", "too few different characters"),
    "simple_sequence": ("不能是连续序列", "no simple sequence"),
    "common_passphrase": ("是常见口令", "it is a common passphrase"),
    "contains_personal_information": ("含有姓名或编号", "it contains your name or number"),
}

CERTIFICATE = {
    "foreign_ca": ("证书不是由本机构的 CA 签发的", "the certificate was not issued by this agency's CA"),
    "ca_expired": ("签发证书的 CA 已过期", "the issuing CA has expired"),
    "revoked": ("证书已被机构吊销", "the certificate was revoked by the agency"),
    "not_yet_valid": ("证书尚未生效（生效时间 {not_valid_before}）", "the certificate is not valid yet (valid from {not_valid_before})"),
    "expired": ("证书已过期（到期时间 {not_valid_after}）", "the certificate has expired (valid until {not_valid_after})"),
    "not_for_signing": ("证书不能用于文件签名", "the certificate may not sign documents"),
    "malformed": ("文件无法读取或已损坏", "the file cannot be read or is damaged"),
    "bad_request_signature": ("证书请求的签名无效", "the certificate request's signature is invalid"),
    "unsupported_key_type": ("不支持该密钥类型", "this key type is not supported"),
    "wrong_password": ("PKCS#12 文件的密码不正确（或文件已损坏）", "the PKCS#12 password is wrong (or the file is damaged)"),
    "missing_key": ("PKCS#12 文件中没有私钥", "the PKCS#12 file holds no private key"),
    "missing_certificate": ("PKCS#12 文件中没有证书", "the PKCS#12 file holds no certificate"),
    "key_mismatch": ("私钥与证书不匹配", "the private key does not belong to the certificate"),
    "wrong_passphrase": ("口令不正确，无法解开签名私钥", "the passphrase does not unlock the signing key"),
    "claimed_after_trusted_time": ("签名自称的时间 {claimed} 晚于可信时间 {now}",
                                   "the signing time it claims ({claimed}) lies after the trusted time ({now})"),
}

REVOCATION_REASONS = {
    "unspecified": ("未说明原因", "no reason given"),
    "key_compromise": ("私钥泄露", "key compromise"),
    "ca_compromise": ("CA 泄露", "CA compromise"),
    "affiliation_changed": ("所属机构变更", "affiliation changed"),
    "superseded": ("已被新证书取代", "superseded"),
    "cessation_of_operation": ("停止使用", "cessation of operation"),
    "certificate_hold": ("暂停使用", "certificate on hold"),
    "privilege_withdrawn": ("资格已撤销", "privilege withdrawn"),
    "aa_compromise": ("属性机构泄露", "attribute authority compromise"),
}

TRUST = {
    "not_provisioned": ("本机尚未导入机构配置包，无法核验证书。", "This workstation is not provisioned; certificates cannot be checked."),
    "revocation_list_damaged": ("本机保存的证书吊销列表与机构 CA 不符（数据库可能被改动）；请重新导入机构配置包。",
                                "The stored revocation list no longer verifies against the agency CA (the database may have been altered); import the agency's package again."),
}

IDENTITY = {
    "no_agency": ("本机尚未导入机构配置包。", "No agency provisioning package has been imported on this workstation."),
    "certificate_for_another_expert": ("该证书属于另一名评估人员（{detail}）；未做任何更改。",
                                       "The certificate belongs to another expert ({detail}); nothing was changed."),
    "no_signing_identity": ("{detail} 还没有可用的签名证书。", "{detail} has no usable signing certificate yet."),
    "no_pending_request": ("找不到与该证书对应的证书请求（私钥）；未做任何更改。",
                           "No certificate request (private key) matches this certificate; nothing was changed."),
    "not_demo_agency": ("只有演示机构才能由本机签发证书。", "Only the demo agency issues certificates on this workstation."),
}



GENERIC: Pair = ("操作未完成（{reason}），未做任何更改。", "The operation was not done ({reason}); nothing was changed.")
GENERIC_PART: Pair = ("内容无效（{reason}）", "the content is invalid ({reason})")
GENERIC_CERTIFICATE: Pair = ("证书无效（{reason}）", "the certificate is not valid ({reason})")

# Keys, enrolment codes and stored hashes: met when stored data was damaged or a key or code was
# mistyped; each says what is safe.
AGE_KEY = {
    "too_long": ("age 密钥太长（{detail} 个字符）。", "The age key is too long ({detail} characters)."),
    "mixed_case": ("age 密钥中大小写混用。", "The age key mixes upper and lower case."),
    "no_separator": ("age 密钥缺少分隔符“1”。", "The age key lacks its separator \u201c1\u201d."),
    "empty_hrp": ("age 密钥缺少类型前缀。", "The age key lacks its kind prefix."),
    "bad_character": ("age 密钥含有不允许的字符（{detail}）。", "The age key contains a character that is not allowed ({detail})."),
    "too_short": ("age 密钥太短。", "The age key is too short."),
    "bad_checksum": ("age 密钥校验和不符，请核对是否抄错。", "The age key's checksum does not match; check it for a typo."),
    "bad_padding": ("age 密钥的填充位不正确。", "The age key's padding is wrong."),
    "wrong_hrp": ("age 密钥类型不对（{detail}）。", "The age key is of the wrong kind ({detail})."),
    "wrong_length": ("age 密钥长度不对（{detail} 字节）。", "The age key has the wrong length ({detail} bytes)."),
    "not_canonical_case": ("age 密钥应全部为小写。", "The age key must be written in lower case."),
}

ENROLMENT_CODE = {
    "wrong_length": ("注册码应为 16 个字母或数字（现为 {detail} 个）。",
                     "An enrolment code has 16 letters or digits (this has {detail})."),
    "bad_character": ("注册码中有不允许的字符（{detail}）。", "The enrolment code contains a character that is not allowed ({detail})."),
}

STORED_SECRET = {
    "stored_hash_invalid": ("保存的口令哈希已损坏，请联系管理员；未做任何更改。",
                            "The stored passphrase hash is damaged; contact the administrator. Nothing was changed."),
    "kdf_record_invalid": ("保存的口令派生参数已损坏，请联系管理员；未做任何更改。",
                           "The stored passphrase derivation record is damaged; contact the administrator. Nothing was changed."),
}


def _when(moment: object) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if isinstance(moment, datetime) else str(moment)


def fingerprint_groups(fingerprint: str) -> str:
    """64 hex digits in groups of 4, the way an administrator reads them aloud."""
    return " ".join(fingerprint[i:i + 4] for i in range(0, len(fingerprint), 4))


def describe_import_error(error, language: str, **_) -> str:
    """`error`: a services ProvisioningImportError."""
    text = reason_text(IMPORT, error.reason, language, GENERIC, table_name="provisioning import")
    return text.format(fingerprint=fingerprint_groups(error.fingerprint or ""), detail=error.detail,
                       held=error.held, given=error.given)


def describe_trust_unavailable(error, language: str, **_) -> str:
    return reason_text(TRUST, error.reason, language, GENERIC, table_name="trust")


def describe_certificate_error(error, language: str, **_) -> str:
    """`error`: a security CertificateError (reason, detail: a dict of facts)."""
    detail = {name: _when(value) for name, value in error.detail.items()}
    rejected = type(error).__name__ == "CertificateRejected"
    if error.reason == "revoked" and "revoked_at" in error.detail:
        return _describe_revoked(error, language)
    reason = reason_text(CERTIFICATE, error.reason, language, GENERIC_CERTIFICATE,
                         table_name="certificate").format_map(_Missing(detail))
    if language == "en":
        prefix = "Certificate refused: " if rejected else ""
        return f"{prefix or reason[0].upper()}{reason if prefix else reason[1:]}. Nothing was changed."
    prefix = "证书被拒绝：" if rejected else ""
    return f"{prefix}{reason}。未做任何更改。"


def describe_identity_error(error, language: str, **_) -> str:
    return reason_text(IDENTITY, error.reason, language, GENERIC, table_name="identity").format(detail=error.detail)


def _reason_and_detail(table: dict[str, Pair], name: str):
    """A describer of errors carrying `reason` and an optional `detail`, worded by `table`."""
    def describe(error, language: str, **_) -> str:
        detail = getattr(error, "detail", None)
        text = reason_text(table, error.reason, language, GENERIC, table_name=name)
        return text.format(detail="" if detail is None else detail).replace("（）", "").replace(" ()", "")
    return describe


def describe_revocation_list_error(error, language: str, **_) -> str:
    """`error`: a security RevocationListError: worded like the provisioning problem it is."""
    reason = reason_text(PROVISIONING, error.reason, language, GENERIC_PART, table_name="provisioning")
    where = f"$.revocation_lists[{error.index}]"
    if language == "en":
        return f"The provisioning package was refused: {reason} (at {where}). Nothing was changed."
    return f"配置包被拒绝：{reason}（位置 {where}）。未做任何更改。"


def describe_provisioning_error(error, language: str, **_) -> str:
    """The first problem in a sentence, then every schema problem on its own line, so an
    administrator can fix the whole file at once."""
    def problem(path: str, reason: str, detail: object) -> str:
        text = reason_text(PROVISIONING, reason, language, GENERIC_PART, table_name="provisioning")
        if isinstance(detail, dict):
            facts = ", ".join(f"{key}={value}" for key, value in detail.items())
        elif isinstance(detail, (list, tuple)):
            facts = ", ".join(map(str, detail))  # the allowed values
        else:
            facts = "" if detail is None else str(detail)
        if language == "en":
            return f"{text} (at {path}{'; ' + facts if facts else ''})"
        return f"{text}（位置 {path}{'；' + facts if facts else ''}）"

    first = problem(error.path, error.reason, error.detail)
    lines = [f"The provisioning package was refused: {first}. Nothing was changed." if language == "en"
             else f"配置包被拒绝：{first}。未做任何更改。"]
    if len(error.problems) > 1:
        lines += [f"  - {problem(*listed)}" for listed in error.problems]
    return "\n".join(lines)


def revocation_reason_text(reason: str, language: str) -> str:
    return pick(REVOCATION_REASONS.get(reason, (reason, reason)), language)


def _describe_revoked(error, language: str) -> str:
    when, why = _when(error.detail["revoked_at"]), revocation_reason_text(str(error.detail.get("revocation_reason")),
                                                                           language)
    if language == "en":
        return f"Certificate refused: the agency revoked it on {when} ({why}). Nothing was changed."
    return f"证书被拒绝：机构已于 {when} 吊销该证书（{why}）。未做任何更改。"


def describe_account_error(error, language: str, **_) -> str:
    """`error`: a services AccountError (reason, expert_number, detail)."""
    text = reason_text(ACCOUNT, error.reason, language, GENERIC, table_name="account")
    if error.reason == "certificate_revoked":
        return text.format(detail=revocation_reason_text(str(error.detail), language))
    if error.reason in ("enrolment_code_expired", "already_enrolled") and error.detail is not None:
        return text.format(detail=_when(error.detail))
    if error.reason == "account_locked":
        minutes, seconds = divmod(int(error.detail or 0), 60)
        return text.format(minutes=minutes, seconds=seconds)
    if error.reason == "weak_passphrase":
        separator = "; " if language == "en" else "；"
        text = pick(WEAK_BY_PURPOSE.get(getattr(error, "purpose", "personal"), ACCOUNT["weak_passphrase"]), language)
        return text.format(problems=separator.join(pick(STRENGTH.get(p, (p, p)), language) for p in error.problems))
    return text.format(detail=error.detail if error.detail is not None else error.expert_number)


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "?"


WORDINGS = (
    Wording("assessment_app.security.provisioning_document.ProvisioningError", describe_provisioning_error,
            PROVISIONING),
    Wording("assessment_app.security.revocation_lists.RevocationListError", describe_revocation_list_error,
            PROVISIONING),
    Wording("assessment_app.services.provisioning_import.ProvisioningImportError", describe_import_error, IMPORT),
    Wording("assessment_app.services.trust_anchors.TrustUnavailable", describe_trust_unavailable, TRUST),
    Wording("assessment_app.services.accounts.AccountError", describe_account_error, ACCOUNT),
    Wording("assessment_app.security.certificates.CertificateError", describe_certificate_error, CERTIFICATE),
    Wording("assessment_app.services.signing_identities.SigningIdentityError", describe_identity_error, IDENTITY),
    Wording("assessment_app.security.bech32.Bech32Error", _reason_and_detail(AGE_KEY, "age key"), AGE_KEY),
    Wording("assessment_app.security.enrolment_codes.EnrolmentCodeMalformed",
            _reason_and_detail(ENROLMENT_CODE, "enrolment code"), ENROLMENT_CODE),
    Wording("assessment_app.security.passphrases.StoredHashInvalid", _reason_and_detail(STORED_SECRET, "stored"),
            STORED_SECRET),
    Wording("assessment_app.security.passphrase_kdf.KdfRecordInvalid", _reason_and_detail(STORED_SECRET, "stored"),
            STORED_SECRET),
)
