"""The learning views' numbers, cached: each is a pure function of the run's settings, the epoch and
the view's own choices, so visitors with the same choices share the work (st.cache_data hands each
its own copy). The run itself comes from playground.ui.runs.
"""

import streamlit as st

from playground.experiment import Experiment
from playground.loss_surface import Directions, Landscape, landscape
from playground.settings import Settings
from playground.update_numbers import EpochUpdate, epoch_update


@st.cache_data(max_entries=64, show_spinner=False)
def _epoch_update(settings: Settings, epoch: int, _exp: Experiment) -> EpochUpdate:
    return epoch_update(_exp, epoch)  # the settings (an upload's fingerprint with them) fix the run


def update_of(settings: Settings, exp: Experiment, epoch: int) -> EpochUpdate:
    """The arithmetic of the step from `epoch` of the run `exp` (made from `settings`)."""
    return _epoch_update(settings, epoch, exp)


@st.cache_data(max_entries=64, show_spinner=False)
def _landscape(settings: Settings, epoch: int, directions: Directions, _exp: Experiment) -> Landscape:
    return landscape(_exp.trainer, epoch, directions, _exp.poly.get_feature_names_out())


def landscape_of(settings: Settings, exp: Experiment, epoch: int, directions: Directions) -> Landscape:
    """J over the slice through the weights of `epoch`, with the run's path."""
    return _landscape(settings, epoch, directions, exp)
