# SPDX-License-Identifier: GPL-3.0-or-later
"""`python -m assessment_app.cli` runs the same entry point as `ltc-assess`."""

import sys

from assessment_app.cli import main

sys.exit(main())
