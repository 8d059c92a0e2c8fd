# SPDX-License-Identifier: GPL-3.0-or-later
"""Keys, identities and evidence: the data key and its derived keys, accounts, signing, audit log."""
