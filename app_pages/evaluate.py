"""Evaluate: how the model of any epoch scores on the training and test splits, at any threshold."""

import streamlit as st

from playground.grid import logits_on_grid, points_view
from playground.payload import run_id
from playground.reports import report, weights_of, weights_table
from playground.ui import controls, epochs, runs, session
from playground.ui.runs import experiment
from playground.viz.evaluate_figures import (
    calibration_figure,
    confusion_at_threshold_figure,
    precision_recall_figure,
    roc_at_threshold_figure,
    threshold_boundary_figure,
    weights_figure,
)

CHART_HEIGHT = 265

settings = runs.settings_to_run()
exp = experiment(settings)
h = exp.trainer.history
run = run_id(settings)
epochs.fit_epoch_slider(run, h.n_epochs)  # where the player, a link or another page stopped

c1, c2, c3 = st.columns([2, 2, 2], vertical_alignment="bottom")
c1.markdown("#### Evaluate the model")
epoch = controls.epoch_slider(
    c2,
    run,
    h.n_epochs,
    "Score the model as it was after this many epochs; opens where the player stopped.",
)
session.restore_page_widget(session.THRESHOLD)
threshold = c3.slider(
    "Threshold t",
    0.0,
    1.0,
    step=0.01,
    key=session.THRESHOLD,
    help="Predict class 1 where p > t: a lower t finds more of class 1 (recall up), with more false alarms.",
)
message = f"{exp.trainer.message[:1].upper()}{exp.trainer.message[1:]}."
st.caption(f"Epoch {epoch} of {h.n_epochs}. {message}")

scores = report(exp, epoch, threshold)
at_half = report(exp, epoch, curves=False) if threshold != 0.5 else scores

table, cm_train, cm_test = st.columns([3.3, 1, 1], vertical_alignment="center")
table.table(
    {  # one row per split, one column per metric
        "n": {split: str(r.n) for split, r in scores.items()},
        "accuracy": {split: f"{r.accuracy:.1%}" for split, r in scores.items()},
        **{
            name: {split: f"{getattr(r, name.lower()):.3f}" for split, r in scores.items()}
            for name in ("precision", "recall", "F1")
        },
        "log loss": {split: f"{r.log_loss:.4f}" for split, r in scores.items()},
        "AUC": {split: "—" if r.auc is None else f"{r.auc:.3f}" for split, r in scores.items()},
        "AP": {
            split: "—" if r.average_precision is None else f"{r.average_precision:.3f}"
            for split, r in scores.items()
        },
    }
)
for column, (split, r) in zip((cm_train, cm_test), scores.items(), strict=False):
    column.plotly_chart(confusion_at_threshold_figure(r, split, exp.class_names), key=f"cm_{split}")

threshold_tab, calibration_tab, weights_tab = st.tabs(["Threshold", "Calibration", "Weights"])
with threshold_tab:
    split = "test" if "test" in scores else "train"
    now, before = scores[split], at_half[split]
    if threshold == 0.5:
        st.caption("Move t: the ● slides along the ROC and precision–recall curves; the boundary moves.")
    else:
        st.caption(
            f"From t = ½ to {threshold:.2f} on {split}: recall {before.recall:.3f} → {now.recall:.3f}, "
            f"precision {before.precision:.3f} → {now.precision:.3f}; the ● moves, the curves stay."
        )
    c1, c2, c3 = st.columns([1.15, 1, 1])
    points = points_view(exp)
    Z = logits_on_grid(exp, points.bounds, epoch=epoch)
    c1.plotly_chart(threshold_boundary_figure(points, Z, threshold, height=CHART_HEIGHT), key="boundary_at_t")
    c2.plotly_chart(roc_at_threshold_figure(scores, CHART_HEIGHT), key="roc")
    c3.plotly_chart(precision_recall_figure(scores, CHART_HEIGHT), key="pr")
with calibration_tab:
    st.caption(
        "When the model says p ≈ 0.8, is the point class 1 about 8 times in 10? On the diagonal it is; "
        "the bars count the points."
    )
    c1, c2 = st.columns([3, 2])
    c1.plotly_chart(calibration_figure(scores, CHART_HEIGHT), key="calibration")
with weights_tab:
    weights = weights_of(exp, epoch)
    if weights.standardised:
        st.caption(
            "One model, two sets of numbers: its weights on the standardised features (what training moves, "
            "comparable in size; L1 sets some to exactly 0) and on the raw features, as the Playground's "
            "boundary equation writes them. Positive (orange) weights push towards class 1."
        )
    else:
        st.caption(
            "The weights at this epoch on the raw features (Standardise is off), as the Playground's "
            "boundary equation writes them; L1 sets some to exactly 0. Positive (orange) weights push "
            "towards class 1."
        )
    c1, c2 = st.columns([5, 4])
    c1.plotly_chart(
        weights_figure(weights.names, weights.w, weights.b, standardised=weights.standardised), key="weights"
    )
    c2.dataframe(weights_table(weights), hide_index=True)
