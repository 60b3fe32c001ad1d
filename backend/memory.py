"""Process memory: resident size now and at peak, and giving freed memory back to the OS.

glibc keeps freed heap pages of every thread's arena mapped, so after a large job the resident
size stays near its peak although Python freed everything; ``trim`` asks glibc to return them
(malloc_trim). Elsewhere it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _libc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        return libc
    except (OSError, AttributeError):  # musl has no malloc_trim
        return None


def trim() -> None:
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def rss_bytes() -> int | None:
    """Resident set size now (Linux: /proc/self/statm), or None where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def peak_rss_bytes() -> int | None:
    """Largest resident set size so far, or None where unknown."""
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024
