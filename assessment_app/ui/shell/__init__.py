# SPDX-License-Identifier: GPL-3.0-or-later
"""The application's frame: start-up, main window, sign-in and lock, language, theme, demo mode, feedback."""
