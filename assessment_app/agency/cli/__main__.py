# SPDX-License-Identifier: GPL-3.0-or-later
"""`python -m assessment_app.agency.cli` = `ltc-agency`."""

import sys

from assessment_app.agency.cli import main

sys.exit(main())
