# SPDX-License-Identifier: GPL-3.0-or-later
"""The dependency rules of the design (section 3), checked on every import statement (the lazy
ones inside functions too).

forms <- scoring <- assessment_app; forms and scoring import no Qt, SQLAlchemy, OpenCV or
assessment_app, and scoring uses the standard library only (plus forms' plain model);
only assessment_app.ui imports Qt widgets. Inside assessment_app: the low layers (domain,
storage, security, recording, reports, bundle, messages) never import services, ui or cli; the
ui imports neither storage nor cli (it goes through services); security sits below storage
(storage uses its key derivation and anchors; security writes its key file with the base
module durable_files, never with storage); the base modules (errors, version, durable_files)
import no layer at all.
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


LOW_LAYERS = ("domain", "storage", "security", "recording", "reports", "bundle", "messages")
BASE_MODULES = ("errors.py", "version.py", "durable_files.py")


def _layer(path: Path) -> str:
    """The package under assessment_app a file belongs to (a top-level module: its file name)."""
    return path.relative_to(REPO_ROOT / "assessment_app").parts[0]


def _imports_of_layers(layers) -> list[tuple[str, int, str, str]]:
    """(file, line, imported module, its layer) for every import of assessment_app.<layer>."""
    found = []
    for path in python_files("assessment_app"):
        if _layer(path) not in layers:
            continue
        for line, module in imported_modules(path):
            if module.startswith("assessment_app."):
                found.append((str(path.relative_to(REPO_ROOT)), line, module, module.split(".")[1]))
    return found


@pytest.mark.parametrize("layer", LOW_LAYERS)
def test_the_low_layers_never_import_services_ui_or_cli(layer):
    offending = [f"{file}:{line}: {module}" for file, line, module, target in _imports_of_layers({layer})
                 if target in ("services", "ui", "cli")]
    assert offending == []


def test_the_ui_imports_neither_storage_nor_the_cli():
    found = {(file, module): line for file, line, module, target in _imports_of_layers({"ui"})
             if target in ("storage", "cli")}
    offending = [f"{file}:{line}: {module}" for (file, module), line in sorted(found.items())]
    assert offending == []


def test_security_sits_below_storage():
    offending = [f"{file}:{line}: {module}" for file, line, module, target in _imports_of_layers({"security"})
                 if target == "storage"]
    assert offending == []


def test_the_base_modules_import_no_layer():
    offending = [f"{name}:{line}: {module}" for name in BASE_MODULES
                 for line, module in imported_modules(REPO_ROOT / "assessment_app" / name)
                 if module.startswith("assessment_app.") and module.split(".")[1] + ".py" not in BASE_MODULES]
    assert offending == []


def test_the_layer_checker_sees_a_lazy_import_inside_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def later():\n    from assessment_app.services.accounts import login\n", encoding="utf-8")
    assert imported_modules(sample) == [(2, "assessment_app.services.accounts")]
