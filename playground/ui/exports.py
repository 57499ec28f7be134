"""The downloads: the model at the shown epoch (JSON that lr loads), the history (CSV), the Python
that reproduces the run. Each file is made when its button is clicked, not on every rerun."""

from functools import partial

import streamlit as st

from playground import export
from playground.experiment import Experiment


def export_buttons(exp: Experiment, epoch: int) -> None:
    """Three download buttons in the current container."""
    st.download_button(
        "Model (JSON)",
        partial(export.model_json, exp, epoch),
        file_name=f"model-epoch-{epoch}.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/download:",
        help=f"The model at epoch {epoch}: weights by feature name, feature map, classes (lr.Pipeline.load).",
    )
    st.download_button(
        "History (CSV)",
        partial(export.history_csv, exp),
        file_name="history.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        help="One row per epoch: losses, accuracies, gradient norm and every weight.",
    )
    st.download_button(
        "Python script",
        partial(export.snippet, exp),
        file_name="reproduce_run.py",
        mime="text/x-python",
        on_click="ignore",
        icon=":material/download:",
        help="A short script that reproduces this run with lr alone.",
    )
