"""The epoch on screen: where the player opens a run, the epoch the visitor last saw or chose (in the
player, on a page's Epoch slider, in a link), which every page and the link then show."""

from dataclasses import dataclass, replace

import streamlit as st

from .own_points import drawing_rev
from .session import EPOCH_SLIDER, LANDED, LINK_EPOCH, SHOWN_EPOCH, START, START_REV


@dataclass(frozen=True)
class ShownEpoch:
    """The epoch the player last showed, the run it belongs to, and whether the visitor chose it
    (paused, stepped, scrubbed) rather than it being where the run opened."""

    run_id: str
    epoch: int
    chosen: bool = False


@dataclass(frozen=True)
class Opening:
    """Where the player opens a run: the epoch, whether a person chose it (a link), whether the run
    plays from there (`plays`: the landing run at the run's clock; a run the visitor made by changing
    a control `brisk`ly, in a few seconds), and `autoplay`: this rerun starts it (once per run)."""

    run_id: str
    epoch: int
    chosen: bool = False
    plays: bool = False
    brisk: bool = False
    autoplay: bool = False


def shown_epoch() -> ShownEpoch | None:
    """The epoch the visitor last saw in the player (the Evaluate page opens there)."""
    return st.session_state.get(SHOWN_EPOCH)


def remember_shown_epoch(run_id: str, epoch: int, chosen: bool) -> None:
    st.session_state[SHOWN_EPOCH] = ShownEpoch(run_id, int(epoch), chosen)


def epoch_shown_in(run_id: str, n_epochs: int, default: int | None = None) -> int:
    """The epoch a person chose for run `run_id` (in the player, on a page's Epoch slider, in a
    link), at most its last; else `default`, by default its last epoch (the trained model: the other
    pages open there, not on the untrained start of a landing). A link's epoch beyond the run's end
    becomes the end, so that the address says what the page shows."""
    shown = shown_epoch()
    if shown is None or not shown.chosen or shown.run_id != run_id:
        return n_epochs if default is None else default
    epoch = max(0, min(shown.epoch, n_epochs))
    if epoch != shown.epoch:
        remember_shown_epoch(run_id, epoch, chosen=True)
    return epoch


def fit_epoch_slider(run_id: str, n_epochs: int, default: int | None = None) -> None:
    """Before a page draws its Epoch slider (key EPOCH_SLIDER): it shows epoch_shown_in's epoch."""
    st.session_state[EPOCH_SLIDER] = epoch_shown_in(run_id, n_epochs, default)


def pick_epoch(run_id: str) -> None:
    """The Epoch slider's callback: the visitor's epoch is now the one every page and the link show."""
    remember_shown_epoch(run_id, int(st.session_state[EPOCH_SLIDER]), chosen=True)


def start_epoch(run_id: str, n_epochs: int) -> Opening:
    """Where the player opens run `run_id`, decided once per run: a shared link's epoch (chosen,
    paused); on landing, epoch 0, playing at the run's clock (the visitor sees what the page is
    for); a run the visitor made by changing a control plays from epoch 0 too, briskly (the change
    is seen learning; End shows the trained model at once); a run of points just drawn opens at its
    trained end, paused (the visitor is drawing)."""
    start = st.session_state.get(START)
    if start is not None and start.run_id == run_id:
        return replace(start, autoplay=False)  # a rerun of the same run does not play it again
    asked = st.session_state.pop(LINK_EPOCH, None)
    first = not st.session_state.get(LANDED)
    st.session_state[LANDED] = True
    # a drawing the browser sent since the last opening: the visitor is drawing, and sees the model of
    # their points at once (playing would take them out of draw mode)
    edited = drawing_rev() not in (0, st.session_state.get(START_REV, 0))  # 0: a link's, or none
    st.session_state[START_REV] = drawing_rev()
    if asked is not None:
        start = Opening(run_id, min(asked, n_epochs), chosen=True)
    elif edited and not first:
        start = Opening(run_id, n_epochs)
    else:
        start = Opening(run_id, 0, plays=n_epochs > 0, brisk=not first)
    st.session_state[START] = start
    return replace(start, autoplay=start.plays)
