"""Runs, cached: a run is a pure function of its settings, so visitors with the same settings
share the computation (never any mutable state: st.cache_data hands each caller its own copy).
"""

import streamlit as st

from lr.experiment import Experiment, Settings, run_experiment

from .payload import build_payload


@st.cache_data(max_entries=32, show_spinner=False)
def experiment(settings: Settings) -> Experiment:
    """The finished run for these settings."""
    return run_experiment(settings)


@st.cache_data(max_entries=32, show_spinner=False)
def payload(settings: Settings) -> dict:
    """The player's data for these settings (view options are added by the page)."""
    return build_payload(experiment(settings))
