# SPDX-License-Identifier: GPL-3.0-or-later
"""The disability assessment workstation: services, storage, security, recording, reports, UI."""

from assessment_app.version import APP_NAME, APP_VERSION

__all__ = ["APP_NAME", "APP_VERSION"]
