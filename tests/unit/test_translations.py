# SPDX-License-Identifier: GPL-3.0-or-later
"""The interface catalogues are complete: every string the UI code asks Qt to translate is in
both .ts files with a finished, non-empty translation that keeps the same {placeholders}, and
neither file carries unfinished, vanished, obsolete or unused entries.

The UI code is read with `ast`, the way pyside6-lupdate reads it: `self.tr("...")` inside a
class takes the class name as context; `QCoreApplication.translate("Context", "...")` names it.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

UI_DIRECTORY = REPO_ROOT / "assessment_app" / "ui"
TRANSLATIONS = REPO_ROOT / "resources" / "translations"
CATALOGUES = {"zh_CN": TRANSLATIONS / "ltc_assess_zh_CN.ts", "en": TRANSLATIONS / "ltc_assess_en.ts"}
BAD_TYPES = {"unfinished", "vanished", "obsolete"}
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")

Key = tuple[str, str]  # (context, source)


def _string_argument(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _TranslatableStrings(ast.NodeVisitor):
    def __init__(self, path: Path):
        self.path = path
        self.classes: list[str] = []
        self.found: set[Key] = set()
        self.problems: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
        where = f"{self.path.name}:{node.lineno}"
        if name == "tr":
            source = _string_argument(node.args[0]) if node.args else None
            if source is None:
                self.problems.append(f"{where}: tr() needs a string literal that lupdate can see")
            elif not self.classes:
                self.problems.append(f"{where}: tr() outside a class has no context")
            else:
                self.found.add((self.classes[-1], source))
        elif name == "translate" and isinstance(function, ast.Attribute) and len(node.args) >= 2:
            context, source = _string_argument(node.args[0]), _string_argument(node.args[1])
            if context is None or source is None:
                self.problems.append(f"{where}: translate() needs literal context and text")
            else:
                self.found.add((context, source))
        self.generic_visit(node)


def strings_used_by_ui() -> tuple[set[Key], list[str]]:
    used: set[Key] = set()
    problems: list[str] = []
    for path in sorted(UI_DIRECTORY.rglob("*.py")):
        visitor = _TranslatableStrings(path)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        used |= visitor.found
        problems += visitor.problems
    return used, problems


def read_catalogue(path: Path) -> tuple[ET.Element, dict[Key, ET.Element]]:
    root = ET.parse(path).getroot()
    messages: dict[Key, ET.Element] = {}
    for context in root.iter("context"):
        context_name = context.findtext("name")
        for message in context.iter("message"):
            key = (context_name, message.findtext("source"))
            assert key not in messages, f"{path.name}: {key} appears twice"
            messages[key] = message
    return root, messages


@pytest.fixture(scope="module", params=sorted(CATALOGUES))
def catalogue(request):
    language = request.param
    root, messages = read_catalogue(CATALOGUES[language])
    return language, root, messages


def test_ui_code_uses_only_literal_translatable_strings():
    used, problems = strings_used_by_ui()
    assert problems == []
    assert len(used) > 20  # the scan really found the UI's strings


def test_catalogue_declares_its_languages(catalogue):
    language, root, _ = catalogue
    assert root.get("language") == language
    assert root.get("sourcelanguage") == "en"


def test_every_translation_is_finished_and_not_empty(catalogue):
    language, _, messages = catalogue
    bad = [
        f"{context}/{source!r}: {message.find('translation').get('type') or 'empty'}"
        for (context, source), message in messages.items()
        if message.find("translation") is None
        or message.find("translation").get("type") in BAD_TYPES
        or not (message.find("translation").text or "").strip()
    ]
    assert bad == [], f"ltc_assess_{language}.ts"


def test_every_string_of_the_ui_is_in_the_catalogue(catalogue):
    language, _, messages = catalogue
    used, _ = strings_used_by_ui()
    assert sorted(used - set(messages)) == [], f"run pyside6-lupdate and translate ltc_assess_{language}.ts"


def test_catalogue_has_no_strings_the_ui_no_longer_uses(catalogue):
    language, _, messages = catalogue
    used, _ = strings_used_by_ui()
    assert sorted(set(messages) - used) == [], f"stale entries in ltc_assess_{language}.ts"


def test_translations_keep_the_placeholders(catalogue):
    _, _, messages = catalogue
    broken = [
        (source, message.findtext("translation"))
        for (_, source), message in messages.items()
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(message.findtext("translation") or ""))
    ]
    assert broken == []


def test_chinese_catalogue_is_in_chinese():
    """A zh_CN entry left as the English source (with words in it) is not a translation."""
    _, messages = read_catalogue(CATALOGUES["zh_CN"])
    untranslated = [
        source for (_, source), message in messages.items()
        if LATIN_WORD.search(PLACEHOLDER.sub("", source).replace("SHA-256", ""))
        and not CJK.search(message.findtext("translation") or "")
    ]
    assert untranslated == []


def test_both_catalogues_hold_the_same_messages():
    assert set(read_catalogue(CATALOGUES["zh_CN"])[1]) == set(read_catalogue(CATALOGUES["en"])[1])
