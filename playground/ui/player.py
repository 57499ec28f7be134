"""Client-side player for a recorded training run (Streamlit Custom Component v2).

Why playback happens in the browser: every Streamlit widget interaction reruns the
whole script, so animating training by rerunning once per epoch would flicker,
show "Running…" and crawl at a few frames per second. Instead the server trains
once, records every epoch's weights, and ships the whole run to this component
(`run`, see playground/payload.py). The browser replays it with
requestAnimationFrame: each frame is a few matrix-vector products (the features of
the field grid and of the points are precomputed once per ``run_id``), a 100x100 PNG
and two small SVGs, shown as layout images of two persistent Plotly.js figures (the
decision boundary, loss and accuracy), their sources set on the figures directly, so playback
never reruns the script and zoom, pan, hover, legend and the modebar are Plotly's own.

The component reports what it shows (``result.shown``: the run_id, the epoch and
whether it plays, in one value) only when the visitor pauses, steps, scrubs (on
release), resets, clicks the loss chart, or playback reaches the end, and once when
playback starts (unless the page already said it would play); each report is one
ordinary rerun, none per frame. For a new ``run_id`` the browser starts at
``view["start_epoch"]``, while the same ``run_id`` keeps the visitor's epoch and
play state across reruns. A report names its run, so one about another run (the
browser's state outlives a run) is not taken for this one; ``reported`` reads it,
and whatever the browser sent (a forged message too) the page gets an epoch of the
run or ``None``.

Plotly.js itself is the player's build with only the traces it draws, served as a static file
(playground/ui/plotly_js.py); the component's module only holds the player.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from playground.payload import Packed
from playground.player_files import player_files

from . import plotly_js
from .session import PLOTLY_JS_ASKED as _ASKED
from .session import PLOTLY_JS_SENT as _SENT


def _send_plotly() -> None:
    st.session_state[_ASKED] = True  # the browser's trigger: send the text on this rerun


_FILES = player_files()
_PLAYER = st.components.v2.component(
    "lr_player",
    html=_FILES.html,
    css=_FILES.css,
    js=_FILES.js,
)


def plotly_spec() -> dict:
    """Where the browser finds Plotly.js: the static file's URL or, when the server cannot serve
    it or the browser could not load it, its text, sent once per session (1.3 MB)."""
    url = plotly_js.static_url()
    asked = st.session_state.pop(_ASKED, False)
    if not asked and (url is not None or st.session_state.get(_SENT)):
        return {"url": url}
    st.session_state[_SENT] = True
    return {"url": url, "source": plotly_js.source()}


@dataclass(frozen=True)
class Report:
    """What the player shows: the epoch where it stood still last (None: no report for this run),
    and whether it is playing (then the screen is already past that epoch)."""

    epoch: int | None
    playing: bool


def epoch_in_run(value: object, n_epochs: int) -> int | None:
    """A reported epoch as an epoch of the run: a whole number clamped to [0, n_epochs]; anything
    else the browser could send (text, a list, a bool, NaN, ±Infinity, 2.5) is ignored (None)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        return None
    return min(max(int(value), 0), int(n_epochs))


def _shown(state: object) -> dict | None:
    """The player's last report in its state (``{"shown": {...}}``), if it is one."""
    shown = state.get("shown") if isinstance(state, dict) else None
    return shown if isinstance(shown, dict) else None


def drawing_tools_open(key: str = "player") -> bool:
    """Whether the visitor has the player's drawing tools open, as its last report says (``"drawing"``
    in its state; anything but true is no)."""
    shown = _shown(st.session_state.get(key))
    return shown is not None and shown.get("drawing") is True


def reported(state: object, run_id: str, n_epochs: int, plays: bool) -> Report:
    """The player's state (``{"shown": {"run_id", "epoch", "playing"}}``) read for run `run_id`: a
    report about another run, or none, leaves the opening's word (`plays`: it opened playing)."""
    shown = _shown(state)
    if shown is None or shown.get("run_id") != run_id:
        return Report(None, plays)
    return Report(epoch_in_run(shown.get("epoch"), n_epochs), shown.get("playing") is True)


def player(
    run: Packed,
    view: dict,
    *,
    key: str = "player",
    height: int = 520,
    on_drawing: Callable[[object], None] | None = None,
) -> Report:
    """Mount the run player and return what it shows (``reported``).

    ``run`` is the recorded run, packed (playground/payload.py: run_id, n_epochs, points,
    bounds, features, base64 float32 or float64 weights/bias, the playback timeline, per-epoch
    metrics, status, palette); ``view`` holds what the page sets over it (start_epoch, autoplay,
    discretize, log_scale, present, drawing, brisk).
    ``height`` is the player's height in pixels where its two charts sit side by side; 500-600
    fits a 1280x720 screen under a page header. Narrower than 760 px (a phone), the charts stack
    and the player takes the height it needs: the component is mounted with ``height="content"``
    and the browser sets the height (player.css, player.js), since only it knows the width.
    ``on_drawing`` receives the points the visitor drew (the browser sends them 400 ms after the
    last click, as one trigger: one rerun), before the page script runs.
    """
    # What the page believes the player does, sent back so that the browser corrects it (one
    # report) when it does otherwise: no autoplay under reduced motion, say.
    now = reported(st.session_state.get(key), run.run_id, run.n_epochs, bool(view.get("plays")))
    _PLAYER(
        # The run as its JSON text, made once per run (Packed says why), and two keys at the top:
        # Streamlit checks each top-level value for a dataframe, 6-20 ms a rerun on the payload's
        # dozens of keys.
        data={
            "run": run.json,
            "view": {**view, "playing": now.playing, "plotly": plotly_spec(), "height": int(height)},
        },
        key=key,
        height="content",
        on_shown_change=lambda: None,  # declares the state key
        on_plotly_needed_change=_send_plotly,
        on_drawing_change=lambda: _drawn(key, on_drawing),
    )
    return now


def _drawn(key: str, on_drawing: Callable[[object], None] | None) -> None:
    """The drawing trigger's callback: hand the browser's report (plain JSON data) on."""
    state = st.session_state.get(key) or {}
    report = state.get("drawing")
    if report is not None and on_drawing is not None:
        on_drawing(report)
