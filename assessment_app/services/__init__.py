# SPDX-License-Identifier: GPL-3.0-or-later
"""Use cases that tie forms, scoring, storage, recording and export together; no Qt here."""
