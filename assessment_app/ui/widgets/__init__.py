# SPDX-License-Identifier: GPL-3.0-or-later
"""Widgets shared by several features: fields, signature pad, reason dialog, result and trace, video player, item cards."""
