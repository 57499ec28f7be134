"""Evaluate: how the model of any epoch scores on the training and test splits, at any threshold (two
classes), or class by class (K ≥ 3: softmax regression predicts the most probable class)."""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from playground.grid import logits_on_grid, points_view
from playground.payload import run_id
from playground.reports import (
    ClassesReport,
    class_report,
    class_weights_table,
    report,
    weights_of,
    weights_table,
)
from playground.ui import controls, epochs, runs, session
from playground.ui.runs import experiment
from playground.viz.evaluate_figures import (
    calibration_figure,
    class_confusion_figure,
    class_regions_figure,
    class_weights_figure,
    confusion_at_threshold_figure,
    pr_ovr_figure,
    precision_recall_figure,
    roc_at_threshold_figure,
    roc_ovr_figure,
    threshold_boundary_figure,
    top_label_calibration_figure,
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
message = f"{exp.trainer.message[:1].upper()}{exp.trainer.message[1:]}."


def two_classes(c3: DeltaGenerator) -> None:
    """The two-class page: a threshold t, the label metrics at t, ROC and PR curves with t's point."""
    session.restore_page_widget(session.THRESHOLD)
    threshold = c3.slider(
        "Threshold t",
        0.0,
        1.0,
        step=0.01,
        key=session.THRESHOLD,
        help="Predict class 1 where p > t: a lower t finds more of class 1 (recall up), "
        "with more false alarms.",
    )
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
        c1.plotly_chart(
            threshold_boundary_figure(points, Z, threshold, height=CHART_HEIGHT), key="boundary_at_t"
        )
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
                "One model, two sets of numbers: its weights on the standardised features "
                "(what training moves, comparable in size; L1 sets some to exactly 0) and on the raw "
                "features, as the Playground's boundary equation writes them. Positive (orange) weights "
                "push towards class 1."
            )
        else:
            st.caption(
                "The weights at this epoch on the raw features (Standardise is off), as the Playground's "
                "boundary equation writes them; L1 sets some to exactly 0. Positive (orange) weights push "
                "towards class 1."
            )
        c1, c2 = st.columns([5, 4])
        c1.plotly_chart(
            weights_figure(weights.names, weights.w, weights.b, standardised=weights.standardised),
            key="weights",
        )
        c2.dataframe(weights_table(weights), hide_index=True)


def k_classes(c3: DeltaGenerator) -> None:
    """K ≥ 3 classes: no threshold (the model predicts the most probable class); K×K confusion matrices,
    per-class precision, recall and F1, one-vs-rest ROC and PR curves, top-label calibration."""
    K, names = exp.n_classes, tuple(exp.class_names)
    kept = st.session_state.get(session.THRESHOLD, session.PAGE_WIDGETS[session.THRESHOLD])
    c3.caption(
        f"With {K} classes the model predicts the most probable class; a single threshold t applies to "
        "two classes only."
        + (f" The threshold t = {kept:.2f} is kept for two-class runs." if kept != 0.5 else "")
    )
    st.caption(f"Epoch {epoch} of {h.n_epochs}. {message}")
    scores = class_report(exp, epoch)

    table, cm_train, cm_test = st.columns([1.3, 1.5, 1.5], vertical_alignment="center")
    table.table(summary_table(scores))
    table.caption(
        "Macro: the mean over classes; weighted: by each class's points. AUC: the mean of the "
        "classes' one-vs-rest areas."
    )
    for column, (split, r) in zip((cm_train, cm_test), scores.items(), strict=False):
        column.plotly_chart(class_confusion_figure(r, split, names), key=f"cm_{split}")

    classes_tab, curves_tab, calibration_tab, weights_tab = st.tabs(
        ["Per class", "ROC and PR", "Calibration", "Weights"]
    )
    split = "test" if "test" in scores else "train"
    with classes_tab:
        st.caption(
            "Each class against the rest: precision (of the points predicted k, the share that are k), "
            "recall (of the points of class k, the share found), F1 (their harmonic mean) and support "
            "(the points of class k)."
        )
        for column, (name, r) in zip(st.columns(2), reversed(scores.items()), strict=False):  # test first
            column.markdown(f"**{name}**")
            column.dataframe(per_class_table(r, names), hide_index=True)
    with curves_tab:
        st.caption(
            f"The regions the model predicts, and each class against the rest ranked by its probability "
            f"p_k on the {split} split: a curve per class, its area in the legend."
        )
        c1, c2, c3 = st.columns([1.15, 1, 1])
        points = points_view(exp)
        Z = logits_on_grid(exp, points.bounds, epoch=epoch)
        c1.plotly_chart(class_regions_figure(points, Z, height=CHART_HEIGHT), key="regions")
        c2.plotly_chart(roc_ovr_figure(scores[split], split, names, CHART_HEIGHT), key="roc_ovr")
        c3.plotly_chart(pr_ovr_figure(scores[split], split, names, CHART_HEIGHT), key="pr_ovr")
    with calibration_tab:
        st.caption(
            "When the model's top class comes with confidence max p ≈ 0.8, is it right about 8 times in 10? "
            "On the diagonal it is; ECE is the mean gap, weighted by the bars' points."
        )
        c1, c2 = st.columns([3, 2])
        c1.plotly_chart(top_label_calibration_figure(scores, CHART_HEIGHT), key="calibration")
    with weights_tab:
        weights = weights_of(exp, epoch)
        st.caption(
            f"A row of weights per class: class k's score is z_k = w_k·φ + b_k, and the model predicts the "
            f"class with the largest. Only differences between rows matter: adding one vector to all "
            f"{K} rows changes no probability. "
            + (
                "The heatmap shows the weights on the standardised features (what training moves); the "
                "tables give them and the raw ones, as the Playground's equations write them."
                if weights.standardised
                else "Standardise is off: the weights act on the raw features."
            )
        )
        st.plotly_chart(
            class_weights_figure(
                weights.names, weights.w, weights.b, names, standardised=weights.standardised
            ),
            key="weights",
        )
        if weights.standardised:  # one table under the other: a column per feature needs the width
            st.markdown("**standardised**")
            st.dataframe(class_weights_table(weights, names, raw=False), hide_index=True)
            st.markdown("**raw, as the equations**")
        st.dataframe(class_weights_table(weights, names, raw=True), hide_index=True)


def summary_table(scores: dict[str, ClassesReport]) -> dict[str, dict[str, str]]:
    """One column per split, one row per metric (narrow: the K×K matrices need the width)."""
    return {
        split: {
            "n": str(r.n),
            "accuracy": f"{r.accuracy:.1%}",
            "macro F1": f"{r.per_class.macro[2]:.3f}",
            "weighted F1": f"{r.per_class.weighted[2]:.3f}",
            "log loss": f"{r.log_loss:.4f}",
            "AUC, one vs rest": "—" if r.auc is None else f"{r.auc:.3f}",
            "ECE": "—" if r.calibration is None else f"{r.calibration.ece:.3f}",
        }
        for split, r in scores.items()
    }


def per_class_table(r: ClassesReport, names: tuple[str, ...]) -> dict[str, list[str]]:
    """One row per class, then the macro and the weighted means (the visitor's class names as plain
    text: a dataframe cell renders no Markdown)."""
    c = r.per_class
    means = [("macro mean", c.macro), ("weighted mean", c.weighted)]
    return {
        "class": [*names, *(label for label, _ in means)],
        "precision": [f"{v:.3f}" for v in [*c.precision, *(m[0] for _, m in means)]],
        "recall": [f"{v:.3f}" for v in [*c.recall, *(m[1] for _, m in means)]],
        "F1": [f"{v:.3f}" for v in [*c.f1, *(m[2] for _, m in means)]],
        "support": [str(int(v)) for v in c.support] + [str(r.n)] * 2,
    }


if exp.n_classes == 2:
    two_classes(c3)
else:
    k_classes(c3)
