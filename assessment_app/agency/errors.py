# SPDX-License-Identifier: GPL-3.0-or-later
"""The agency server's one error root: a stable `.reason` code (agency/messages.py
turns it into zh_CN / en text) and a `.detail` naming the specifics.

A kind of the application's AppError, so that a workstation screen talking to the server (the
review desk, 统计与稽核) catches its refusals with the one root every screen catches."""

from __future__ import annotations

from assessment_app.errors import AppError


class AgencyError(AppError):
    def __init__(self, reason: str, detail: object = None):
        super().__init__(reason + ("" if detail in (None, "") else f" ({detail})"))
        self.reason = reason
        self.detail = "" if detail is None else str(detail)[:500]
