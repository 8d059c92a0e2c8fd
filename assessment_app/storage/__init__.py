# SPDX-License-Identifier: GPL-3.0-or-later
"""Encrypted local storage: SQLCipher database, encrypted attachment files, backups.

Import the modules directly (`assessment_app.storage.database`, `.repositories`, ...); this
package file stays empty so that light modules (paths) import nothing heavy.
"""
