# SPDX-License-Identifier: GPL-3.0-or-later
"""Plain domain objects and rules of the assessment workflow."""
