"""Runs, cached: a run is a pure function of its settings (and, for a visitor's own file, of its
points), so visitors with the same settings share the computation, never any mutable state:
st.cache_data hands each caller its own copy. The uploaded points themselves live in the visitor's
st.session_state only.

The playground caches only the player's payload; the Experiment (data, feature map and the Trainer
with its feature matrices: up to 2.3 MB pickled, against 0.8 MB for the payload) is cached only
for the pages that read it (Evaluate, The maths), which compute it on their first visit.
"""

import streamlit as st

from playground.experiment import Experiment, Points, run_experiment
from playground.payload import build_payload
from playground.settings import Settings

UPLOAD_POINTS = "upload_points"  # session key: (X, y, class names) of the visitor's file


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
