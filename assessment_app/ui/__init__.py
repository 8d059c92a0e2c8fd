# SPDX-License-Identifier: GPL-3.0-or-later
"""Qt widgets of the workstation: thin views that forward clicks to `assessment_app.services`
and show what comes back. No scoring rule, sum or threshold lives here."""
