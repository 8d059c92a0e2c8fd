# SPDX-License-Identifier: GPL-3.0-or-later
"""Refresh the interface catalogues after UI strings changed.

    .venv/bin/python tools/update_translations.py [zh_CN_translations.json]

1. pyside6-lupdate re-reads assessment_app/ui/**/*.py into both .ts files (dropping strings the UI
   no longer uses);
2. English: an unfinished entry takes its source text (the UI's source language is English);
3. Chinese: unfinished entries are filled from the JSON file given ({"source": "译文"} or
   {"Context|source": "译文"} where one English text needs different Chinese in two places).
Whatever is still unfinished is listed; tests/unit/test_translations.py fails until it is done.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"


def _lupdate() -> Path:
    return Path(sys.executable).with_name("pyside6-lupdate")


def _run_lupdate(catalogues) -> None:
    sources = sorted(str(p) for p in (ROOT / "assessment_app" / "ui").rglob("*.py"))
    subprocess.run([str(_lupdate()), *sources, "-no-obsolete", "-locations", "none", "-ts", *map(str, catalogues)],
                   check=True, stdout=subprocess.DEVNULL)


def _fill(path: Path, lookup) -> list[str]:
    tree = ET.parse(path)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation.get("type") != "unfinished":
                continue
            source = message.findtext("source")
            text = lookup(name, source)
            if text:
                translation.text = text
                del translation.attrib["type"]
            else:
                missing.append(f"{name}: {source}")
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


def main(argv: list[str]) -> int:
    catalogues = {language: TRANSLATIONS / f"ltc_assess_{language}.ts" for language in ("zh_CN", "en")}
    _run_lupdate(catalogues.values())
    chinese = json.loads(Path(argv[0]).read_text(encoding="utf-8")) if argv else {}
    _fill(catalogues["en"], lambda context, source: source)
    missing = _fill(catalogues["zh_CN"], lambda context, source: chinese.get(f"{context}|{source}", chinese.get(source)))
    _run_lupdate(catalogues.values())  # again, only to write the files in lupdate's own layout
    for line in missing:
        print("untranslated:", line)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
