# SPDX-License-Identifier: GPL-3.0-or-later
"""The engine's version, recorded in every result so a reviewer can re-score with the same rules.

Bump it whenever the output for some input could change (format or rules); golden vectors pin it.
"""

ENGINE_NAME = "ltc-scoring"
ENGINE_VERSION = "1.0.0"
