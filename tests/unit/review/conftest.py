# SPDX-License-Identifier: GPL-3.0-or-later
from tests.unit.visit.conftest import data_dir, records, reopen  # noqa: F401 - shared fixtures
