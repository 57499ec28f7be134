"""The downloads: the model at the shown epoch (JSON that lr loads), the history (CSV), the Python
that reproduces the run, and the run as one HTML page that plays offline. Each file is made when
its button is clicked, not on every rerun.

A button's maker holds the run's settings (and the visitor's points), not the finished run: Streamlit
keeps every session's makers until the session ends, two minutes after its tab closed, and a run's
arrays (up to a few MB) held by 20 closed sessions kept the server's memory up. A click runs the
experiment again (a run is a pure function of its settings; ≤ 300 ms by the caps).
"""

from collections.abc import Callable
from functools import partial

import streamlit as st

from playground import export, offline
from playground.experiment import Experiment, run_experiment
from playground.points import Points
from playground.settings import Settings

from . import session

# every download: made on the click, which does not rerun the page
_DOWNLOAD = dict(on_click="ignore", icon=":material/download:")


def _of_run(make: Callable[..., str], settings: Settings, points: Points | None, *args, **kwargs) -> str:
    """make(the run of these settings, *args, **kwargs), the run made now."""
    exp: Experiment = run_experiment(settings, points)
    return make(exp, *args, **kwargs)


def export_buttons(settings: Settings, points: Points | None, epoch: int) -> None:
    """Four download buttons in the current container, for the run of these settings and points."""

    def button(label: str, make: Callable[[], str], file_name: str, mime: str, help: str) -> None:
        st.download_button(label, make, file_name=file_name, mime=mime, help=help, **_DOWNLOAD)

    def run(make: Callable[..., str], *args, **kwargs) -> Callable[[], str]:
        return partial(_of_run, make, settings, points, *args, **kwargs)

    button(
        "Model (JSON)",
        run(export.model_json, epoch),
        f"model-epoch-{epoch}.json",
        "application/json",
        f"The model at epoch {epoch}: weights by feature name, feature map, classes (lr.Pipeline.load).",
    )
    button(
        "History (CSV)",
        run(export.history_csv),
        "history.csv",
        "text/csv",
        "One row per epoch: losses, accuracies, gradient norm and every weight.",
    )
    button(
        "Python script",
        run(export.snippet),
        "reproduce_run.py",
        "text/x-python",
        "A short script that reproduces this run with lr alone.",
    )
    own = session.upload()
    button(
        "Offline player (HTML)",
        run(
            offline.offline_html,
            epoch=epoch,
            discretize=session.view_toggle(session.DISCRETIZE),
            log_scale=session.view_toggle(session.LOG_SCALE),
            file_name=own.name if settings.upload and own is not None else None,
        ),
        "playground-run.html",
        "text/html",
        "This run as one web page that plays in any browser, offline and without a server: the "
        "boundary, the loss curves, Play, Pause and the scrubber (about 1.5 MB: Plotly.js is inside).",
    )
