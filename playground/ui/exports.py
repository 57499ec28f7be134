"""The downloads: the model at the shown epoch (JSON that lr loads), the history (CSV), the Python
that reproduces the run, and the run as one HTML page that plays offline. Each file is made when
its button is clicked, not on every rerun."""

from functools import partial

import streamlit as st

from playground import export, offline
from playground.experiment import Experiment

from . import session


def export_buttons(exp: Experiment, epoch: int) -> None:
    """Four download buttons in the current container."""
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
    own = session.upload()
    st.download_button(
        "Offline player (HTML)",
        partial(
            offline.offline_html,
            exp,
            epoch=epoch,
            discretize=session.view_toggle(session.DISCRETIZE),
            log_scale=session.view_toggle(session.LOG_SCALE),
            file_name=own.name if exp.settings.upload and own is not None else None,
        ),
        file_name="playground-run.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
        help="This run as one web page that plays in any browser, offline and without a server: the "
        "boundary, the loss curves, Play, Pause and the scrubber (about 5 MB: Plotly.js is inside).",
    )
