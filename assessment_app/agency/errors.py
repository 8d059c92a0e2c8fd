"""The agency server's one error root: a stable `.reason` code (agency/messages.py
turns it into zh_CN / en text) and a `.detail` naming the specifics."""

from __future__ import annotations


class AgencyError(Exception):
    def __init__(self, reason: str, detail: object = None):
        super().__init__(reason + ("" if detail in (None, "") else f" ({detail})"))
        self.reason = reason
        self.detail = "" if detail is None else str(detail)[:500]
