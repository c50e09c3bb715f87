"""Memory a process freed, handed back to the system after work that allocates much at once
(drawing a PDF): glibc keeps freed memory for reuse, so a worker that drew one sheet would stay
that much bigger for the rest of its life."""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _trim():
    name = ctypes.util.find_library("c")
    return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None  # glibc only


def release_freed_memory() -> None:
    """Return the free parts of the heap to the system (under a millisecond)."""
    trim = _trim()
    if trim is not None:
        trim(0)
