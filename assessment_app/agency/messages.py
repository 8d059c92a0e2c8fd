# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency server's errors as sentences, zh_CN or en: for `ltc-agency` on stderr and for the
API's JSON error bodies (which carry both, so a laptop shows its user's language).

The agency's own catalogue, beside its code rather than in assessment_app/messages/: importing
that package loads every workstation catalogue (and the services they name), which would cost
every `ltc-agency` command and every worker about two seconds of start-up."""

from __future__ import annotations

from assessment_app.agency.review_messages import REVIEW_REASONS

Pair = tuple[str, str]

REASONS: dict[str, Pair] = {
    # settings and database
    "server_packages_missing": ("缺少服务器组件 {detail}：请安装 ltc-assess[agency]。",
                                "The server packages are missing ({detail}): install ltc-assess[agency]."),
    "config_missing": ("找不到配置文件 {detail}。", "The configuration file {detail} does not exist."),
    "config_invalid": ("配置文件有误：{detail}", "The configuration file is not valid: {detail}"),
    "setting_missing": ("缺少设置 {detail}。", "The setting {detail} is missing."),
    "setting_invalid": ("设置值无效：{detail}", "Invalid setting: {detail}"),
    "database_url_invalid": ("数据库地址无效：{detail}", "The database URL is not valid: {detail}"),
    "database_unavailable": ("无法连接数据库（{detail}），请稍后重试。",
                             "The database cannot be reached ({detail}); try again later."),
    "schema_not_current": ("数据库结构不是当前版本（{detail}）：请先运行 ltc-agency migrate。",
                           "The database schema is not current ({detail}): run `ltc-agency migrate` first."),
    "schema_too_new": ("数据库结构比本程序新（{detail}），请升级程序。",
                       "The database schema is newer than this program ({detail}); upgrade the program."),
    "input_missing": ("找不到文件 {detail}。", "There is no file {detail}."),
    "input_unreadable": ("无法读取文件（{detail}）。", "The file cannot be read ({detail})."),
    "secret_missing": ("未提供口令：请用 {detail} FILE 指定（或在终端中运行以输入）。",
                       "No secret given: use {detail} FILE (or run in a terminal to be asked)."),
    "secret_mismatch": ("两次输入不一致，未做任何更改。", "The two entries differ; nothing was changed."),
    # authority
    "authority_exists": ("机构已初始化（{detail}），未做任何更改。", "The agency is initialised already ({detail}); nothing was changed."),
    "authority_missing": ("机构尚未初始化：请先运行 ltc-agency init。", "The agency is not initialised: run `ltc-agency init` first."),
    "passphrase_too_short": ("口令至少 {detail} 个字符。", "The passphrase needs at least {detail} characters."),
    "wrong_passphrase": ("CA 口令不正确，未做任何更改。", "Wrong CA passphrase; nothing was changed."),
    "ca_key_unreadable": ("无法读取 CA 私钥。", "The CA key cannot be read."),
    "ca_not_self_signed": ("导入的 CA 证书不是自签名的 CA（{detail}）。", "The imported CA certificate is not a self-signed CA ({detail})."),
    "ca_key_mismatch": ("CA 私钥与证书不匹配（{detail}）。", "The CA key does not belong to the certificate ({detail})."),
    "ca_file_unreadable": ("无法读取 CA 文件（{detail}）。", "The CA file cannot be read ({detail})."),
    "output_exists": ("文件已存在，未覆盖，未签发任何证书：{detail}", "The file exists; nothing was overwritten or issued: {detail}"),
    "output_unwritable": ("无法写入文件，未签发任何证书：{detail}", "The file cannot be written; nothing was issued: {detail}"),
    "workstation_name_missing": ("请提供工作站名称。", "Give the workstation a name."),
    "server_host_missing": ("请至少提供一个服务器主机名或 IP。", "Give at least one server host name or IP address."),
    "revoke_reason_missing": ("吊销须说明原因。", "A revocation needs a reason."),
    "workstation_unknown": ("工作站未登记（{detail}）。", "The workstation is not registered ({detail})."),
    "workstation_revoked": ("工作站证书已被吊销（{detail}）。", "The workstation's certificate has been revoked ({detail})."),
    "workstation_already_revoked": ("工作站已被吊销（{detail}）。", "The workstation is revoked already ({detail})."),
    # receiving
    "index_invalid": ("数据包索引无效（{detail}）。", "The bundle index is not valid ({detail})."),
    "index_mismatch": ("索引内容与其哈希不符。", "The index does not match its hash."),
    "bundle_unknown": ("服务器上没有该数据包（{detail}）。", "There is no such bundle on the server ({detail})."),
    "bundle_not_a_directory": ("{detail} 不是数据包目录。", "{detail} is not a bundle directory."),
    "bundle_already_received": ("数据包已全部接收，不能再删除其分卷。", "The bundle has been received; its parts cannot be removed."),
    "part_unknown": ("索引中没有分卷 {detail}。", "The index lists no part {detail}."),
    "part_length_mismatch": ("分卷长度与索引不符（{detail}）。", "The part length differs from the index ({detail})."),
    "part_unreadable": ("无法读取分卷（{detail}）。", "A part cannot be read ({detail})."),
    "part_changed": ("上传过程中本地分卷发生了变化（{detail}）。", "A local part changed during the upload ({detail})."),
    "upload_unknown": ("没有该上传（{detail}）。", "There is no such upload ({detail})."),
    "upload_busy": ("该分卷正在另一连接中上传，请稍后重试。", "This part is being uploaded on another connection; try again shortly."),
    "offset_mismatch": ("上传位置不一致（{detail}），将从服务器确认的位置继续。",
                        "The upload offset differs ({detail}); resume from the server's offset."),
    "upload_complete": ("该分卷已上传完毕。", "This part is complete."),
    "upload_too_long": ("上传内容超过声明的长度（{detail}）。", "More bytes than the declared length ({detail})."),
    "upload_too_large": ("分卷超过服务器允许的大小（{detail}）。", "The part is larger than the server accepts ({detail})."),
    "checksum_mismatch": ("校验和不符，本段数据已丢弃，请重传。", "Checksum mismatch: this piece was discarded; send it again."),
    "checksum_algorithm_unsupported": ("不支持的校验算法 {detail}（仅 sha256）。", "Unsupported checksum algorithm {detail} (sha256 only)."),
    "checksum_malformed": ("校验和格式不正确。", "The checksum is malformed."),
    "request_invalid": ("请求无效：{detail}", "Invalid request: {detail}"),
    "tus_version_unsupported": ("不支持的 tus 协议版本（{detail}），仅支持 1.0.0。", "Unsupported tus version ({detail}); 1.0.0 only."),
    "store_full": ("存储空间已满，未登记任何不完整的数据包。", "The store is full; no incomplete bundle was registered."),
    "store_failed": ("存储写入失败（{detail}）。", "Writing to the store failed ({detail})."),
    "store_key_invalid": ("存储键无效（{detail}）。", "Invalid store key ({detail})."),
    "not_found": ("没有该地址。", "No such address."),
    # verification and the client
    "identity_unusable": ("机构解密身份文件不可用（{detail}）。", "The agency's age identity cannot be used ({detail})."),
    "verification_abandoned": ("多次验证均未完成（{detail}），已隔离待人工处理。",
                               "Verification never finished ({detail}); quarantined for an administrator."),
    "server_unreachable": ("无法连接机构服务器（{detail}）。", "The agency server cannot be reached ({detail})."),
    "server_refused": ("机构服务器拒绝了请求（{detail}）。", "The agency server refused the request ({detail})."),
    "upload_gave_up": ("多次重试后仍未上传成功（{detail}）；稍后会继续。",
                       "The upload did not succeed after several tries ({detail}); it will be resumed later."),
    "wait_timed_out": ("等待验证结果超时（{detail}）。", "Timed out waiting for the verification result ({detail})."),
    # experts, recipients, provisioning packages
    "recipients_missing": ("缺少数据包的加密接收方（{detail}）。", "A recipient bundles are encrypted to is missing ({detail})."),
    "recipient_invalid": ("age 接收方无效（{detail}）。", "Not a valid age recipient ({detail})."),
    "recipient_exists": ("该接收方已登记（{detail}）。", "This recipient is registered already ({detail})."),
    "csr_invalid": ("证书签名请求无效（{detail}），未签发任何证书。",
                    "The certificate signing request is not valid ({detail}); nothing was issued."),
    "csr_subject_mismatch": ("证书或请求的主体与评估人员编号或机构代码不符（{detail}），未签发任何证书。",
                             "The subject of the certificate or request does not name this expert number and agency "
                             "code ({detail}); nothing was issued."),
    "output_missing": ("请指定输出位置：{detail}。", "Say where the output goes: {detail}."),
    "expert_exists": ("评估人员编号 {detail} 已登记，未做任何更改。", "The expert number {detail} is registered already; nothing was changed."),
    "expert_unknown": ("没有评估人员编号 {detail}。", "There is no expert number {detail}."),
    "expert_disabled": ("评估人员 {detail} 已停用。", "The expert {detail} is disabled."),
    "expert_already_revoked": ("评估人员 {detail} 已被吊销。", "The expert {detail} is revoked already."),
    "expert_field_invalid": ("评估人员信息无效：{detail}（1–200 个字符，不含换行；编号不含空格和斜杠）。",
                             "Invalid expert field: {detail} (1–200 characters, no line break; numbers without "
                             "spaces or slashes)."),
    "pkcs12_password_missing": ("请为 PKCS#12 文件设置口令。", "Give the PKCS#12 file a password."),
    "certificate_rejected": ("证书不可用（{detail}），未做任何更改。", "The certificate cannot be used ({detail}); nothing was changed."),
    "certificate_in_use": ("该证书已登记给一名评估人员（{detail}）。", "This certificate is registered to an expert already ({detail})."),
    "server_url_invalid": ("服务器地址须以 https:// 开头（{detail}）：用 --server-url 或 [server] public_url 设置。",
                           "The server URL must start with https:// ({detail}): set --server-url or [server] public_url."),
    "workstation_identity_unusable": ("本机的工作站证书或密钥不可用（{detail}）。",
                                      "This laptop's workstation certificate or key cannot be used ({detail})."),
    "package_refused": ("配置包未生成：工作站会拒绝它（{detail}）。",
                        "No package was built: a workstation would refuse it ({detail})."),
}

# The review desk's catalogue (agency/review_messages.py) is part of this one.
REASONS.update(REVIEW_REASONS)

STATUS: dict[str, Pair] = {
    "receiving": ("接收中", "receiving"), "uploaded": ("已上传，待验证", "uploaded, awaiting verification"),
    "verified": ("已验证", "verified"), "quarantined": ("已隔离", "quarantined"), "duplicate": ("重复", "duplicate"),
}


def describe_agency_reason(reason: str, detail: str = "", language: str = "zh_CN") -> str:
    zh, en = REASONS.get(reason, ("内部错误：{detail}", "Internal error: {detail}"))
    text = en if language == "en" else zh
    return text.format(detail=detail or reason)


def both_languages(reason: str, detail: str = "") -> dict[str, str]:
    return {"zh_CN": describe_agency_reason(reason, detail, "zh_CN"), "en": describe_agency_reason(reason, detail, "en")}
