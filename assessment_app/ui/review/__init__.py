# SPDX-License-Identifier: GPL-3.0-or-later
"""The reviewer's desk: queue, record view with video by item, decisions, bundle import."""
