"""Figures for the Evaluate page. Colours: Okabe-Ito, safe for colour-blind viewers; class 0 is
blue and class 1 orange here as in the player. Backgrounds are transparent so both themes work.
"""

import numpy as np
import plotly.graph_objects as go

from playground.palette import ACCURACY_COLOR, CLASS_COLORS, FONT_SIZE, SPLIT_DASH, TICK_FONT_SIZE

from .common import category_axis, escaped

SPLIT_STYLE = {split: dict(dash=dash) for split, dash in SPLIT_DASH.items()}
_LAYOUT = dict(
    margin=dict(l=50, r=10, t=40, b=45),
    paper_bgcolor="rgba(0,0,0,0)",
    plot_bgcolor="rgba(0,0,0,0)",
    height=300,
    font=dict(size=FONT_SIZE),
    legend=dict(font=dict(size=TICK_FONT_SIZE)),
    hoverlabel=dict(font=dict(size=FONT_SIZE)),
)


def _styled(fig: go.Figure) -> go.Figure:
    """The player's axis style: type sizes from the palette, ticks outside (colours follow the theme)."""
    fig.update_xaxes(tickfont_size=TICK_FONT_SIZE, title_font_size=FONT_SIZE, ticks="outside")
    fig.update_yaxes(tickfont_size=TICK_FONT_SIZE, title_font_size=FONT_SIZE, ticks="outside")
    return fig


def roc_figure(curves: dict[str, tuple[np.ndarray, np.ndarray, float | None]]) -> go.Figure:
    """ROC curves, one per split: {name: (fpr, tpr, auc)}, with the chance diagonal."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="chance", line=dict(color="gray", dash="dot"))
    )
    for name, (fpr, tpr, auc) in curves.items():
        label = f"{name} (AUC {auc:.3f})" if auc is not None else name
        fig.add_trace(
            go.Scatter(
                x=fpr,
                y=tpr,
                mode="lines",
                name=label,
                line=dict(color=ACCURACY_COLOR, width=2.5, **SPLIT_STYLE.get(name, {})),
                hovertemplate="false positive rate %{x:.2f}<br>true positive rate %{y:.2f}<extra>"
                + name
                + "</extra>",
            )
        )
    fig.update_layout(
        title="ROC curve",
        xaxis=dict(title="false positive rate", range=[0, 1], constrain="domain"),
        yaxis=dict(title="true positive rate", range=[0, 1.02], scaleanchor="x"),
        **{**_LAYOUT, "legend": dict(x=0.98, y=0.02, xanchor="right", yanchor="bottom", **_LAYOUT["legend"])},
    )
    return _styled(fig)


def confusion_figure(cm: np.ndarray, title: str, class_names: tuple[str, str] = ("0", "1")) -> go.Figure:
    """A 2×2 confusion matrix as a heatmap, counts written in the cells (rows: true class)."""
    cm = np.asarray(cm)
    share = cm / max(cm.sum(), 1)
    labels = [escaped(c) for c in class_names]  # visitor text: Plotly reads <a>, <b>… as markup
    fig = go.Figure(
        go.Heatmap(
            z=share,
            x=[0, 1],
            y=[0, 1],
            customdata=[[[labels[i], labels[j]] for j in range(2)] for i in range(2)],
            text=[[f"{v}" for v in row] for row in cm],
            texttemplate="%{text}",
            textfont=dict(size=2 * FONT_SIZE),
            # opaque, so that Plotly's automatic text colour (dark on light cells, white on dark ones)
            # contrasts with what is drawn, in the light and the dark theme alike
            colorscale=[[0, "#E6F5F0"], [1, "#009E73"]],
            showscale=False,
            hovertemplate="true %{customdata[0]}, predicted %{customdata[1]}: %{text}<extra></extra>",
            zmin=0,
            zmax=1,
        )
    )
    fig.update_layout(
        title=title,
        xaxis=category_axis([f"predicted {c}" for c in labels]),
        yaxis=category_axis([f"true {c}" for c in labels], autorange="reversed"),
        **{**_LAYOUT, "height": 240},
    )
    return _styled(fig)


def weights_figure(names: list[str], w: np.ndarray, b: float, standardised: bool = False) -> go.Figure:
    """The weights by feature (and the intercept): exact zeros, as L1 makes them, are marked.

    standardised: the weights act on standardised features; the title says which features."""
    w = np.asarray(w, dtype=float)
    colors = [CLASS_COLORS[1] if v > 0 else CLASS_COLORS[0] for v in w]
    text = ["0 (dropped)" if v == 0 else f"{v:.3g}" for v in w]
    fig = go.Figure(
        go.Bar(
            x=[escaped(n) for n in names],
            y=w,
            marker_color=colors,
            text=text,
            textposition="outside",
            hovertemplate="%{x}: %{y:.4g}<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"Weights on the {'standardised' if standardised else 'raw'} features, b = {b:.3g}",
        xaxis=dict(type="category"),  # feature names, never read as numbers
        yaxis=dict(title="weight", zeroline=True),
        **_LAYOUT,
    )
    return _styled(fig)
