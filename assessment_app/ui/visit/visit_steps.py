# SPDX-License-Identifier: GPL-3.0-or-later
"""The steps of the visit screen in the order the experts take them: the indexes of the page's
stack, shared by the page and the controllers that move between steps."""

from __future__ import annotations

START, IDENTITY, CONSENT, ITEMS, RECONCILE, FINISH, ENDED = range(7)
