# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding installed instruments by id (and version) in a directory of form files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from forms.errors import FormError, UnknownFormError
from forms.loader import load_form
from forms.model import Form

FORMS_DIRECTORY = Path(__file__).resolve().parent


@dataclass(frozen=True)
class FormEntry:
    id: str
    version: str
    file: Path


class FormRegistry:
    """All form files (*.yaml) in one directory, loaded once and kept."""

    def __init__(self, directory: Path = FORMS_DIRECTORY):
        self.directory = Path(directory)
        self._forms: dict[tuple[str, str], Form] | None = None
        self._files: dict[tuple[str, str], Path] = {}

    def _load_all(self) -> dict[tuple[str, str], Form]:
        if self._forms is None:
            forms: dict[tuple[str, str], Form] = {}
            for file in sorted(self.directory.glob("*.yaml")):
                form = load_form(file)
                key = (form.id, form.version)
                if key in forms:
                    raise FormError(file, "id", f"{form.id} {form.version} is also defined in {self._files[key].name}")
                forms[key] = form
                self._files[key] = file
            self._forms = forms
        return self._forms

    def entries(self) -> list[FormEntry]:
        return [FormEntry(form_id, version, self._files[(form_id, version)]) for form_id, version in self._load_all()]

    def get(self, form_id: object, version: str | None = None) -> Form:
        """The form with this id; the highest version unless one is named."""
        forms = self._load_all()
        candidates = [
            form for (fid, fversion), form in forms.items()
            if fid == form_id and (version is None or fversion == version)
        ]
        if not candidates:
            available = tuple(sorted(f"{fid} {fversion}" for fid, fversion in forms))
            raise UnknownFormError(form_id, available, version)
        return max(candidates, key=lambda form: tuple(int(part) for part in form.version.split(".")))


_default: FormRegistry | None = None


def default_registry() -> FormRegistry:
    """The instruments shipped with the application."""
    global _default
    if _default is None:
        _default = FormRegistry()
    return _default
