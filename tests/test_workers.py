"""The Playground's runs in worker processes: same results, errors raised as if local, a dead
worker replaced."""

import os
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
