# SPDX-License-Identifier: GPL-3.0-or-later
"""The assessment instruments as data: form files, their schema and their loader.

No scoring logic lives here; `scoring` turns a Form and answers into a result.

The names below are loaded on first use (PEP 562): `import forms.model` (the plain model that
scoring and the interface need) must not pay for the YAML parser and the JSON Schema validator,
which only loading a form file needs.
"""

from __future__ import annotations

import importlib

_HOMES = {"FormError": "forms.errors", "UnknownFormError": "forms.errors", "load_form": "forms.loader",
          "Form": "forms.model", "FormRegistry": "forms.registry", "default_registry": "forms.registry"}

__all__ = ["Form", "FormError", "FormRegistry", "UnknownFormError", "default_registry", "load_form"]


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'forms' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
