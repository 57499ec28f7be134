"""Runs, cached: a run is a pure function of its settings (and, for a visitor's own file, of its
points), so visitors with the same settings share the computation, never any mutable state:
st.cache_data hands each caller its own copy. The uploaded points themselves live in the visitor's
st.session_state only.

The Playground caches only what it shows of a run (`Played`: the player's data as JSON text and the
advice), not the run: a run with its feature matrices is up to 2.3 MB pickled, pickled again on
every change, and 32 of them held the server's memory up after visitors left
(benchmarks/README.md). The pages that read the run itself (Evaluate, Compare, Update, Landscape,
The maths) cache it on their first visit.
"""

import ctypes
import multiprocessing as mp
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import streamlit as st

from playground.compare import Pin
from playground.drawing import Drawing
from playground.experiment import Experiment, ExperimentError, run_experiment
from playground.optimum import Optimum, find_optimum, objective_settings
from playground.played import Played, play
from playground.points import Points
from playground.settings import Settings

from . import session

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)


def _unmap_large_blocks_when_freed(threshold: int = 128 * 1024) -> None:
    """Have glibc's malloc map every block over `threshold` bytes on its own, and unmap it when freed.

    Streamlit runs every rerun in a new thread; glibc gives concurrent threads arenas of their own
    (16 on 2 cores) and, once a mapped block is freed, raises its mmap threshold to that block's size
    (up to 32 MB), so the arrays of later runs (a few MB each) are carved from the arenas, where small
    live blocks pin the freed pages. After 20 visitors had left, malloc held 286 MB for 58 MB in use,
    malloc_trim(0) won back 31 MB of it, and RSS stayed 240 MB over the warm baseline; with the
    threshold fixed, 37 MB (benchmarks/results_load.md). The price: a run's large arrays are faulted
    in afresh, 5 % of a default run's CPU time, 10-40 % at thousands of points. Only glibc has it.
    """
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl)
        return
    mallopt(_M_MMAP_THRESHOLD, threshold)


_unmap_large_blocks_when_freed()


def points(settings: Settings) -> Points | None:
    """The visitor's uploaded points, when the settings say to use them."""
    own = session.upload()
    return own.points if settings.upload and own is not None else None


@st.cache_data(max_entries=32, show_spinner=False)
def _experiment(settings: Settings, points: Points | None) -> Experiment:
    return run_experiment(settings, points)


# Runs train in worker processes: 20 visitors' reruns share one GIL in the server process, and
# the training (half a change's CPU) then queues behind every session's Streamlit work.
_POOL: ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ProcessPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            context = mp.get_context("forkserver")
            _POOL = ProcessPoolExecutor(max_workers=os.cpu_count() or 2, mp_context=context)
        return _POOL


@st.cache_data(max_entries=32, show_spinner=False)
def _played(settings: Settings, points: Points | None, drawing: Drawing | None) -> Played:
    return _pool().submit(play, settings, points, drawing).result()


def played(settings: Settings) -> Played:
    """The Playground's view of the run of these settings (on the visitor's drawing, in its frame)."""
    return _played(settings, points(settings), session.drawing_in_use(settings))


def settings_to_run(player: bool = False) -> Settings:
    """The visitor's settings, or, when their own file cannot make a run with them (its coordinates
    overflow the features, say), the same settings on generated data, with a message saying why.
    `player`: the page shows the run in the player (what it caches is `played`, not the run)."""
    settings = session.current_settings()
    try:
        played(settings) if player else experiment(settings)
    except ExperimentError as e:
        st.error(
            f"Your file cannot be used with these settings: {e}. Meanwhile the page shows generated data.",
            icon=":material/error:",
        )
        return replace(settings, upload="")
    return settings


def experiment(settings: Settings) -> Experiment:
    """The finished run for these settings."""
    return _experiment(settings, points(settings))


def pinned(pin: Pin) -> Experiment:
    """The finished run of a pin (on the pin's own points when it ran on a visitor's file)."""
    return _experiment(pin.settings, pin.points if pin.settings.upload else None)


@st.cache_data(max_entries=32, show_spinner=False)
def _optimum(objective: Settings, points: Points | None, _exp: Experiment) -> Optimum:
    return find_optimum(_exp.trainer.objective)


def optimum(pin: Pin, exp: Experiment) -> Optimum:
    """J* of the objective of the pin's run `exp`: computed once for every run that shares the
    objective (runs that differ only in optimizer, learning rate, epochs or batch size)."""
    points = pin.points if pin.settings.upload else None
    return _optimum(objective_settings(pin.settings), points, exp)
