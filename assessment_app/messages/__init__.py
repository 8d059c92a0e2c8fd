# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed errors turned into messages in the user's language (zh_CN by default, or en).

The edges (CLI, dialogs, the GUI's exception hook) call `describe_error`; the message is chosen
by the error's type (messages/dispatch.py) from the catalogue of its area (messages/*_text.py).
Importing this package loads no catalogue and nothing of services, reports or recording: the
catalogues load on the first message.
"""

from __future__ import annotations

from assessment_app.messages.dispatch import NoMessage, describe_error, has_message

__all__ = ["NoMessage", "describe_error", "has_message"]
