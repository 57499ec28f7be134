"""The Playground's runs, trained in worker processes.

Streamlit reruns every session's script in a thread of the one server process, so every session
shares one GIL: with 20 visitors each changing a control every second, training (half of a change's
CPU) queued behind every other session's Streamlit work, and p95 from control to new result was
1.3-1.6 s on 2 cores. Trained in a pool of worker processes, one per core, the runs use the cores
in parallel and the server process keeps only Streamlit's part: p95 0.19-0.24 s in the same
benchmark (benchmarks/README.md, Load). The price: each worker's working set, about 90 MB. A run
is a pure function of plain data (settings, points), so a worker shares nothing with any visitor;
what it returns is plain data too.

Workers start through a fork server (a clean, single-threaded parent: forking the server itself
would copy its threads' locks), import NumPy and the playground once, and live as long as the
server. A worker that dies (killed for memory, say) breaks the pool: it is replaced and the run
tried once more; if the platform cannot run workers at all, runs train in the calling thread.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from playground.played import start_worker

MAX_WORKERS = 4  # more than the cores a small host grants would only queue in the kernel instead
_LOG = logging.getLogger(__name__)
_LOCK = threading.Lock()
_pool: ProcessPoolExecutor | None = None
T = TypeVar("T")


def n_workers() -> int:
    """One worker per core this process may run on, at most MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def _context() -> mp.context.BaseContext:
    methods = mp.get_all_start_methods()
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def _pool_or_none(replace: ProcessPoolExecutor | None = None) -> ProcessPoolExecutor | None:
    """The shared pool (made on first use); `replace`: a broken pool to swap for a new one."""
    global _pool
    with _LOCK:
        if replace is not None and _pool is replace:
            _pool = None
            replace.shutdown(wait=False, cancel_futures=True)
        if _pool is None:
            try:
                _pool = ProcessPoolExecutor(
                    max_workers=n_workers(), mp_context=_context(), initializer=start_worker
                )
            except (OSError, ValueError, NotImplementedError) as e:
                _LOG.warning("runs train in the server process: no worker processes (%s)", e)
                return None
        return _pool


def run(fn: Callable[..., T], *args: object) -> T:
    """fn(*args) in a worker process (fn and args are pickled: module-level functions, plain data).

    An exception fn raises is raised here, as if it ran in this thread."""
    for attempt in (1, 2):
        pool = _pool_or_none()
        if pool is None:
            return fn(*args)
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool:
            _LOG.warning("a worker process died; the pool is replaced (attempt %d)", attempt)
            _pool_or_none(replace=pool)
    return fn(*args)  # two pools broke on this run: train it here
