"""Evaluate: how the trained model scores on the training and test splits."""

import streamlit as st

from lr.experiment import report
from lr.ui import session
from lr.ui.runs import experiment
from lr.viz import confusion_figure, roc_figure, weights_figure

settings = session.current_settings()
exp = experiment(settings)
h = exp.trainer.history
st.markdown(f"#### The model after {h.n_epochs} epochs ({exp.trainer.status})")
st.caption(exp.trainer.message)

scores = report(exp)
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
    col.plotly_chart(confusion_figure(r.confusion, f"{split}: confusion"), key=f"cm_{split}")
st.plotly_chart(weights_figure(exp.poly.get_feature_names_out(), h.w[-1], float(h.b[-1])), key="weights")
