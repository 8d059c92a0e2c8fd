# SPDX-License-Identifier: GPL-3.0-or-later
"""No core dumps: a crash must not write the process's memory — decrypted video frames, an
applicant's record, the data key — to a file outside the encrypted data directory.

Linux: RLIMIT_CORE 0 stops ordinary core files; PR_SET_DUMPABLE 0 also stops a core_pattern
pipe (systemd-coredump ignores the rlimit) and keeps other processes of the same user from
attaching a debugger or reading /proc/<pid>/mem. Windows: Windows Error Reporting is told not
to collect this process (no dump in LocalDumps, no dialog offering to send one).

Called first thing by every entry point (ltc-assess, ltc-assess-gui, ltc-agency).
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from dataclasses import dataclass

_PR_GET_DUMPABLE, _PR_SET_DUMPABLE = 3, 4
_SEM_FAILCRITICALERRORS, _SEM_NOGPFAULTERRORBOX = 0x0001, 0x0002
_WER_FAULT_REPORTING_FLAG_DISABLE_THREAD_SUSPENSION = 0x0004
_WER_FAULT_REPORTING_NO_UI = 0x0020


@dataclass(frozen=True)
class DumpState:
    core_limit: int | None  # bytes a core file may have (0: none), None where unknown
    dumpable: bool | None  # Linux's dumpable flag, None elsewhere


def disable_core_dumps() -> DumpState:
    """Best effort on every platform; never raises (a hardening step must not stop the app)."""
    if sys.platform.startswith("linux"):
        _disable_linux()
    elif sys.platform == "win32":
        _disable_windows()
    else:
        _set_core_limit_zero()
    return dump_state()


def dump_state() -> DumpState:
    limit = None
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource

        limit = resource.getrlimit(resource.RLIMIT_CORE)[0]
    dumpable = None
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            dumpable = bool(ctypes.CDLL(None, use_errno=True).prctl(_PR_GET_DUMPABLE, 0, 0, 0, 0))
    return DumpState(limit, dumpable)


def _set_core_limit_zero() -> None:
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _disable_linux() -> None:
    _set_core_limit_zero()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)


def _disable_windows() -> None:  # pragma: no cover - exercised by the Windows CI build
    with contextlib.suppress(OSError, AttributeError):
        kernel32 = ctypes.WinDLL("kernel32")
        kernel32.SetErrorMode(_SEM_FAILCRITICALERRORS | _SEM_NOGPFAULTERRORBOX)
    with contextlib.suppress(OSError, AttributeError):
        wer = ctypes.WinDLL("wer")
        # Excluded from reporting: WER neither collects nor stores a dump of this process.
        wer.WerAddExcludedApplication(ctypes.c_wchar_p(sys.executable), False)
        kernel32 = ctypes.WinDLL("kernel32")
        kernel32.WerSetFlags(_WER_FAULT_REPORTING_NO_UI | _WER_FAULT_REPORTING_FLAG_DISABLE_THREAD_SUSPENSION)
