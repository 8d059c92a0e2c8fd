# SPDX-License-Identifier: GPL-3.0-or-later
"""PyInstaller entry point of `ltc-assess-gui` (windowed): the same main() as the installed script."""

import sys

from assessment_app.ui.shell.app import main

if __name__ == "__main__":
    sys.exit(main())
