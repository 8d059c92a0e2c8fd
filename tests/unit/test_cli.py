# SPDX-License-Identifier: GPL-3.0-or-later
"""`ltc-assess`: exit codes, byte-stable output, messages that name the problem, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessment_app.cli import detect_language, main
from tests.conftest import REPO_ROOT, SCORING_VECTORS, read_jsonl

CASES = read_jsonl(SCORING_VECTORS / "reference_cases.jsonl")
ERRORS = read_jsonl(SCORING_VECTORS / "reference_errors.jsonl")
GOLDEN = (SCORING_VECTORS / "golden_results.jsonl").read_bytes()


def _request_lines(cases: list[dict]) -> str:
    return "".join(json.dumps(case["input"], ensure_ascii=False) + "\n" for case in cases)


def run_cli(*args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "assessment_app.cli", *args],
        input=data, capture_output=True, cwd=REPO_ROOT, env={**os.environ, **(env or {})}, timeout=60,
    )


def test_jsonl_output_is_byte_identical_to_the_golden_results_in_any_environment(tmp_path):
    requests = tmp_path / "requests.jsonl"
    requests.write_text(_request_lines(CASES), encoding="utf-8")
    for env in ({"PYTHONHASHSEED": "1", "LANG": "C"}, {"PYTHONHASHSEED": "2024", "LANG": "en_US.UTF-8"}):
        completed = run_cli("score", "--jsonl", str(requests), env=env)
        assert completed.returncode == 0, completed.stderr.decode()
        assert completed.stdout == GOLDEN


def test_single_request_from_stdin_and_from_file_print_the_same_result(tmp_path):
    request = json.dumps(CASES[5]["input"])
    (tmp_path / "one.json").write_text(request, encoding="utf-8")
    from_file, from_stdin = run_cli("score", str(tmp_path / "one.json")), run_cli("score", "-", stdin=request)
    assert from_file.returncode == from_stdin.returncode == 0
    assert from_file.stdout == from_stdin.stdout == GOLDEN.splitlines(keepends=True)[5]


def test_incomplete_answers_exit_2_naming_the_item_without_traceback():
    answers = dict(CASES[0]["input"]["answers"])
    del answers["cognition.memory"]
    completed = run_cli("score", "-", stdin=json.dumps({"form": "cn-ltc-2021", "answers": answers}))
    assert completed.returncode == 2 and completed.stdout == b""
    stderr = completed.stderr.decode("utf-8")
    assert "cognition.memory（记忆力）：未作答" in stderr
    assert "Traceback" not in stderr


def test_messages_in_english_on_request():
    answers = dict(CASES[0]["input"]["answers"], **{"adl.eating": "7"})
    completed = run_cli("--lang", "en", "score", "-", stdin=json.dumps({"form": "cn-ltc-2021", "answers": answers}))
    assert completed.returncode == 2
    assert 'adl.eating (Eating): "7" is not an option of this item (choices: 0, 5, 10)' in completed.stderr.decode()


def test_jsonl_keeps_order_puts_errors_on_their_line_and_exits_2(tmp_path, capsysbinary):
    good, bad = CASES[:3], ERRORS
    lines = [json.dumps(good[0]["input"]), *(json.dumps(e["input"]) for e in bad), json.dumps(good[1]["input"]), "", "{not json"]
    requests = tmp_path / "mixed.jsonl"
    requests.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["score", "--jsonl", str(requests)]) == 2
    out = capsysbinary.readouterr().out.splitlines()
    assert len(out) == len(lines)
    golden = GOLDEN.splitlines()
    assert out[0] == golden[0] and out[len(bad) + 1] == golden[1]
    for number, (case, line) in enumerate(zip(bad, out[1:len(bad) + 1]), start=2):
        error = json.loads(line)
        assert error["line"] == number
        kind = case["expect_error"]["kind"]
        if kind in ("incomplete", "unknown_item", "unknown_option"):
            assert error["error"]["kind"] == "invalid_answers"
            assert {p["kind"] for p in error["error"]["problems"]} == {kind}
            assert sorted(p["item"] for p in error["error"]["problems"]) == case["expect_error"]["items"]
            for item in case["expect_error"]["items"]:
                assert json.dumps(item, ensure_ascii=False) in error["error"]["message"] or item in error["error"]["message"]
        else:
            assert error["error"]["kind"] == kind, case["name"]
    assert json.loads(out[-2])["error"]["reason"] == "empty"
    assert json.loads(out[-1])["error"]["reason"] == "not_json"


@pytest.mark.parametrize(
    "document, expected",
    [
        ("[1, 2]", "必须是 JSON 对象"),
        ('{"answers": {}}', "缺少必填键 form"),
        ('{"form": "cn-ltc-2021"}', "缺少必填键 answers"),
        ('{"form": "cn-ltc-2021", "answers": [], "x": 1}', "不认识的键 x"),
        ('{"form": 2021, "answers": {}}', "form 必须是字符串"),
        ('{"form": "cn-ltc-2021", "answers": {"adl.eating": "0", "adl.eating": "10"}}', "键 adl.eating 出现了两次"),
        ('{"form": "cn-ltc-2021", "answers": {"adl.eating": NaN}}', "不是有效的 JSON"),
        ('{"form": "cn-ltc-2099", "answers": {}}', '未知的评估表 "cn-ltc-2099"；已安装：cn-ltc-2021 1.0.0'),
        ('{"form": "cn-ltc-2021", "form_version": "9.9.9", "answers": {}}', "未知的评估表"),
        ("   ", "输入为空"),
        ('{"form": "cn-ltc-2021", "answers": {"adl.eating": 10', "line 1 column"),
    ],
)
def test_bad_documents_exit_2_with_a_specific_message(tmp_path, capsys, document, expected):
    path = tmp_path / "request.json"
    path.write_text(document, encoding="utf-8")
    assert main(["--lang", "zh_CN", "score", str(path)]) == 2
    captured = capsys.readouterr()
    assert expected in captured.err and captured.out == ""


@pytest.mark.parametrize("make_path, expected", [
    (lambda tmp: tmp / "absent.json", "文件不存在"),
    (lambda tmp: tmp, "这是一个目录"),
])
def test_unreadable_input_files(tmp_path, capsys, make_path, expected):
    assert main(["--lang", "zh_CN", "score", str(make_path(tmp_path))]) == 2
    assert expected in capsys.readouterr().err


def test_non_utf8_input_is_refused(tmp_path, capsys):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"form": "cn-ltc-2021", "answers": {"é": "0"}}'.encode("latin-1"))
    assert main(["--lang", "en", "score", str(path)]) == 2
    assert "not UTF-8 text (byte 37)" in capsys.readouterr().err


def test_utf8_bom_is_tolerated(tmp_path, capsysbinary):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(CASES[0]["input"]).encode())
    assert main(["score", str(path)]) == 0
    assert capsysbinary.readouterr().out == GOLDEN.splitlines(keepends=True)[0]


def test_version_names_application_engine_and_form():
    completed = run_cli("--version")
    assert completed.returncode == 0
    assert completed.stdout.decode().splitlines() == ["ltc-assess 0.1.0", "ltc-scoring 1.0.0", "form cn-ltc-2021 1.0.0"]


def test_forms_list_is_json(capsysbinary, form):
    assert main(["forms", "list"]) == 0
    listed = json.loads(capsysbinary.readouterr().out)
    assert listed == [{
        "id": "cn-ltc-2021", "version": "1.0.0", "sha256": form.sha256, "items": 17, "file": "cn-ltc-2021.yaml",
        "title": {"zh_CN": "长期护理失能等级评估表（试行）", "en": "Long-Term Care Disability Assessment Form (Trial)"},
        "verification": {"items": "verified", "dimension_levels": "pending", "combination": "pending"},
    }]


def test_forms_show_is_readable_and_shows_verification(capsys, form):
    assert main(["--lang", "zh_CN", "forms", "show", "cn-ltc-2021"]) == 0
    out = capsys.readouterr().out
    assert "维度分级阈值: [待核实]" in out and "组合表: [待核实]" in out and "评估项目与选项: [已核实]" in out
    for item in form.items:
        assert item.name.zh_CN in out
        for option in item.options:
            assert f"{option.id:>2}  {option.text.zh_CN}" in out
    assert "日常生活活动能力: 能力完好 100; 轻度受损 65–95; 中度受损 45–60; 重度受损 0–40" in out
    assert "重度受损 | 3 | 3 | 4 | 5" in out


def test_forms_show_unknown_form_exits_2(capsys):
    assert main(["--lang", "en", "forms", "show", "who-icf"]) == 2
    assert 'Unknown form "who-icf"; installed: cn-ltc-2021 1.0.0' in capsys.readouterr().err


def test_usage_errors_exit_2():
    assert run_cli("score").returncode == 2
    assert run_cli("frobnicate").returncode == 2
    assert run_cli().returncode == 2


@pytest.mark.parametrize("environ, language", [
    ({}, "zh_CN"), ({"LANG": "C"}, "zh_CN"), ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"), ({"LTC_ASSESS_LANG": "zh_CN", "LANG": "en_US"}, "zh_CN"),
])
def test_language_follows_the_environment_and_defaults_to_chinese(environ, language):
    assert detect_language(environ) == language


def test_installed_entry_point_runs():
    script = Path(sys.executable).with_name("ltc-assess")
    if not script.exists():
        pytest.skip("project not installed into this interpreter's environment")
    completed = subprocess.run([str(script), "--version"], capture_output=True, timeout=60)
    assert completed.returncode == 0 and completed.stdout.startswith(b"ltc-assess ")
