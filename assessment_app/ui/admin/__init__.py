# SPDX-License-Identifier: GPL-3.0-or-later
"""Administration: provisioning, accounts, agency and visit settings, backup."""
