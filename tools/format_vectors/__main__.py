# SPDX-License-Identifier: GPL-3.0-or-later
"""Write or check the format vectors: see tools/format_vectors/__init__.py."""

from __future__ import annotations

import argparse
import sys

from tools.format_vectors import FORMATS, module_for
from tools.format_vectors.common import VECTORS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.format_vectors", description=__doc__)
    parser.add_argument("formats", nargs="*", metavar="FORMAT",
                        help=f"one or more of {', '.join(FORMATS)} (default: all)")
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.formats) - set(FORMATS))
    if unknown:
        parser.error(f"unknown format {unknown[0]!r}; one of {', '.join(FORMATS)}")
    differing = []
    for name in args.formats or FORMATS:
        directory = VECTORS / name
        files = module_for(name).build(directory)
        for relative, data in sorted(files.items()):
            path = directory / relative
            if path.exists() and path.read_bytes() == data:
                continue
            differing.append(f"{name}/{relative}")
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    for line in differing:
        print(("differs: " if args.check else "written: ") + line)
    return 1 if args.check and differing else 0


if __name__ == "__main__":
    sys.exit(main())
