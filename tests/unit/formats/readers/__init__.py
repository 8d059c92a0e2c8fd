# SPDX-License-Identifier: GPL-3.0-or-later
"""Readers of our file formats written from docs/formats/*.md alone, for the vector tests.

They import nothing from assessment_app, forms, scoring or tools (test_readers_use_only_the_specs
checks it), only the standard library, `cryptography` and PyYAML: if the code drifts from the
written formats, or a spec leaves out something a reader needs, the vector tests fail.
"""
