"""The dependency rules of the design (section 3), checked on every import statement.

forms <- scoring <- assessment_app; forms and scoring import no Qt, SQLAlchemy, OpenCV or
assessment_app, and scoring uses the standard library only (plus forms' plain model);
only assessment_app.ui imports Qt widgets.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

FORBIDDEN_IN_PURE = {"PySide6", "shiboken6", "sqlalchemy", "cv2", "av", "reportlab", "keyring", "assessment_app"}
FORMS_THIRD_PARTY = {"yaml", "jsonschema"}  # reading and validating form files is forms' one job


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def python_files(package: str) -> list[Path]:
    files = sorted((REPO_ROOT / package).rglob("*.py"))
    assert files, f"no Python files under {package}/"
    return files


def _top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("package", ["forms", "scoring"])
def test_pure_packages_import_nothing_forbidden(package):
    offending = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {module}"
        for path in python_files(package)
        for line, module in imported_modules(path)
        if _top(module) in FORBIDDEN_IN_PURE
    ]
    assert offending == []


def test_forms_does_not_depend_on_scoring():
    offending = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {module}"
        for path in python_files("forms")
        for line, module in imported_modules(path)
        if _top(module) == "scoring"
    ]
    assert offending == []


def test_scoring_uses_only_the_standard_library_and_the_form_model():
    allowed_forms = {"forms.model", "forms.canonical"}
    offending = []
    for path in python_files("scoring"):
        for line, module in imported_modules(path):
            top = _top(module)
            if module.startswith(".") or top in ("scoring", "__future__") or module in allowed_forms:
                continue
            if top not in sys.stdlib_module_names:
                offending.append(f"{path.relative_to(REPO_ROOT)}:{line}: {module}")
    assert offending == []


def test_forms_model_and_canonical_are_standard_library_only():
    for name in ("model.py", "canonical.py"):
        modules = [module for _, module in imported_modules(REPO_ROOT / "forms" / name)]
        assert all(_top(m) in sys.stdlib_module_names or _top(m) == "__future__" for m in modules), (name, modules)


def test_only_the_ui_imports_qt_widgets():
    offending = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {module}"
        for path in python_files("assessment_app")
        if "ui" not in path.relative_to(REPO_ROOT / "assessment_app").parts[:1]
        for line, module in imported_modules(path)
        if module.startswith("PySide6.QtWidgets")
    ]
    assert offending == []


def test_services_and_domain_import_no_qt_at_all():
    offending = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {module}"
        for package in ("assessment_app/services", "assessment_app/domain")
        for path in sorted((REPO_ROOT / package).rglob("*.py"))
        for line, module in imported_modules(path)
        if _top(module) in ("PySide6", "shiboken6")
    ]
    assert offending == []


def test_the_checker_sees_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom PySide6.QtWidgets import QLabel\nfrom . import sibling\n", encoding="utf-8")
    assert imported_modules(sample) == [(1, "os"), (2, "PySide6.QtWidgets"), (3, ".")]
