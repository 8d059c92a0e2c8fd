# SPDX-License-Identifier: GPL-3.0-or-later
"""The upload to the agency server: the case page's 上传 and status line, the upload queue dialog."""
