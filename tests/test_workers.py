"""The Playground's runs in worker processes: same results, errors raised as if local, a dead
worker replaced."""

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from playground.experiment import ExperimentError
from playground.played import play
from playground.points import Points
from playground.settings import Settings
from playground.ui import workers


def pid() -> int:
    return os.getpid()


def fail() -> None:
    raise ValueError("from the worker")


def die_once(marker: str) -> int:
    """Kill this worker the first time (as the kernel's OOM killer would), answer the second time."""
    path = Path(marker)
    if not path.exists():
        path.write_text("died")
        os._exit(1)
    return os.getpid()


def test_a_run_trains_in_another_process_and_gives_the_same_result() -> None:
    assert workers.run(pid) != os.getpid()
    s = replace(Settings(), dataset="circles", degree=2)
    assert workers.run(play, s, None, None) == play(s, None, None)


def test_an_error_in_the_worker_is_raised_here() -> None:
    with pytest.raises(ValueError, match="from the worker"):
        workers.run(fail)
    # the playground's own: a visitor's points that overflow the features
    s = replace(Settings(), upload="ab", degree=6, standardize=False)
    huge = Points(*_huge_points())
    with pytest.raises(ExperimentError):
        workers.run(play, s, huge, None)


def _huge_points():
    import numpy as np

    X = np.array([[1e300, 1.0], [-1e300, 2.0], [3.0, 1e300], [4.0, -1e300]])
    return X, np.array([0, 1, 0, 1]), ("0", "1")


def test_a_dead_worker_is_replaced_and_the_run_answers(tmp_path) -> None:
    answer = workers.run(die_once, str(tmp_path / "marker"))
    assert answer != os.getpid() and (tmp_path / "marker").exists()
    assert workers.run(pid) != os.getpid()  # the new pool works


def test_one_worker_per_core_at_most_four() -> None:
    assert 1 <= workers.n_workers() <= workers.MAX_WORKERS


# A worker task that imports nothing: builtins.eval of this text (a function of this file would make
# the worker import this file, and pytest with it). What of the server's libraries the worker holds.
IMPORTED = (
    "(__import__('os').getpid(), sorted(m for m in __import__('sys').modules"
    " if m.split('.')[0] in {'streamlit', 'plotly', 'pandas', 'pyarrow'}))"
)

# The server's situation: workers started from inside a Streamlit script run, where Streamlit has
# made the app script `sys.modules["__main__"]` (multiprocessing's children re-ran it: Streamlit,
# Plotly and the pages in every worker).
SCRIPT = f"""
import streamlit as st
import plotly.graph_objects
from playground.ui import workers

st.session_state["imported"] = workers.run(eval, {IMPORTED!r})
"""


def test_workers_started_from_a_streamlit_script_import_neither_streamlit_nor_plotly() -> None:
    from streamlit.testing.v1 import AppTest

    workers.shutdown()  # fresh workers, started by the script below as the server starts them
    at = AppTest.from_string(SCRIPT).run(timeout=60)
    assert not at.exception
    worker_pid, imported = at.session_state["imported"]
    assert worker_pid != os.getpid()  # it ran in a worker, not here
    assert imported == []


def test_workers_import_neither_streamlit_nor_plotly() -> None:
    worker_pid, imported = workers.run(eval, IMPORTED)
    assert worker_pid != os.getpid() and imported == []


def test_a_worker_runs_one_blas_thread() -> None:
    """The pool has a worker per core: a second BLAS thread in each would only contend for them."""
    worker_pid, pools = workers.run(
        eval, "(__import__('os').getpid(), __import__('threadpoolctl').threadpool_info())"
    )
    assert worker_pid != os.getpid()
    blas = [pool for pool in pools if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas), pools


def _alive(worker_pid: int) -> bool:
    try:
        os.kill(worker_pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_idle_workers_retire_and_the_next_run_starts_new_ones(monkeypatch) -> None:
    workers.shutdown()
    monkeypatch.setattr(workers, "IDLE_SECONDS", 0.5)
    first = workers.run(pid)
    assert first != os.getpid() and _alive(first)
    deadline = time.monotonic() + 20
    while _alive(first) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(first), "an idle worker should have retired"
    second = workers.run(pid)
    assert second not in (first, os.getpid()) and _alive(second)


def test_runs_train_here_when_workers_cannot_start(monkeypatch) -> None:
    def no_processes(*args, **kwargs):
        raise OSError("no processes on this host")

    workers.shutdown()
    monkeypatch.setattr(workers, "ProcessPoolExecutor", no_processes)
    assert workers.run(pid) == os.getpid()
