"""Compare: pinned runs side by side — their losses, their distance to the optimum, their boundaries."""

import streamlit as st

from lr.optimizers import OPTIMIZERS
from lr.stopping import DIVERGED
from playground import comparison
from playground.grid import logits_on_grid, points_view
from playground.palette import SERIES_COLORS
from playground.payload import run_id
from playground.settings import listed
from playground.ui import epochs, pins, runs, session
from playground.ui.text import verbatim
from playground.viz.compare_figures import boundaries_figure, distance_figure, loss_figure

settings = runs.settings_to_run()
current = pins.pin_of(settings)
pinned = pins.pinned()
shown = list(pinned)
current_index = next((i for i, p in enumerate(pinned) if p.settings == settings), None)
if current_index is None:  # the current run is drawn too, in the colour it would get when pinned
    shown.append(current)
    current_index = len(shown) - 1
experiments = [runs.pinned(p) for p in shown]
labels = comparison.labels([p.settings for p in shown])
colors = [SERIES_COLORS[i % len(SERIES_COLORS)] for i in range(len(shown))]
curves = [
    comparison.curves(exp, runs.optimum(pin, exp), label)
    for pin, exp, label in zip(shown, experiments, labels, strict=True)
]

c1, c2, c3, c4, c5 = st.columns([2.2, 1.3, 1.3, 1.4, 0.9], vertical_alignment="bottom")
c1.markdown("#### Compare runs")
pins.pin_button(settings, c2)
every = comparison.optimizer_comparison(settings)
pins.comparison_button(
    "Every optimizer",
    every,
    f"Pin {listed([OPTIMIZERS[s.optimizer].label for s in every.runs])} on the current data, objective "
    "and learning rate (replaces the pins).",
    c3,
)
pins.comparison_button(
    "Three learning rates",
    comparison.learning_rate_comparison(settings),
    "Pin η/10, η and 10η on the current settings (replaces the pins).",
    c4,
)
pins.clear_button(c5)

if pinned:
    row = st.container(horizontal=True, vertical_alignment="center")
    for i, label in enumerate(labels[: len(pinned)]):
        pins.unpin_button(i, label, row)
notes = []
if len(shown) > len(pinned):
    notes.append(
        f"Run {len(shown)} is the current run, not pinned."
        if pinned
        else "Pin this run, change the settings and pin again to compare runs, or compare in one click."
    )
files = [
    f"Run {i} is on your file {verbatim(p.file_name, 30)}." for i, p in enumerate(shown, 1) if p.file_name
]
notes += files
keys = [comparison.data_key(p.settings) for p in shown]
elsewhere = [str(i) for i, key in enumerate(keys, 1) if key != comparison.data_key(settings)]
if elsewhere:
    notes.append(
        f"Run {', '.join(elsewhere)} trained on other data than the current points: "
        "every boundary is drawn over the current points."
    )
diverged = [
    f"run {i} ({exp.trainer.message})"
    for i, exp in enumerate(experiments, 1)
    if exp.trainer.status == DIVERGED
]
if diverged:
    notes.append("Diverged: " + "; ".join(diverged) + ".")
if notes:
    st.caption(" ".join(notes))

shown_epoch = None
player = epochs.shown_epoch()
if player is not None and player.run_id == run_id(settings):
    shown_epoch = player.epoch if player.epoch < len(curves[current_index].objective) - 1 else None

with st.sidebar:
    st.subheader("View", divider="gray")
    session.restore_page_widget(session.COMPARE_LOG_LOSS)
    session.restore_page_widget(session.COMPARE_LOG_EPOCHS)
    log_y = st.toggle(
        "Log loss axis",
        key=session.COMPARE_LOG_LOSS,
        help="Plot the loss on a log scale: late, slow progress shows.",
    )
    log_x = st.toggle(
        "Log epoch axis",
        key=session.COMPARE_LOG_EPOCHS,
        help="Plot the epochs on a log scale: a run of 10 epochs and one of 2000 share the width.",
    )

left, right = st.columns([3, 2])
with left:
    loss_tab, distance_tab = st.tabs(["Loss", "Distance to the optimum"])
    with loss_tab:
        star = curves[current_index].optimum
        if not star.attained:
            st.caption(
                "Separable data: J has no minimum; it falls towards 0 as the weights grow without bound."
            )
        else:
            approx = "" if star.exact else " (approximately)"
            value = f"{star.value:.6g}{approx}"
            st.caption(f"Dashed: the optimum J* = {value} of this objective. Which run gets there first?")
        st.plotly_chart(
            loss_figure(curves, colors, log_y=log_y, log_x=log_x, shown_epoch=shown_epoch), key="compare_loss"
        )
    with distance_tab:
        st.caption("A straight line is a linear rate (GD, momentum); Adam plateaus; Newton plunges.")
        st.plotly_chart(
            distance_figure(curves, colors, log_x=log_x, shown_epoch=shown_epoch), key="compare_gap"
        )
with right:
    two = all(e.n_classes == 2 for e in experiments)
    st.caption(
        "Each run's final p = ½ line over the current points."
        if two
        else "Each run's final boundaries over the current points, where its two most probable classes "
        "tie (p = ½ for a run of two classes)."
    )
    points = points_view(experiments[current_index])
    logits = [logits_on_grid(e, points.bounds) for e in experiments]
    st.plotly_chart(boundaries_figure(points, logits, labels, colors), key="compare_boundaries")
