# SPDX-License-Identifier: GPL-3.0-or-later
"""Adds the licences of the system libraries PyInstaller copied into a Linux build.

    python packaging/linux/collect_system_licences.py build/pyinstaller/ltc-assess/COLLECT-00.toc dist/ltc-assess

PyInstaller bundles the shared libraries that the Python extensions and Qt plugins link against
and that no wheel carries (libX11, libxcb-*, fontconfig, glib, OpenSSL 3, …) from the build
machine. Their licences are those of the Debian packages they came from: for each such library
the package is looked up with dpkg-query, its /usr/share/doc/<package>/copyright is copied into
the build's resources/licenses/system/, and one entry per package (with the libraries it covers)
is added to the build's resources/licenses/index.json, which the About dialog lists. The
libraries of the Python installation itself are covered by Python's licence and left out. A
library whose package or copyright file cannot be found stops the build: nothing is shipped
without its licence.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

BINARY_TYPES = {"BINARY", "EXTENSION"}
LICENCES = Path("_internal") / "resources" / "licenses"


def python_roots() -> list[Path]:
    """Where the interpreter's own files live (the venv, the base installation, the source tree)."""
    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(sysconfig.get_paths()["stdlib"]).parent,
             Path(__file__).resolve().parents[2]}
    return [root.resolve() for root in roots]


def system_libraries(toc_file: Path) -> dict[str, Path]:
    """Bundle name → source path of every binary that came from outside Python and the project."""
    entries = ast.literal_eval(toc_file.read_text(encoding="utf-8"))
    roots = python_roots()
    found = {}
    for part in entries:
        for entry in part if isinstance(part, list) else []:
            name, source, typecode = entry
            path = Path(source).resolve()
            if typecode in BINARY_TYPES and not any(path.is_relative_to(root) for root in roots):
                found[name] = Path(source)
    return found


def owning_package(path: Path) -> str:
    """The Debian package that installed `path` (also under the other spelling of a merged /usr)."""
    candidates = [path, path.resolve()]
    for candidate in list(candidates):
        text = str(candidate)
        candidates.append(Path(text[4:] if text.startswith("/usr/") else "/usr" + text))
    for candidate in candidates:
        result = subprocess.run(["dpkg-query", "-S", str(candidate)], capture_output=True, text=True)
        if result.returncode == 0 and result.stdout.strip():
            return result.stdout.split(":", 1)[0].split(",")[0].strip()
    raise SystemExit(f"no Debian package owns {path}: its licence cannot be shipped")


def package_version(package: str) -> str:
    return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True,
                          check=True).stdout.strip()


def licence_names(copyright_text: str) -> str:
    """The distinct short licence names of a machine-readable copyright file, or a pointer to it."""
    names = []
    for line in copyright_text.splitlines():
        if line.startswith("License:"):
            name = line.split(":", 1)[1].strip()
            if name and name not in names:
                names.append(name)
    return "; ".join(names[:4]) + ("; …" if len(names) > 4 else "") if names else "see the copyright file"


def add_system_licences(toc_file: Path, app_dir: Path) -> list[dict]:
    by_package: dict[str, list[str]] = {}
    for name, source in sorted(system_libraries(toc_file).items()):
        by_package.setdefault(owning_package(source), []).append(Path(name).name)
    target = app_dir / LICENCES / "system"
    target.mkdir(parents=True, exist_ok=True)
    entries = []
    for package, libraries in sorted(by_package.items()):
        base = package.split(":")[0]
        source = Path("/usr/share/doc") / base / "copyright"
        if not source.is_file():
            raise SystemExit(f"{source} is missing: the licence of {', '.join(libraries)} cannot be shipped")
        shutil.copyfile(source, target / f"{base}.copyright")
        text = source.read_text(encoding="utf-8", errors="replace")
        entries.append({"name": f"{', '.join(libraries)} (Debian package {base})", "version": package_version(package),
                        "license": licence_names(text), "files": [f"licenses/system/{base}.copyright"],
                        "libraries": libraries, "paths": [f"_internal/{library}" for library in libraries]})
    index = app_dir / LICENCES / "index.json"
    listed = [entry for entry in json.loads(index.read_text(encoding="utf-8"))
              if not entry["files"] or not entry["files"][0].startswith("licenses/system/")]
    index.write_text(json.dumps(listed + entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return entries


def main(argv: list[str]) -> int:
    entries = add_system_licences(Path(argv[0]), Path(argv[1]))
    print(f"licences of {sum(len(e['libraries']) for e in entries)} system libraries from {len(entries)} Debian "
          "packages added", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
