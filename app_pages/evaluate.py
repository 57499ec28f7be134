"""Evaluate: how the model of any epoch scores on the training and test splits."""

import streamlit as st

from playground.payload import run_id
from playground.reports import report
from playground.ui import runs, session
from playground.ui.runs import experiment
from playground.viz import confusion_figure, roc_figure, weights_figure

settings = runs.settings_to_run()
exp = experiment(settings)
h = exp.trainer.history
run = run_id(settings)
start = session.epoch_shown_in(run, h.n_epochs)

c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
c1.markdown("#### Evaluate the model")
epoch = (
    c2.slider(
        "Epoch",
        0,
        h.n_epochs,
        start,
        help="Score the model as it was after this many epochs; opens where the player stopped.",
    )
    if h.n_epochs > 0
    else 0
)
st.caption(f"Epoch {epoch} of {h.n_epochs}. {exp.trainer.message[:1].upper()}{exp.trainer.message[1:]}.")

scores = report(exp, epoch)
rows = {
    split: {
        "points": str(r.n),
        "accuracy": f"{r.accuracy:.1%}",
        "precision": f"{r.precision:.3f}",
        "recall": f"{r.recall:.3f}",
        "F1": f"{r.f1:.3f}",
        "log loss": f"{r.log_loss:.4f}",
        "ROC AUC": "—" if r.auc is None else f"{r.auc:.3f}",
    }
    for split, r in scores.items()
}
st.table(rows)

c1, c2, c3 = st.columns([2, 1, 1])
c1.plotly_chart(roc_figure({s: (r.fpr, r.tpr, r.auc) for s, r in scores.items()}), key="roc")
for col, (split, r) in zip((c2, c3), scores.items(), strict=False):
    col.plotly_chart(confusion_figure(r.confusion, f"{split}: confusion", exp.class_names), key=f"cm_{split}")
st.plotly_chart(
    weights_figure(exp.poly.get_feature_names_out(), h.w[epoch], float(h.b[epoch])), key="weights"
)
