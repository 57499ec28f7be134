"""Runs, cached: a run is a pure function of its settings (and, for a visitor's own file, of its
points), so visitors with the same settings share the computation, never any mutable state:
st.cache_data hands each caller its own copy. The uploaded points themselves live in the visitor's
st.session_state only.

The Playground caches only what it shows of a run (`Played`: the player's data as JSON text and the
advice), not the run, whose feature matrices held the server's memory up after visitors left
(benchmarks/README.md, Load). The pages that read the run itself (Evaluate, Compare, Update, Landscape,
The maths) cache it on their first visit. Every run, and every J*, is computed in a worker process
(`workers.py`).
"""

from dataclasses import replace

import streamlit as st

from playground.comparison import Pin
from playground.drawing import Drawing
from playground.experiment import Experiment, ExperimentError, run_experiment
from playground.memory import unmap_large_blocks_when_freed
from playground.one_vs_rest import OneVsRest, train_one_vs_rest
from playground.optimum import Optimum, find_optimum, objective_settings
from playground.played import Played, play
from playground.points import Points
from playground.settings import Settings

from . import own_points, session, workers

unmap_large_blocks_when_freed()  # in the server; the workers call it when they start


def points(settings: Settings) -> Points | None:
    """The visitor's uploaded points, when the settings say to use them."""
    own = own_points.upload()
    return own.points if settings.upload and own is not None else None


@st.cache_data(max_entries=32, show_spinner=False)
def _experiment(settings: Settings, points: Points | None) -> Experiment:
    # in a worker, as the Playground's runs: one BLAS thread there, where the server's NumPy runs two
    # that fight its other threads (Compare's five runs at 6 classes, degree 6: 11.5 s wall in the
    # server at load 12, 2.5 s with one thread); a run pickles back in 1-3 ms
    return workers.run(run_experiment, settings, points)


@st.cache_data(max_entries=32, show_spinner=False)
def _played(settings: Settings, points: Points | None, drawing: Drawing | None) -> Played:
    return workers.run(play, settings, points, drawing)


def played(settings: Settings) -> Played:
    """The Playground's view of the run of these settings (on the visitor's drawing, in its frame)."""
    return _played(settings, points(settings), own_points.drawing_in_use(settings))


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
    return workers.run(find_optimum, _exp.trainer.objective)  # Newton on the objective: a worker's work


def optimum(pin: Pin, exp: Experiment) -> Optimum:
    """J* of the objective of the pin's run `exp`: computed once for every run that shares the
    objective (runs that differ only in optimizer, learning rate, epochs or batch size)."""
    points = pin.points if pin.settings.upload else None
    return _optimum(objective_settings(pin.settings), points, exp)


@st.cache_data(max_entries=16, show_spinner=False)
def _one_vs_rest(settings: Settings, points: Points | None, _exp: Experiment) -> OneVsRest:
    return workers.run(train_one_vs_rest, _exp)


def one_vs_rest(settings: Settings) -> OneVsRest:
    """The K binary models (class k against the rest) of the run of these settings, trained once for
    every visitor with the same settings and points."""
    return _one_vs_rest(settings, points(settings), experiment(settings))
