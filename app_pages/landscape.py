"""Landscape: the loss over a slice of weight space, with the optimizer's recorded path on it."""

import streamlit as st

from playground.loss_surface import PCA, WEIGHTS
from playground.payload import run_id
from playground.ui import controls, epochs, learning, pickers, runs, session
from playground.update_numbers import entry_names, theta_names
from playground.viz.landscape_figures import landscape_figure

settings = runs.settings_to_run()
exp = runs.experiment(settings)
h = exp.trainer.history
run = run_id(settings)
epochs.fit_epoch_slider(run, h.n_epochs)  # where the player, a link or another page stopped
K = exp.n_classes  # K ≥ 3: Θ (K, d+1), its entries named by class, "w[class 2, x1]"
names = entry_names(
    theta_names(exp.poly.get_feature_names_out(), exp.trainer.fit_intercept), K, exp.trainer.fit_intercept
)

c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
c1.markdown("#### The loss landscape and the optimizer's path")
epoch = controls.epoch_slider(
    c2,
    run,
    h.n_epochs,
    "Slice weight space through the weights of this epoch; opens where the player stopped.",
)

# Degree 1 opens on the plane of the two weights (b held), higher degrees on the path's own plane
pickers.fit_landscape_pickers(names, WEIGHTS if settings.degree == 1 else PCA)
c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
kind = c1.radio(
    "Slice along",
    (PCA, WEIGHTS),
    key=session.LANDSCAPE_KIND,
    on_change=pickers.pick_landscape_kind,
    format_func={PCA: "the path's principal directions", WEIGHTS: "two weights"}.get,
    horizontal=True,
    help="The plane through this epoch's weights that holds the path best, or the plane of two weights."
    + (f" With {K} classes the weights are every class's, {len(names)} in all." if K > 2 else ""),
)
for column, key, label, where in (
    (c2, session.LANDSCAPE_FIRST, "First weight", "across"),
    (c3, session.LANDSCAPE_SECOND, "Second weight", "up"),
):
    column.selectbox(
        label,
        names,
        key=key,
        on_change=pickers.keep_landscape_weights_apart,
        args=(key, names),
        disabled=kind != WEIGHTS,
        help=f"This weight varies {where} the picture; the others keep their values of the epoch shown.",
    )
directions = pickers.landscape_directions(names, (settings.degree, K))

ls = learning.landscape_of(settings, exp, epoch, directions)
if K > 2:  # the same lesson in fewer words, and what softmax adds: its flat directions
    st.caption(
        f"Follow the path down the contours. J is softmax's cross-entropy over Θ's {len(names)} numbers, "
        "a row per class: adding one number to the same entry of every class changes no probability, "
        "so J is flat that way (the b's always; the weights too without a penalty)."
    )
else:
    st.caption(
        "Follow the path down the contours: gradient descent crosses them at right angles (a zigzag in a "
        "narrow valley), momentum overshoots and swings back, Newton takes a few long steps."
    )
st.plotly_chart(
    landscape_figure(ls, height=390),
    key="landscape",
    alt=f"Contours of the loss over a slice of weight space, the optimizer's path over them to epoch {epoch}",
)
