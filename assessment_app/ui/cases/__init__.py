# SPDX-License-Identifier: GPL-3.0-or-later
"""Case intake, the case list and the case page: materials, self-assessment, history and corrections, export."""
