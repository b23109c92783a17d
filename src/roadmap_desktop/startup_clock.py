"""Milliseconds since this process started, for honest first-frame timings."""

from __future__ import annotations

import os
import time

_IMPORTED_AT = time.perf_counter()


def _linux_process_age_s() -> float | None:
    try:
        with open(f"/proc/{os.getpid()}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat: starttime, in clock ticks since boot
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


_OFFSET_S = _linux_process_age_s() or 0.0  # time before this module was imported


def since_start_ms() -> float:
    """Milliseconds since the process started (since this module's import where unknown)."""
    return (_OFFSET_S + time.perf_counter() - _IMPORTED_AT) * 1000
