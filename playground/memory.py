"""The server's memory: glibc's malloc told to give a run's large arrays back when they are freed."""

import ctypes

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)


def unmap_large_blocks_when_freed(threshold: int = 128 * 1024) -> None:
    """Have glibc's malloc map every block over `threshold` bytes on its own, and unmap it when freed.

    Streamlit runs every rerun in a new thread; glibc gives concurrent threads arenas of their own
    (16 on 2 cores) and, once a mapped block is freed, raises its mmap threshold to that block's size
    (up to 32 MB), so the arrays of later runs (a few MB each) are carved from the arenas, where small
    live blocks pin the freed pages. After 20 visitors had left, malloc held 286 MB for 58 MB in use,
    malloc_trim(0) won back 31 MB of it, and RSS stayed 240 MB over the warm baseline; with the
    threshold fixed, 37 MB (benchmarks/README.md, Load). The price: a run's large arrays are faulted
    in afresh, 5 % of a default run's CPU time, 10-40 % at thousands of points. Only glibc has it.
    """
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl)
        return
    mallopt(_M_MMAP_THRESHOLD, threshold)
