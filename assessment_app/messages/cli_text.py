# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line's own errors as sentences, zh_CN or en: an input file it cannot read, a
secret or sign-in it was not given."""

from __future__ import annotations

from assessment_app.messages.wording import Pair, Wording, pick, reason_text

FILE_PROBLEMS = {
    "not_found": ("文件不存在", "no such file"),
    "is_directory": ("这是一个目录，不是文件", "it is a directory, not a file"),
    "not_utf8": ("不是 UTF-8 文本（第 {offset} 字节）", "not UTF-8 text (byte {offset})"),
    "os_error": ("系统错误：{detail}", "system error: {detail}"),
}
FILE_ERROR: Pair = ("无法读取文件 {path}：{problem}", "Cannot read file {path}: {problem}")

SECRETS = {
    "secret_mismatch": ("两次输入不一致，未做任何更改。", "The two entries differ; nothing was changed."),
    "secret_missing": ("未提供口令：请用 {option} FILE 指定（或在终端中运行以输入）。",
                       "No secret given: use {option} FILE (or run in a terminal to be asked)."),
}

SIGN_IN = {
    "expert_required": ("此命令须以评估人员身份执行：请用 --expert NUMBER 登录（仅有数据密钥不代表任何角色）。",
                        "This command acts as an expert: give --expert NUMBER (the data key alone is no role)."),
    "expert_passphrase_missing": (
        "未提供个人口令：请用 --expert-passphrase-file FILE 或环境变量 {variable}（或在终端中运行以输入）。",
        "No personal passphrase given: use --expert-passphrase-file FILE or {variable} "
        "(or run in a terminal to be asked)."),
}

GENERIC: Pair = ("命令未完成（{reason}）。", "The command was not done ({reason}).")


def describe_file_error(path: str, reason: str, language: str, **details: object) -> str:
    """`reason` is one of not_found, is_directory, not_utf8 (offset=), os_error (detail=)."""
    problem = reason_text(FILE_PROBLEMS, reason, language, ("{reason}", "{reason}"), table_name="file").format(**details)
    return pick(FILE_ERROR, language).format(path=path, problem=problem)


def describe_input_file_error(error, language: str, **_) -> str:
    return describe_file_error(error.path, error.reason, language, **error.details)


def describe_secret_input_error(error, language: str, **_) -> str:
    return reason_text(SECRETS, error.reason, language, GENERIC, table_name="secret").format(option=error.option)


def describe_sign_in_missing(error, language: str, **_) -> str:
    """`error`: a cli ExpertSignInMissing; `.variable` names the environment variable it reads."""
    return reason_text(SIGN_IN, error.reason, language, GENERIC, table_name="sign-in").format(variable=error.variable)


WORDINGS = (
    Wording("assessment_app.cli.output.InputFileError", describe_input_file_error, FILE_PROBLEMS),
    Wording("assessment_app.cli.secret_input.SecretInputError", describe_secret_input_error, SECRETS),
    Wording("assessment_app.cli.expert_sign_in.ExpertSignInMissing", describe_sign_in_missing, SIGN_IN),
)
