# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the .deb's /usr/share/doc/ltc-assess/copyright in Debian's machine-readable format
(copyright-format 1.0) from the build's resources/licenses/index.json:

    python packaging/linux/write_deb_copyright.py dist/ltc-assess/_internal/resources/licenses/index.json /opt/ltc-assess

The first paragraph is ltc-assess itself (GPL-3.0-or-later, the whole installation unless a later
paragraph says otherwise); then one paragraph per bundled component with the paths it occupies
under the installation folder, its licence and where its licence texts are installed. As the
format says, the last paragraph that matches a file decides.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FORMAT = "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
OWN_PATHS = ("_internal/assessment_app/*", "_internal/forms/*", "_internal/scoring/*", "_internal/resources/*",
             "_internal/LICENSE", "LICENSE", "SOURCES.md")


def paragraph(fields: list[tuple[str, str]]) -> str:
    lines = []
    for name, value in fields:
        first, *rest = value.split("\n")
        lines.append(f"{name}: {first}".rstrip())
        lines.extend(f" {line}" if line.strip() else " ." for line in rest)
    return "\n".join(lines)


def copyright_text(index: Path, prefix: str) -> str:
    root = prefix.strip("/")
    licences = f"/{root}/_internal/resources/licenses"
    own_licence = (
        "GPL-3+\n"
        "ltc-assess is free software: you can redistribute it and/or modify it under the terms of the GNU\n"
        "General Public License as published by the Free Software Foundation, either version 3 of the\n"
        "License, or (at your option) any later version. It is distributed WITHOUT ANY WARRANTY.\n"
        "\n"
        f"The full text is in /{root}/LICENSE (on Debian systems also /usr/share/common-licenses/GPL-3).")
    paragraphs = [
        paragraph([("Format", FORMAT), ("Upstream-Name", "ltc-assess"),
                   ("Source", "the archive ltc-assess-<version>-source.tar.gz distributed with this package;\n"
                              f"where every bundled component's source is published: /{root}/SOURCES.md")]),
        paragraph([("Files", "*"), ("Copyright", "LTC assessment workstation maintainers"), ("License", own_licence)]),
        paragraph([("Files", f"{root}/_internal/*"),
                   ("Copyright", "Python Software Foundation and others"),
                   ("License", "PSF-2.0\nPython's standard library, as byte code; the text: "
                               f"{licences}/python/LICENSE.txt")]),
        paragraph([("Files", " ".join(f"{root}/{path}" for path in OWN_PATHS)),
                   ("Copyright", "LTC assessment workstation maintainers"), ("License", "GPL-3+")]),
    ]
    # Distributions that share a folder (the jaraco.* namespace, PySide6's three wheels) share a paragraph.
    groups: dict[tuple[str, ...], list[dict]] = {}
    for component in json.loads(index.read_text(encoding="utf-8")):
        if component.get("paths") and component["name"] != "Python":
            groups.setdefault(tuple(component["paths"]), []).append(component)
    for paths, components in groups.items():
        names = ", ".join(c["name"] + (f" {c['version']}" if c.get("version") else "") for c in components)
        licences = " and ".join(dict.fromkeys(c["license"] for c in components))
        texts = " ".join(dict.fromkeys(f"/{root}/_internal/resources/{relative}"
                                       for c in components for relative in c["files"]))
        paragraphs.append(paragraph([
            ("Files", " ".join(f"{root}/{path}" for path in paths)),
            ("Copyright", f"the authors of {names}, as named in the licence files below"),
            ("License", f"{licences}\nThe licence and copyright notices: {texts}"),
        ]))
    return "\n\n".join(paragraphs) + "\n"


def main(argv: list[str]) -> int:
    sys.stdout.write(copyright_text(Path(argv[0]), argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
