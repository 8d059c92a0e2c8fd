# SPDX-License-Identifier: GPL-3.0-or-later
"""PyInstaller entry point of `ltc-assess` (console): the same main() as the installed script."""

import sys

from assessment_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
