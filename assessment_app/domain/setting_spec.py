# SPDX-License-Identifier: GPL-3.0-or-later
"""A typed agency setting: a whole number within a range, yes/no, or one of a few named values,
checked the same way whoever sets it (the laptop's `ltc-assess settings` and administration page,
the agency server's `ltc-agency review settings`)."""

from __future__ import annotations

from dataclasses import dataclass

from assessment_app.domain.errors import FieldError

INTEGER, YES_NO, CHOICE = "integer", "yes_no", "choice"
_YES = {"1", "true", "yes", "on", "是"}
_NO = {"0", "false", "no", "off", "否"}


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: str  # INTEGER, YES_NO or CHOICE
    default: int | bool | str
    description: tuple[str, str]  # zh_CN, en
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    def parse(self, text: str) -> int | bool | str:
        """A value typed on the command line, checked; FieldError names what is wrong."""
        word = text.strip()
        if self.kind == YES_NO:
            if word.lower() in _YES:
                return True
            if word.lower() in _NO:
                return False
            raise FieldError("setting", "format", text)
        if self.kind == INTEGER:
            try:
                number = int(word)
            except ValueError:
                raise FieldError("setting", "format", text) from None
            return self.check(number)
        return self.check(word)

    def check(self, value: object) -> int | bool | str:
        """A typed value (from a form), checked against the spec."""
        if self.kind == YES_NO:
            if not isinstance(value, bool):
                raise FieldError("setting", "format", value)
        elif self.kind == INTEGER:
            if isinstance(value, bool) or not isinstance(value, int):
                raise FieldError("setting", "format", value)
            if not self.minimum <= value <= self.maximum:
                raise FieldError("setting", "out_of_range", f"{self.minimum}–{self.maximum}")
        elif value not in self.choices:
            raise FieldError("setting", "unknown_value", f"{value} ({' / '.join(self.choices)})")
        return value

    def describe(self, value, language: str) -> dict:
        described = {"value": value, "type": self.kind, "description": self.description[1 if language == "en" else 0]}
        if self.kind == INTEGER:
            described["range"] = [self.minimum, self.maximum]
        elif self.kind == CHOICE:
            described["choices"] = list(self.choices)
        return described
