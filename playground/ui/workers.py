"""The Playground's runs, trained in worker processes.

Streamlit reruns every session's script in a thread of the one server process, so every session
shares one GIL: trained in a pool of worker processes, one per core, the runs use the cores in
parallel and the server process keeps only Streamlit's part (the latencies under load, with and
without: benchmarks/README.md, Load). A run is a pure function of plain data (settings, points), so
a worker shares nothing with any visitor; what it returns is plain data too.

Workers are forked by a fork server (a clean, single-threaded parent: forking the server itself
would copy its threads' locks) that has imported playground/worker.py: NumPy, lr and the domain,
never Streamlit nor Plotly, nor the app script. Workers idle for IDLE_SECONDS retire, so the server's
memory goes back to its warm baseline after the visitors leave; the next run forks new, warm ones,
a short wait once (both measured: benchmarks/README.md, Load). A worker that dies (killed for memory,
say) breaks the pool: it is replaced and the run tried once more; if the platform cannot run workers
at all, runs train in the calling thread.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from playground.played import start_worker

MAX_WORKERS = 4  # more than the cores a small host grants would only queue in the kernel instead
# Workers idle this long retire (their working set goes back to the system) and the next run starts
# new ones, forked from the fork server with NumPy and the playground already imported. 0: never.
IDLE_SECONDS = float(os.environ.get("PLAYGROUND_WORKERS_IDLE_SECONDS", "30"))
_LOG = logging.getLogger(__name__)
_LOCK = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_in_flight = 0  # runs submitted to _pool and not yet answered
_last_answer = 0.0  # time.monotonic() of the last answer (or of the pool's start)
T = TypeVar("T")


def n_workers() -> int:
    """One worker per core this process may run on, at most MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def _context() -> mp.context.BaseContext:
    """The fork server where there is one: it imports playground.worker (NumPy, lr, the domain) once,
    and that module keeps the app script from being re-run in the workers (its docstring says why)."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")  # macOS, Windows: each worker re-runs the main script (as spawn does)
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["playground.worker"])
    return ctx


def _pool_or_none(replace: ProcessPoolExecutor | None = None) -> ProcessPoolExecutor | None:
    """The shared pool (made on first use); `replace`: a broken pool to swap for a new one."""
    global _pool, _last_answer
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
            _last_answer = time.monotonic()
            if IDLE_SECONDS > 0:
                threading.Thread(target=_retire_when_idle, args=(_pool,), daemon=True).start()
        return _pool


def _retire_when_idle(pool: ProcessPoolExecutor) -> None:
    """Shut `pool` down once no run has used it for IDLE_SECONDS (a thread per pool, ends with it)."""
    global _pool
    while True:
        with _LOCK:
            if _pool is not pool:  # replaced (a worker died) or shut down
                return
            wait = _last_answer + IDLE_SECONDS - time.monotonic()
            if _in_flight == 0 and wait <= 0:
                _pool = None
                break
        time.sleep(max(wait, 0.1 * IDLE_SECONDS))
    _LOG.info("workers idle for %g s: retired until the next run", IDLE_SECONDS)
    pool.shutdown(wait=True)


def shutdown() -> None:
    """Stop the workers (they finish the runs they have); the next run starts new ones."""
    global _pool
    with _LOCK:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True)


def _submit(fn: Callable[..., T], *args: object) -> tuple[ProcessPoolExecutor | None, Future[T] | None]:
    """(the pool, fn(*args) submitted to it), counted in flight until _answered(); (None, None): no pool."""
    global _in_flight
    pool = _pool_or_none()
    with _LOCK:
        if pool is None or _pool is not pool:  # no workers, or retired since: the caller tries again
            return pool, None
        _in_flight += 1
    try:
        return pool, pool.submit(fn, *args)
    except BaseException:
        _answered()
        raise


def _answered() -> None:
    global _in_flight, _last_answer
    with _LOCK:
        _in_flight -= 1
        _last_answer = time.monotonic()


def run(fn: Callable[..., T], *args: object) -> T:
    """fn(*args) in a worker process (fn and args are pickled: module-level functions, plain data).

    An exception fn raises is raised here, as if it ran in this thread."""
    attempt = 0
    while attempt < 2:
        pool, future = _submit(fn, *args)
        if pool is None:
            return fn(*args)
        if future is None:
            continue  # the pool retired between lookup and submit: take the new one
        try:
            return future.result()
        except BrokenProcessPool:
            attempt += 1
            _LOG.warning("a worker process died; the pool is replaced (attempt %d)", attempt)
            _pool_or_none(replace=pool)
        finally:
            _answered()
    return fn(*args)  # two pools broke on this run: train it here
