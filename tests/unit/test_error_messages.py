# SPDX-License-Identifier: GPL-3.0-or-later
"""Every typed error of the application has a message, in zh_CN and in English, for every reason
code it is raised with, chosen by its type.

The classes are found by importing every module of the package and walking `AppError`'s
subclasses (plus the errors of forms/ and scoring/, which the edges word too); the reason codes by
reading the code that raises them (a literal `reason` argument, a `super().__init__("code")`, a
class's own default). Each (class, reason) is described in both languages with the catalogues'
fallback turned into a failure, so a code without text fails here, not in front of a user.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from collections import defaultdict
from pathlib import Path

import pytest

import assessment_app
from assessment_app.domain.errors import FieldError
from assessment_app.domain.roles import Permission
from assessment_app.errors import AppError, FileOperationFailed, os_errors_as
from assessment_app.messages import NoMessage, describe_error, dispatch, wording
from assessment_app.messages.field_text import FIELD_NAMES
from assessment_app.messages.visit_text import FIELD_NAMES as VISIT_FIELD_NAMES
from tests.conftest import REPO_ROOT

BOUNDARY_ERRORS = ("forms.errors.FormError", "forms.errors.UnknownFormError", "scoring.errors.AnswersError")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _import_everything() -> None:
    for module in pkgutil.walk_packages(assessment_app.__path__, "assessment_app."):
        name = module.name
        if name.endswith("__main__") or ".migrations" in name:
            continue  # running a program / Alembic's environment, not library code
        importlib.import_module(name)


def _subclasses(root: type) -> list[type]:
    found, stack = [], [root]
    while stack:
        for cls in stack.pop().__subclasses__():
            if cls not in found and cls.__module__.split(".")[0] in ("assessment_app", "forms", "scoring"):
                found.append(cls)
                stack.append(cls)
    return found


_import_everything()
ERROR_CLASSES = sorted(_subclasses(AppError), key=wording.class_path)


def _resolve(dotted: str) -> type:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _reason_position(cls: type) -> int | None:
    """Where `reason` sits among the constructor's positional parameters (None: it takes none)."""
    parameters = [p for p in inspect.signature(cls.__init__).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)][1:]
    names = [p.name for p in parameters]
    return names.index("reason") if "reason" in names else None


def _takes_reason(cls: type) -> bool:
    return "reason" in inspect.signature(cls.__init__).parameters


ABSENT = object()  # the call leaves `reason` to the class's default


def _literal_reason(call: ast.Call, cls: type, names: dict[str, object]) -> object:
    """The literal code a call passes as `reason` (a string or a module's string constant), ABSENT
    when it passes none, None when it passes a value computed at run time."""
    for keyword in call.keywords:
        if keyword.arg == "reason":
            return _literal(keyword.value, names)
    position = _reason_position(cls)
    if position is not None and position < len(call.args):
        return _literal(call.args[position], names)
    return ABSENT


def _literal(node: ast.expr, names: dict[str, object]) -> object:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else ABSENT if node.value is None else None
    if isinstance(node, ast.Name) and isinstance(names.get(node.id), str):
        return names[node.id]
    return None


def _names_in(tree: ast.Module, module_name: str) -> dict[str, object]:
    """What each name imported or defined at the top of a module refers to."""
    module = importlib.import_module(module_name)
    names: dict[str, object] = dict(vars(module))
    for node in ast.walk(tree):  # imports inside functions too (the lazy ones)
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                try:
                    names.setdefault(alias.asname or alias.name, getattr(importlib.import_module(node.module), alias.name))
                except (ImportError, AttributeError):
                    pass
    return names


def _raised_reasons() -> tuple[dict[type, set[str]], dict[type, int], set[str]]:
    """(class -> the literal reasons it is constructed with, class -> how often it is constructed
    leaving its reason to the class default, the literal field names of FieldErrors)."""
    reasons: dict[type, set[str]] = defaultdict(set)
    without_literal: dict[type, int] = defaultdict(int)
    fields: set[str] = set()
    for path in sorted((REPO_ROOT / "assessment_app").rglob("*.py")):
        if "migrations" in path.parts or path.name == "__main__.py":
            continue
        module_name = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _names_in(tree, module_name)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                cls = names.get(node.name)
                if isinstance(cls, type) and issubclass(cls, AppError):
                    _super_reasons(node, cls, reasons, names)
            if not isinstance(node, ast.Call):
                continue
            if not (isinstance(node.func, ast.Name) and node.func.id in ("isinstance", "issubclass")):
                for argument in node.args:  # a class handed over to be raised with its default reason
                    handed = names.get(argument.id) if isinstance(argument, ast.Name) else None
                    if isinstance(handed, type) and issubclass(handed, AppError):
                        without_literal[handed] += 1
            target = None
            if isinstance(node.func, ast.Name):
                target = names.get(node.func.id)
            if target is os_errors_as and node.args and isinstance(_literal(node.args[0], names), str):
                reasons[FileOperationFailed].add(_literal(node.args[0], names))  # the OSError it turns into
                continue
            elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                target = getattr(names.get(node.func.value.id), node.func.attr, None)
            if not (isinstance(target, type) and issubclass(target, (AppError, FieldError))):
                continue
            reason = _literal_reason(node, target, names)
            if isinstance(reason, str):
                reasons[target].add(reason)
            elif reason is ABSENT:
                without_literal[target] += 1
            if issubclass(target, FieldError) and target is FieldError and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    fields.add(first.value)
    return reasons, without_literal, fields


def _super_reasons(node: ast.ClassDef, cls: type, reasons: dict[type, set[str]], names: dict[str, object]) -> None:
    """`super().__init__("code", …)` in a class's own methods: the reason its instances carry."""
    parent = cls.__mro__[1]
    for call in ast.walk(node):
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "__init__"
                and isinstance(call.func.value, ast.Call) and isinstance(call.func.value.func, ast.Name)
                and call.func.value.func.id == "super"):
            reason = _literal_reason(call, parent, names)
            if isinstance(reason, str):
                reasons[cls].add(reason)


RAISED, WITHOUT_LITERAL, FIELDS = _raised_reasons()


def reasons_of(cls: type) -> set[str]:
    """The codes an instance of `cls` can carry, as far as the code shows them."""
    found = set(RAISED.get(cls, ()))
    own_default = cls.__dict__.get("reason")
    if isinstance(own_default, str) and (WITHOUT_LITERAL.get(cls) or not (found or cls.__subclasses__())):
        found.add(own_default)
    return found


# Facts a describer reads, with values of the right shape; per-class values below where one differs.
SAMPLE = {
    "detail": "D-1", "details": {"offset": 7, "detail": "No space left on device"}, "expert_number": "DEMO-A-001",
    "field": "name", "path": "/media/usb/file", "fingerprint": "ab" * 32, "held": 2, "given": 1, "problems": (),
    "purpose": "personal", "permission": Permission.READ_CASES, "role": "assessor", "line": 3, "index": 0,
    "missing": None, "where": "$.answers", "option": "--passphrase-file", "language": "zh_CN",
    "data_dir": "/data/demo", "agency": "DEMO", "from_status": "draft", "to_status": "closed",
    "open_case_id": None, "existing_case_id": None, "damage": "tampered", "attempts_left": 3,
    "seconds_remaining": 300, "variable": "LTC_ASSESS_EXPERT_PASSPHRASE", "form_id": "cn-ltc-2021",
    "version": None, "available": ("cn-ltc-2021 1.0.0",),
}
SAMPLE_BY_CLASS = {
    "assessment_app.security.certificates.CertificateError": {"detail": {}},
    "assessment_app.reports.errors.ReportError": {"detail": {
        "field": "F", "locked_by": "F2", "count": 1, "value": "full", "form": "cn-ltc-2021", "item": "I1",
        "option": "9", "decision": "maybe", "problem": "not a PDF"}},
    "assessment_app.services.accounts.AccountError": {"detail": 3},
    "assessment_app.services.accounts.WeakPassphrase": {"problems": ("too_short",)},
}


def sample_error(cls: type, reason: str | None) -> BaseException:
    error = cls.__new__(cls)
    values = dict(SAMPLE)
    for base in reversed(cls.__mro__):
        values.update(SAMPLE_BY_CLASS.get(wording.class_path(base), {}))
    for name, value in values.items():
        setattr(error, name, value)
    if reason is not None:
        error.reason = reason
    return error


@pytest.fixture
def strict_catalogues(monkeypatch):
    def refuse(table_name: str, reason: str) -> None:
        raise AssertionError(f"the {table_name} catalogue has no text for reason {reason!r}")
    monkeypatch.setattr(wording, "missing_reason", refuse)


def test_the_walk_finds_the_error_classes():
    paths = {wording.class_path(cls) for cls in ERROR_CLASSES}
    assert {"assessment_app.bundle.errors.AgeFormatError", "assessment_app.services.accounts.WrongPassphrase",
            "assessment_app.domain.resident_id.ResidentIdError"} <= paths
    assert reasons_of(_resolve("assessment_app.recording.errors.MicrophoneUnavailable")) == {"microphone_unavailable"}
    assert "age_no_matching_identity" in reasons_of(_resolve("assessment_app.bundle.errors.AgeFormatError"))


@pytest.mark.parametrize("cls", ERROR_CLASSES + [_resolve(path) for path in BOUNDARY_ERRORS], ids=wording.class_path)
def test_every_error_class_has_a_registered_wording(cls):
    assert dispatch.wording_for(cls) is not None, f"no catalogue words {wording.class_path(cls)} or a base of it"


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=wording.class_path)
def test_every_reason_has_a_message_in_both_languages(cls, strict_catalogues):
    reasons = reasons_of(cls)
    if not reasons:
        pytest.skip("an abstract base: never raised itself, its subclasses carry the codes")
    problems = []
    for reason in sorted(reasons):
        try:
            chinese, english = (describe_error(sample_error(cls, reason), language) for language in ("zh_CN", "en"))
        except AssertionError as missing:
            problems.append(str(missing))
            continue
        if not CJK.search(chinese) or reason in chinese:
            problems.append(f"{reason}: the Chinese message is not Chinese words: {chinese}")
        if not english or CJK.search(english):
            problems.append(f"{reason}: the English message is not English: {english}")
    assert problems == []


def test_every_field_named_in_a_field_error_has_a_name_in_both_languages():
    named = FIELD_NAMES | VISIT_FIELD_NAMES
    assert FIELDS and sorted(FIELDS - set(named)) == []


def test_every_catalogue_entry_has_both_languages_with_the_same_placeholders():
    placeholder = re.compile(r"\{(\w*)\}")
    for entry in dispatch.registry().values():
        for reason, (chinese, english) in (entry.reasons or {}).items():
            assert chinese and english, (entry.error_class, reason)
            assert set(placeholder.findall(chinese)) == set(placeholder.findall(english)), (entry.error_class, reason)


def test_every_registered_class_exists():
    for path in dispatch.registry():
        assert isinstance(_resolve(path), type), path


def test_the_nearest_registered_class_words_a_subclass():
    from assessment_app.bundle.errors import AgeFormatError
    from assessment_app.services.accounts import WrongEnrolmentCode
    from assessment_app.storage.backup_format import BackupTampered

    assert describe_error(AgeFormatError("age_header_mac_mismatch"), "en") == "The encryption header was altered."
    assert describe_error(BackupTampered(), "zh_CN").startswith("备份文件已损坏或被篡改")
    assert describe_error(WrongEnrolmentCode("DEMO-A-001", 2), "zh_CN") == "注册码不正确，还可尝试 2 次；口令未设置。"


def test_an_error_no_catalogue_words_is_refused_not_guessed():
    class Unworded(Exception):
        reason = "wrong_passphrase"  # a reason alone no longer earns a message: the type decides

    with pytest.raises(NoMessage):
        describe_error(Unworded(), "zh_CN")


def test_importing_the_messages_loads_no_service_report_or_recording_module():
    import subprocess
    import sys

    probe = ("import sys; import assessment_app.messages as m; m.describe_error; "
             "print(sorted(k for k in sys.modules if k.startswith('assessment_app.')))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert not re.search(r"assessment_app\.(services|reports|recording|storage|bundle|security|ui|cli)", loaded), loaded
