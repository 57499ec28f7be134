"""The downloads: the model at the shown epoch (JSON that lr loads), the history (CSV), the Python
that reproduces the run, and the run as one HTML page that plays offline. Each file is made when
its button is clicked, not on every rerun.

A button's maker holds the run's settings (and the visitor's points), not the finished run: Streamlit
keeps every session's makers until the session ends, after its tab closed, and runs held so kept the
server's memory up (benchmarks/README.md, Load). A click runs the experiment again (a run is a pure
function of its settings; ≤ 300 ms by the caps).

The model and the offline player are of one epoch: the one on screen. Each says which in its label
and carries it in its key (the class `st-key-lrp-epoch-N-…` on its element, sent with its file's
maker in one message), so the player (player_keys.js) lets a click through only when N is the epoch it
shows: a click that would save another epoch pauses the player instead, and the next rerun offers
the epoch on screen. While the run plays the page does not know the epoch on screen (the player
does not report frames): the two buttons wait, disabled, and say so.
"""

from collections.abc import Callable
from functools import partial

import streamlit as st

from playground import export, offline
from playground.experiment import Experiment, run_experiment
from playground.points import Points
from playground.settings import Settings

from . import own_points, session

# every download: made on the click, which does not rerun the page
_DOWNLOAD = dict(on_click="ignore", icon=":material/download:")


def _of_run(make: Callable[..., str], settings: Settings, points: Points | None, *args, **kwargs) -> str:
    """make(the run of these settings, *args, **kwargs), the run made now."""
    exp: Experiment = run_experiment(settings, points)
    return make(exp, *args, **kwargs)


PAUSE = "Playing: pause (a click here pauses) to save the epoch on screen."


def epoch_key(epoch: int, what: str) -> str:
    """The key of a download of one epoch (player_keys.js reads the epoch back from its element's class)."""
    return f"lrp-epoch-{int(epoch)}-{what}"


def export_buttons(settings: Settings, points: Points | None, epoch: int, playing: bool = False) -> None:
    """Four download buttons in the current container, for the run of these settings and points; the
    model and the offline player at `epoch`, the epoch on screen, or waiting while the run plays."""

    def button(label: str, make: Callable[[], str], file_name: str, mime: str, help: str, **more) -> None:
        st.download_button(label, make, file_name=file_name, mime=mime, help=help, **_DOWNLOAD, **more)

    def at_epoch(label: str, what: str, help: str) -> dict:
        """A download of the epoch on screen: its label and help say which, or to pause first."""
        return {
            "label": f"{label}: pause to save" if playing else label.replace(" (", f" at epoch {epoch} (", 1),
            "help": PAUSE if playing else help,
            "key": epoch_key(epoch, what),
            "disabled": playing,
        }

    def run(make: Callable[..., str], *args, **kwargs) -> Callable[[], str]:
        return partial(_of_run, make, settings, points, *args, **kwargs)

    k = own_points.classes_in_use(settings)  # K: a file or a drawing has its own

    button(
        make=run(export.model_json, epoch),
        file_name=f"model-epoch-{epoch}.json",
        mime="application/json",
        **at_epoch(
            "Model (JSON)",
            "model",
            f"The model at epoch {epoch}: weights by feature name"
            + ("" if k == 2 else f" (a row for each of the {k} classes)")
            + ", feature map, classes (lr.Pipeline.load).",
        ),
    )
    button(
        "History (CSV)",
        run(export.history_csv),
        "history.csv",
        "text/csv",
        "One row per epoch: losses, accuracies, gradient norm and every weight"
        + ("." if k == 2 else f": each of the {k} classes' own, b[class] and w[class, feature]."),
    )
    button(
        "Python script",
        run(export.snippet),
        "reproduce_run.py",
        "text/x-python",
        "A short script that reproduces this run with lr alone.",
    )
    own = own_points.upload()
    button(
        make=run(
            offline.offline_html,
            epoch=epoch,
            discretize=session.view_toggle(session.DISCRETIZE),
            log_scale=session.view_toggle(session.LOG_SCALE),
            file_name=own.name if settings.upload and own is not None else None,
        ),
        file_name="playground-run.html",
        mime="text/html",
        **at_epoch(
            "Offline player (HTML)",
            "offline",
            f"This run as one web page that opens at epoch {epoch} and plays in any browser, offline and "
            "without a server: "
            + ("the boundary" if k == 2 else f"the {k} classes' regions and boundaries")
            + ", the loss curves, Play, Pause and the scrubber (about 1.5 MB: Plotly.js is inside).",
        ),
    )
