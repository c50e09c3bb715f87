"""What a process frees goes back to the system when asked, instead of staying in its heap."""
from __future__ import annotations

from pathlib import Path

from server.memory import release_freed_memory


def _resident_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))) / 1024


def test_memory_freed_after_a_large_piece_of_work_is_returned():
    chunks = [bytes([n % 256]) * 1000 for n in range(60_000)]  # ~60 MB from the C heap, as a PDF build's
    grown = _resident_mb()
    keep = chunks[-1]  # the last one allocated stays: the heap's top is in use, only the rest can go
    del chunks
    release_freed_memory()
    assert _resident_mb() < grown - 30 and keep
