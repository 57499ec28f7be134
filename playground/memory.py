"""The server's memory: glibc's malloc told to give a run's large arrays back when they are freed."""

import ctypes

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)


def unmap_large_blocks_when_freed(threshold: int = 128 * 1024) -> None:
    """Have glibc's malloc map every block over `threshold` bytes on its own, and unmap it when freed.

    Streamlit runs every rerun in a new thread; glibc gives concurrent threads arenas of their own
    and, once a mapped block is freed, raises its mmap threshold to that block's size, so the arrays
    of later runs are carved from the arenas, where small live blocks pin the freed pages long after
    the visitors left. The price: a run's large arrays are faulted in afresh. Both measured:
    benchmarks/README.md, Load. Only glibc has it.
    """
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl)
        return
    mallopt(_M_MMAP_THRESHOLD, threshold)
