# SPDX-License-Identifier: GPL-3.0-or-later
"""The standalone scoring calculator."""
