"""Runs, cached: a run is a pure function of its settings (and, for a visitor's own file, of its
points), so visitors with the same settings share the computation, never any mutable state:
st.cache_data hands each caller its own copy. The uploaded points themselves live in the visitor's
st.session_state only.

The playground caches only the player's payload; the Experiment (data, feature map and the Trainer
with its feature matrices: up to 2.3 MB pickled, against 0.8 MB for the payload) is cached only
for the pages that read it (Evaluate, The maths), which compute it on their first visit.
"""

import ctypes

import streamlit as st

from playground.experiment import Experiment, Points, run_experiment
from playground.payload import build_payload
from playground.settings import Settings

UPLOAD_POINTS = "upload_points"  # session key: (X, y, class names) of the visitor's file
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
    return st.session_state.get(UPLOAD_POINTS) if settings.upload else None


@st.cache_data(max_entries=32, show_spinner=False)
def _experiment(settings: Settings, points: Points | None) -> Experiment:
    return run_experiment(settings, points)


@st.cache_data(max_entries=32, show_spinner=False)
def _payload(settings: Settings, points: Points | None) -> dict:
    return build_payload(run_experiment(settings, points))


def experiment(settings: Settings) -> Experiment:
    """The finished run for these settings."""
    return _experiment(settings, points(settings))


def payload(settings: Settings) -> dict:
    """The player's data for these settings (view options are added by the page)."""
    return _payload(settings, points(settings))
