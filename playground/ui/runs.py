"""Runs, cached: a run is a pure function of its settings (and, for a visitor's own file, of its
points), so visitors with the same settings share the computation, never any mutable state:
st.cache_data hands each caller its own copy. The uploaded points themselves live in the visitor's
st.session_state only.
"""

from dataclasses import replace

import streamlit as st

from playground.advice import Advice, advise
from playground.compare import Pin
from playground.experiment import Experiment, ExperimentError, run_experiment
from playground.optimum import Optimum, find_optimum, objective_settings
from playground.payload import build_payload
from playground.points import Points
from playground.settings import Settings

from . import session


def points(settings: Settings) -> Points | None:
    """The visitor's uploaded points, when the settings say to use them."""
    own = session.upload()
    return own.points if settings.upload and own is not None else None


@st.cache_data(max_entries=32, show_spinner=False)
def _experiment(settings: Settings, points: Points | None) -> Experiment:
    return run_experiment(settings, points)


@st.cache_data(max_entries=32, show_spinner=False)
def _payload(settings: Settings, points: Points | None) -> dict:
    return build_payload(_experiment(settings, points))


def settings_to_run() -> Settings:
    """The visitor's settings, or, when their own file cannot make a run with them (its coordinates
    overflow the features, say), the same settings on generated data, with a message saying why."""
    settings = session.current_settings()
    try:
        _experiment(settings, points(settings))
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


@st.cache_data(max_entries=32, show_spinner=False)
def _advice(settings: Settings, points: Points | None) -> Advice | None:
    return advise(_experiment(settings, points), points)


def advice(settings: Settings) -> Advice | None:
    """The cause of a diverged or all-zero run and a fix that was tried first, or None."""
    return _advice(settings, points(settings))


def payload(settings: Settings) -> dict:
    """The player's data for these settings (view options are added by the page)."""
    return _payload(settings, points(settings))


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
