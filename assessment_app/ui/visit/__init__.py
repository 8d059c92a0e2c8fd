# SPDX-License-Identifier: GPL-3.0-or-later
"""The guided two-expert visit: its steps and the recording panel."""
