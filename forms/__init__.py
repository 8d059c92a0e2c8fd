"""The assessment instruments as data: form files, their schema and their loader.

No scoring logic lives here; `scoring` turns a Form and answers into a result.
"""

from forms.errors import FormError, UnknownFormError
from forms.loader import load_form
from forms.model import Form
from forms.registry import FormRegistry, default_registry

__all__ = ["Form", "FormError", "FormRegistry", "UnknownFormError", "default_registry", "load_form"]
