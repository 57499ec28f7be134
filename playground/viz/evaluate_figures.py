"""Figures of the Evaluate page at a decision threshold t: the operating point on the ROC and the
precision-recall curves, the boundary p = t over the points, and the reliability (calibration) curve.
Train solid and test dashed, as on every chart.

Each figure is made in one go.Figure(traces, layout) call: Plotly validates what it is given, and an
update_layout or add_trace afterwards validates again (several ms each; the page redraws every
figure when t moves)."""

from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go

from playground.grid import PointsView
from playground.palette import (
    ACCURACY_COLOR,
    CLASS_COLORS,
    FONT_SIZE,
    REFERENCE_COLOR,
    SPLIT_DASH,
    TICK_FONT_SIZE,
)
from playground.reports import ClassesReport, SplitReport, logit

from .common import (
    axis,
    category_axis,
    class_boundary_lines,
    escaped,
    in_template,
    layout,
    level_line,
    point_axes,
    point_traces,
)

HEIGHT = 300
_POINT_SYMBOL = {"train": "circle", "test": "diamond"}


def _legend_inside() -> dict:
    return dict(x=0.98, y=0.02, xanchor="right", yanchor="bottom", font=dict(size=FONT_SIZE))


def _operating_point(split: str, threshold: float, x: float, y: float, what: str) -> go.Scatter:
    return go.Scatter(
        x=[x],
        y=[y],
        mode="markers",
        name=f"{split} at t = {threshold:.2f}",
        showlegend=False,
        marker=dict(
            size=12,
            color=ACCURACY_COLOR,
            symbol=_POINT_SYMBOL.get(split, "circle"),
            line=dict(color="white", width=1.5),
        ),
        hovertemplate=f"{split} at t = {threshold:.2f}<br>{what}<extra></extra>",
    )


def roc_at_threshold_figure(reports: dict[str, SplitReport], height: int = HEIGHT) -> go.Figure:
    """The ROC curves with the operating point of the threshold: its false and true positive rates."""
    traces = [
        go.Scatter(
            x=[0, 1], y=[0, 1], mode="lines", name="chance", line=dict(color=REFERENCE_COLOR, dash="dot")
        )
    ]
    for split, r in reports.items():
        traces.append(
            go.Scatter(
                x=r.fpr,
                y=r.tpr,
                mode="lines",
                name=f"{split} (AUC {r.auc:.3f})" if r.auc is not None else split,
                line=dict(color=ACCURACY_COLOR, width=2.5, dash=SPLIT_DASH.get(split, "solid")),
                hovertemplate="false positive rate %{x:.2f}<br>true positive rate %{y:.2f}<extra>"
                + split
                + "</extra>",
            )
        )
    for split, r in reports.items():
        if r.roc_point is not None:
            traces.append(_operating_point(split, r.threshold, *r.roc_point, "FPR %{x:.3f}, TPR %{y:.3f}"))
    return go.Figure(
        traces,
        layout(
            "ROC curve, ● at t",
            height,
            xaxis=axis("false positive rate", range=[0, 1], constrain="domain"),
            yaxis=axis("true positive rate (recall)", range=[0, 1.02], scaleanchor="x"),
            legend=_legend_inside(),
        ),
    )


def precision_recall_figure(reports: dict[str, SplitReport], height: int = HEIGHT) -> go.Figure:
    """Precision against recall as the threshold sweeps, with the operating point of t; the dotted line
    is the share of class 1, the precision of a model that guesses."""
    traces = []
    for split, r in reports.items():
        if r.precision_curve is None:
            continue
        traces.append(
            go.Scatter(
                x=r.recall_curve,
                y=r.precision_curve,
                mode="lines",
                line_shape="hv",  # a step at each threshold, as sklearn draws it
                name=f"{split} (AP {r.average_precision:.3f})",
                line=dict(color=ACCURACY_COLOR, width=2.5, dash=SPLIT_DASH.get(split, "solid")),
                hovertemplate="recall %{x:.3f}, precision %{y:.3f}<extra>" + split + "</extra>",
            )
        )
        traces.append(
            go.Scatter(
                x=[0, 1],
                y=[r.positive_share] * 2,
                mode="lines",
                showlegend=False,
                line=dict(color=REFERENCE_COLOR, width=1, dash="dot"),
                hovertemplate=f"{split}: share of class 1, {r.positive_share:.3f}<extra></extra>",
            )
        )
    for split, r in reports.items():
        if r.pr_point is not None:
            traces.append(
                _operating_point(split, r.threshold, *r.pr_point, "recall %{x:.3f}, precision %{y:.3f}")
            )
    return go.Figure(
        traces,
        layout(
            "Precision–recall, ● at t",
            height,
            xaxis=axis("recall", range=[0, 1.02], constrain="domain"),
            yaxis=axis("precision", range=[0, 1.03]),
            legend=dict(x=0.02, y=0.02, xanchor="left", yanchor="bottom", font=dict(size=FONT_SIZE)),
        ),
    )


def threshold_boundary_figure(
    points: PointsView, Z: np.ndarray, threshold: float, height: int = HEIGHT
) -> go.Figure:
    """The points over the regions the model predicts at threshold t (Z: logits on the points' grid),
    the boundary p = t solid and p = ½ dashed for reference."""
    level = logit(threshold)
    region = (np.asarray(Z) > level).astype(np.uint8)  # predicted class 1 where p > t
    traces = [
        go.Heatmap(
            x=points.x1,
            y=points.x2,
            z=region,
            zmin=0,
            zmax=1,
            colorscale=[[0, _tint(CLASS_COLORS[0], 0.14)], [1, _tint(CLASS_COLORS[1], 0.2)]],
            showscale=False,
            hoverinfo="skip",
        ),
        *point_traces(points, legend=False),
    ]
    if threshold != 0.5:
        traces.append(level_line(points, Z, 0.0, "p = ½", REFERENCE_COLOR, dash="dash", legend=False))
    if np.isfinite(level):
        traces.append(level_line(points, Z, level, f"p = {threshold:.2f}", ACCURACY_COLOR, legend=False))
    return go.Figure(
        traces,
        layout(
            f"Boundary at t = {threshold:.2f}" + (" (dashed: ½)" if threshold != 0.5 else ""),
            height,
            margin=dict(l=45, r=10, t=34, b=40),
            **point_axes(points, fill_elongated=True),
        ),
    )


def _tint(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _reliability_figure(
    curves: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, str]],
    title: str,
    x_title: str,
    y_title: str,
    hover: str,
    height: int,
) -> go.Figure:
    """A reliability diagram: per split, (x: bin means, y: observed share, counts, legend name); the
    diagonal of a calibrated model; bars (right axis) count the points in each bin. `hover` reads the
    point: %{x}, %{y} and %{customdata} (the bin's count)."""
    traces = [
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name="calibrated",
            line=dict(color=REFERENCE_COLOR, dash="dot"),
            hoverinfo="skip",
        )
    ]
    most = max((int(counts.max()) for _, _, counts, _ in curves.values()), default=1)
    for split, (x, y, counts, name) in curves.items():
        traces.append(
            go.Bar(
                x=x,
                y=counts,
                yaxis="y2",
                width=0.04,
                name=f"{split}: points per bin",
                showlegend=False,
                marker=dict(
                    color=_tint(ACCURACY_COLOR, 0.3 if split == "train" else 0.15),
                    line=dict(color=ACCURACY_COLOR, width=1),
                ),
                hovertemplate="%{y} points<extra>" + split + "</extra>",
            )
        )
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+markers",
                name=name,
                customdata=counts,
                line=dict(color=ACCURACY_COLOR, width=2.5, dash=SPLIT_DASH.get(split, "solid")),
                marker=dict(size=7, symbol=_POINT_SYMBOL.get(split, "circle")),
                hovertemplate=hover + "<extra>" + split + "</extra>",
            )
        )
    return go.Figure(
        traces,
        layout(
            title,
            height,
            xaxis=axis(x_title, range=[0, 1], constrain="domain"),
            yaxis=axis(y_title, range=[-0.02, 1.02]),
            yaxis2=axis(
                "points per bin",
                overlaying="y",
                side="right",
                range=[0, 3 * most],
                tickvals=[0, most],
                showgrid=False,
            ),
            legend=dict(
                orientation="h", x=1, y=1.0, xanchor="right", yanchor="bottom", font=dict(size=TICK_FONT_SIZE)
            ),
            barmode="overlay",
            margin=dict(l=55, r=50, t=34, b=40),
        ),
    )


def calibration_figure(reports: dict[str, SplitReport], height: int = HEIGHT) -> go.Figure:
    """Observed share of class 1 against the mean predicted p in each bin, with the diagonal of a
    calibrated model; bars (right axis) count the points in each bin."""
    curves = {
        split: (r.calibration.prob_pred, r.calibration.prob_true, r.calibration.counts, split)
        for split, r in reports.items()
        if r.calibration is not None
    }
    return _reliability_figure(
        curves,
        "Calibration",
        "predicted probability p (bin mean)",
        "observed share of class 1",
        "mean p %{x:.3f}: class 1 in %{y:.3f} of %{customdata} points",
        height,
    )


def confusion_at_threshold_figure(
    report: SplitReport, split: str, class_names: tuple[str, str], height: int = 105
) -> go.Figure:
    """A split's confusion matrix at the threshold, small: counts in the cells, rows the true class.

    The scale is opaque, so that Plotly's automatic text colour (dark on light cells, white on dark
    ones) contrasts with what is drawn in the light and the dark theme alike."""
    cm = np.asarray(report.confusion)
    short = [escaped(name if len(name) <= 6 else name[:6] + "…") for name in class_names]
    full = [escaped(name) for name in class_names]
    heatmap = go.Heatmap(
        z=cm / max(int(cm.sum()), 1),
        x=[0, 1],  # the rows say "true": the columns are what the model predicts
        y=[0, 1],
        text=[[str(v) for v in row] for row in cm],
        customdata=[[[full[i], full[j]] for j in range(2)] for i in range(2)],
        texttemplate="%{text}",
        textfont=dict(size=16),
        colorscale=[[0, "#E6F5F0"], [1, ACCURACY_COLOR]],
        showscale=False,
        zmin=0,
        zmax=1,
        hovertemplate="true %{customdata[0]}, predicted %{customdata[1]}: %{text}<extra></extra>",
    )
    return go.Figure(
        heatmap,
        layout(
            f"{split}, t = {report.threshold:.2f}",
            height,
            margin=dict(l=48, r=2, t=22, b=20),
            xaxis=category_axis(short, tickangle=0, tickfont=dict(size=10)),
            yaxis=category_axis(
                [f"true {c}" for c in short], autorange="reversed", tickfont=dict(size=10), automargin=True
            ),
        ),
    )


def weights_figure(names: list[str], w: np.ndarray, b: float, standardised: bool = False) -> go.Figure:
    """The weights by feature (and the intercept): exact zeros, as L1 makes them, are marked.

    standardised: the weights act on standardised features; the title says which features."""
    w = np.asarray(w, dtype=float)
    bars = go.Bar(
        x=[escaped(n) for n in names],
        y=w,
        marker_color=[CLASS_COLORS[1] if v > 0 else CLASS_COLORS[0] for v in w],
        text=["0 (dropped)" if v == 0 else f"{v:.3g}" for v in w],
        textposition="outside",
        hovertemplate="%{x}: %{y:.4g}<extra></extra>",
    )
    ticks = dict(tickfont=dict(size=TICK_FONT_SIZE), ticks="outside")
    which = "standardised" if standardised else "raw"
    return go.Figure(
        bars,
        dict(
            title=dict(text=f"Weights on the {which} features, b = {b:.3g}"),
            xaxis=dict(type="category", title=dict(font=dict(size=FONT_SIZE)), **ticks),  # names, not numbers
            yaxis=dict(title=dict(text="weight", font=dict(size=FONT_SIZE)), zeroline=True, **ticks),
            margin=dict(l=50, r=10, t=40, b=45),
            paper_bgcolor="rgba(0,0,0,0)",
            plot_bgcolor="rgba(0,0,0,0)",
            height=300,
            font=dict(size=FONT_SIZE),
            legend=dict(font=dict(size=TICK_FONT_SIZE)),
            hoverlabel=dict(font=dict(size=FONT_SIZE)),
        ),
    )


# K ≥ 3 classes: the model predicts the most probable class; class k is drawn in CLASS_COLORS[k]


def _class_label(name: str, k: int, width: int = 10) -> str:
    """Class k's (visitor) name for a tick, escaped once for Plotly, cut to `width` characters and
    written in the class's colour."""
    short = name if len(name) <= width else name[: width - 1] + "…"
    return f'<span style="color:{CLASS_COLORS[k]}">{escaped(short)}</span>'


def class_confusion_figure(
    report: ClassesReport, split: str, class_names: tuple[str, ...], height: int = 0
) -> go.Figure:
    """A split's K×K confusion matrix: counts in the cells, rows the true class, columns the predicted
    one; a cell's shade is its share of the row (of the points of that true class), so the diagonal
    is each class's recall. Opaque scale: Plotly's automatic text colour contrasts in both themes."""
    cm = np.asarray(report.confusion)
    K = len(cm)
    rows = np.maximum(cm.sum(axis=1, keepdims=True), 1)
    full = [escaped(name) for name in class_names]
    ticks = [_class_label(name, k) for k, name in enumerate(class_names)]  # "versicolor" whole
    tilt = max(len(name) for name in class_names) > 2  # names side by side above narrow columns
    heatmap = go.Heatmap(
        z=cm / rows,
        x=list(range(K)),
        y=list(range(K)),
        text=[[str(v) for v in row] for row in cm],
        customdata=[[[full[i], full[j]] for j in range(K)] for i in range(K)],
        texttemplate="%{text}",
        textfont=dict(size=14 if K <= 4 else 12),
        colorscale=[[0, "#E6F5F0"], [1, ACCURACY_COLOR]],
        showscale=False,
        zmin=0,
        zmax=1,
        xgap=1,
        ygap=1,
        hovertemplate="true %{customdata[0]}, predicted %{customdata[1]}: %{text}"
        + " (%{z:.0%} of the true class)<extra></extra>",
    )
    return go.Figure(
        heatmap,
        layout(
            f"{split}: true ↓, predicted →",  # the columns' names below, tilted when long
            height or 70 + 30 * K + (45 if tilt else 0),
            margin=dict(l=10, r=4, t=26, b=10),
            xaxis=category_axis(
                ticks, tickangle=-30 if tilt else 0, tickfont=dict(size=13), side="bottom", automargin=True
            ),
            yaxis=category_axis(ticks, autorange="reversed", tickfont=dict(size=13), automargin=True),
        ),
    )


def class_regions_figure(points: PointsView, Z: np.ndarray, height: int = HEIGHT) -> go.Figure:
    """The points over the regions of the K classes, ŷ = argmax_k z_k (Z: the K scores on the points'
    grid), with the boundaries where the two most probable classes tie."""
    Z = np.asarray(Z)
    K = Z.shape[-1]
    region = np.argmax(Z, axis=-1).astype(np.uint8)  # ties to the lowest class, as the model predicts
    traces = [
        go.Heatmap(
            x=points.x1,
            y=points.x2,
            z=region,
            zmin=0,
            zmax=K - 1,
            colorscale=[[k / (K - 1), _tint(CLASS_COLORS[k], 0.18)] for k in range(K)],
            showscale=False,
            hoverinfo="skip",
        ),
        *class_boundary_lines(points, Z, REFERENCE_COLOR),
        *point_traces(points, legend=False),
    ]
    return go.Figure(
        traces,
        layout(
            "Regions: the most probable class",
            height,
            margin=dict(l=45, r=10, t=34, b=40),
            **point_axes(points, fill_elongated=True),
        ),
    )


_LEGEND_BACK = "rgba(128, 128, 128, 0.12)"  # a faint panel: the legend reads over the curves in both themes


def _class_legend(corner: str = "right") -> dict:
    """The classes' legend in a bottom corner of the plot, over a faint panel."""
    return dict(
        x=0.98 if corner == "right" else 0.02,
        y=0.02,
        xanchor=corner,
        yanchor="bottom",
        font=dict(size=TICK_FONT_SIZE),
        bgcolor=_LEGEND_BACK,
    )


def _per_class_lines(
    report: ClassesReport, class_names: tuple[str, ...], curve: Callable, hover: str, **more: object
) -> list[go.Scatter]:
    """One line per class, the class against the rest, in the class's colour with its score in the
    legend; `curve` gives a class's (x, y, score), `hover` the template of a point on it."""
    traces = []
    for k, c in enumerate(report.curves or ()):
        if c is None:
            continue
        x, y, score = curve(c)
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=f"{escaped(class_names[k])} ({score:.3f})",
                line=dict(color=CLASS_COLORS[k], width=2.5),
                hovertemplate=hover + "<extra>" + in_template(class_names[k]) + " vs rest</extra>",
                **more,
            )
        )
    return traces


def roc_ovr_figure(
    report: ClassesReport, split: str, class_names: tuple[str, ...], height: int = HEIGHT
) -> go.Figure:
    """One ROC curve per class, the class against the rest ranked by its probability p_k, in the class's
    colour, its AUC in the legend; the dotted diagonal is chance."""
    chance = go.Scatter(
        x=[0, 1],
        y=[0, 1],
        mode="lines",
        name="chance",
        showlegend=False,
        line=dict(color=REFERENCE_COLOR, dash="dot"),
        hoverinfo="skip",
    )
    hover = "false positive rate %{x:.2f}<br>true positive rate %{y:.2f}"
    curves = _per_class_lines(report, class_names, lambda c: (c.fpr, c.tpr, c.auc), hover)
    return go.Figure(
        [chance, *curves],
        layout(
            f"ROC, each class vs rest ({split}; AUC)",
            height,
            xaxis=axis("false positive rate", range=[0, 1], constrain="domain"),
            yaxis=axis("true positive rate (recall)", range=[0, 1.02], scaleanchor="x"),
            legend=_class_legend(),
        ),
    )


def pr_ovr_figure(
    report: ClassesReport, split: str, class_names: tuple[str, ...], height: int = HEIGHT
) -> go.Figure:
    """Precision against recall per class (the class against the rest, ranked by p_k), its average
    precision in the legend."""
    hover = "recall %{x:.3f}, precision %{y:.3f}"
    curves = _per_class_lines(
        report, class_names, lambda c: (c.recall, c.precision, c.average_precision), hover, line_shape="hv"
    )
    return go.Figure(
        curves,
        layout(
            f"Precision–recall per class ({split}; AP)",
            height,
            xaxis=axis("recall", range=[0, 1.02], constrain="domain"),
            yaxis=axis("precision", range=[0, 1.03]),
            legend=_class_legend("left"),
        ),
    )


def top_label_calibration_figure(reports: dict[str, ClassesReport], height: int = HEIGHT) -> go.Figure:
    """Top-label calibration: in each bin of the model's confidence max_k p_k, how often its top class
    is right, against the diagonal of a calibrated model; bars (right axis) count the points, the
    legend gives each split's expected calibration error (ECE)."""
    curves = {
        split: (c.confidence, c.accuracy, c.counts, f"{split} (ECE {c.ece:.3f})")
        for split, c in ((split, r.calibration) for split, r in reports.items())
        if c is not None
    }
    return _reliability_figure(
        curves,
        "Top-label calibration",
        "confidence max p (bin mean)",
        "share the top class is right",
        "confidence %{x:.3f}: top class right in %{y:.3f} of %{customdata} points",
        height,
    )


def class_weights_figure(
    names: list[str], W: np.ndarray, b: np.ndarray, class_names: tuple[str, ...], standardised: bool = False
) -> go.Figure:
    """The K × (d + 1) weights as a heatmap: row k is class k's score function z_k = w_k·φ + b_k
    (features, then b), blue below 0 and vermillion above, exact zeros (L1) marked 0."""
    M = np.column_stack([np.asarray(W, dtype=float), np.asarray(b, dtype=float)])
    K = len(M)
    top = float(np.max(np.abs(M))) or 1.0
    columns = [escaped(n) for n in names] + ["b"]
    which = "standardised" if standardised else "raw"
    heatmap = go.Heatmap(
        z=M,
        x=list(range(M.shape[1])),
        y=list(range(K)),
        text=[["0" if v == 0 else f"{v:.2g}" for v in row] for row in M],
        texttemplate="%{text}",
        textfont=dict(size=TICK_FONT_SIZE),
        colorscale=[[0, CLASS_COLORS[0]], [0.5, "#F2F2F2"], [1, CLASS_COLORS[3]]],
        zmin=-top,
        zmax=top,
        xgap=1,
        ygap=1,
        showscale=False,
        customdata=[[[escaped(class_names[k]), column] for column in columns] for k in range(K)],
        hovertemplate="class %{customdata[0]}, %{customdata[1]}: %{z:.4g}<extra></extra>",
    )
    return go.Figure(
        heatmap,
        layout(
            f"Weights on the {which} features: a row per class",
            max(170, 60 + 34 * K),
            margin=dict(l=10, r=10, t=34, b=10),
            xaxis=category_axis(columns, side="bottom", tickangle=0, automargin=True),
            yaxis=category_axis(
                [_class_label(n, k) for k, n in enumerate(class_names)], autorange="reversed", automargin=True
            ),
        ),
    )
