# SPDX-License-Identifier: GPL-3.0-or-later
"""The outcome of verifying a bundle: every check, passed or failed, with a stable reason code
(messages/bundle_text.py turns codes into zh_CN / en text)."""

from __future__ import annotations

from dataclasses import dataclass, field

# In the order they run; a check that could not run because an earlier one failed is listed
# as failed with reason "not_reached", so the report always names every check.
CHECKS = ("index", "parts", "decrypt", "archive", "manifest", "signatures", "files", "record", "video", "audit",
          "report", "rescore")
NOT_REACHED = "not_reached"


@dataclass(frozen=True)
class Check:
    code: str
    passed: bool
    reason: str | None = None  # why it failed (None when passed)
    detail: str = ""
    information: str | None = None  # e.g. the engine version differs: shown, not a failure

    def to_json(self) -> dict:
        return {"code": self.code, "passed": self.passed, "reason": self.reason, "detail": self.detail,
                "information": self.information}


@dataclass(frozen=True)
class ValidationReport:
    checks: tuple[Check, ...]
    manifest: dict | None = None
    manifest_sha256: str | None = None
    extras: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.passed and check.reason != NOT_REACHED)

    @property
    def first_failure(self) -> Check | None:
        return self.failures[0] if self.failures else None

    def check(self, code: str) -> Check | None:
        return next((check for check in self.checks if check.code == code), None)

    def to_json(self) -> dict:
        manifest = self.manifest or {}
        return {"ok": self.ok, "bundle_id": manifest.get("bundle_id"), "visit_id": manifest.get("visit_id"),
                "manifest_sha256": self.manifest_sha256, "checks": [check.to_json() for check in self.checks]}
