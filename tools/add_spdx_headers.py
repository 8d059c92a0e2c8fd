"""Put the project's SPDX licence line at the top of every source file that lacks it.

    .venv/bin/python tools/add_spdx_headers.py [--check] [root]

Files: *.py, *.spec, *.sh ('#' comments) and *.iss (';' comments) under the repository root (or
the root given), outside .git, the virtual environment, build output and resources/licenses/
(third-party texts). The line goes after what must stay first: a UTF-8 byte-order mark, a
shebang, and a PEP 263 encoding declaration (which Python reads only on line 1 or 2, so whatever stands before it stays too). Generated
files (a marker such as "@generated" or "DO NOT EDIT" near the top) are left alone: their
generator owns them. Running it again changes nothing. With --check nothing is written; the exit
status is 1 when a file still lacks the line (the files are listed).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LICENCE = "GPL-3.0-or-later"
TAG = "SPDX-License-Identifier:"
COMMENT_PREFIX = {".py": "#", ".spec": "#", ".sh": "#", ".iss": ";"}
SKIPPED_DIRECTORIES = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis",
                       "node_modules"}
SKIPPED_PATHS = {("resources", "licenses")}
GENERATED_MARKERS = ("@generated", "do not edit", "created by: pyside6 user interface compiler",
                     "resource object code", "automatically generated")
BOM = "\ufeff"
ENCODING_LINE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")
# Lines read to decide whether a file already has the tag or is generated.
HEAD_LINES = 10


def source_files(root: Path) -> list[Path]:
    found = []
    for directory, subdirectories, files in os.walk(root):
        relative = Path(directory).relative_to(root)
        subdirectories[:] = sorted(
            name for name in subdirectories
            if name not in SKIPPED_DIRECTORIES and not name.endswith(".egg-info")
            and (*relative.parts, name) not in SKIPPED_PATHS)
        found.extend(Path(directory) / name for name in sorted(files) if Path(name).suffix in COMMENT_PREFIX)
    return found


def _split_preamble(lines: list[str]) -> int:
    """How many leading lines must stay before the tag: shebang and/or encoding declaration."""
    kept = 1 if lines and lines[0].startswith("#!") else 0
    for index in (0, 1):
        if index < len(lines) and ENCODING_LINE.match(lines[index]):
            kept = index + 1
    return kept


def with_header(text: str, prefix: str) -> str | None:
    """The text with the tag added, or None when it has it already or is generated."""
    head = "\n".join(text.splitlines()[:HEAD_LINES])
    if TAG in head or any(marker in head.lower() for marker in GENERATED_MARKERS):
        return None
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom):]
    newline = "\r\n" if "\r\n" in body else "\n"
    lines = body.splitlines(keepends=True)
    kept = _split_preamble(lines)
    if kept and not lines[kept - 1].endswith(("\n", "\r")):
        lines[kept - 1] += newline  # a file that is only a shebang line without its newline
    header = f"{prefix} {TAG} {LICENCE}{newline}"
    return bom + "".join(lines[:kept]) + header + "".join(lines[kept:])


def add_headers(root: Path, write: bool = True) -> list[Path]:
    """The files that lack the tag (and, when writing, now have it)."""
    changed = []
    for path in source_files(root):
        text = path.read_bytes().decode("utf-8")
        updated = with_header(text, COMMENT_PREFIX[path.suffix])
        if updated is None:
            continue
        changed.append(path)
        if write:
            path.write_bytes(updated.encode("utf-8"))
    return changed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file lacks the tag")
    parser.add_argument("root", nargs="?", type=Path, default=ROOT)
    arguments = parser.parse_args(argv)
    changed = add_headers(arguments.root.resolve(), write=not arguments.check)
    for path in changed:
        print(path.relative_to(arguments.root.resolve()).as_posix())
    if arguments.check:
        return 1 if changed else 0
    print(f"{len(changed)} files now carry '{TAG} {LICENCE}'", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
