"""The Update page's figures: each weight before and after one step, the change, and a mini-batch's points."""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.palette import CLASS_COLORS, FONT_SIZE, LOSS_COLOR, TITLE_SIZE
from playground.update_numbers import Update

from .common import escaped

BEFORE = "rgba(128,128,128,0.35)"  # θ_t: a neutral grey, legible on light and dark backgrounds
BEFORE_LINE = "rgba(128,128,128,0.9)"
_LAYOUT = dict(
    paper_bgcolor="rgba(0,0,0,0)",
    plot_bgcolor="rgba(0,0,0,0)",
    font=dict(size=FONT_SIZE),
    margin=dict(l=55, r=10, t=30, b=10),
)


def _signed(values: np.ndarray) -> list[str]:
    """Class colours by sign, as on the Evaluate page: a positive weight pushes towards class 1."""
    return [CLASS_COLORS[1] if v > 0 else CLASS_COLORS[0] for v in values]


def update_figure(names: tuple[str, ...], update: Update, n_features: int, height: int = 250) -> go.Figure:
    """Top: each entry of θ before (grey) and after the step (by sign). Bottom: the change θ_t+1 − θ_t,
    on its own scale, so a small late step still shows. On the last epoch: θ_E and the gradient there."""
    labels = [escaped(n) for n in names]  # Plotly reads <b>, <a>… in text as markup
    last = update.after is None
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.55, 0.45])
    fig.add_trace(
        go.Bar(
            x=labels,
            y=update.before,
            name="θ_t" if not last else "θ at the last epoch",
            marker=dict(color=BEFORE, line=dict(color=BEFORE_LINE, width=1)),
            hovertemplate="%{x}: %{y:.6g}<extra>before</extra>",
        ),
        row=1,
        col=1,
    )
    if last:
        fig.add_trace(
            go.Bar(
                x=labels,
                y=update.gradient,
                name="g at θ_E",
                marker_color=LOSS_COLOR,
                hovertemplate="%{x}: %{y:.4g}<extra>gradient</extra>",
            ),
            row=2,
            col=1,
        )
        fig.update_yaxes(title_text="g", row=2, col=1)
    else:
        fig.add_trace(
            go.Bar(
                x=labels,
                y=update.after,
                name="θ_t+1",
                marker_color=_signed(update.after),
                hovertemplate="%{x}: %{y:.6g}<extra>after</extra>",
            ),
            row=1,
            col=1,
        )
        zeroed = [] if update.threshold is None else np.flatnonzero(update.threshold.zeroed)
        if len(zeroed):  # an open circle on the axis: L1's threshold set this weight to exactly 0
            fig.add_trace(
                go.Scatter(
                    x=[labels[k] for k in zeroed],
                    y=np.zeros(len(zeroed)),
                    mode="markers",
                    marker=dict(symbol="circle-open", size=10, color=LOSS_COLOR, line=dict(width=2)),
                    name="set to 0",
                    hovertemplate="%{x}: set to 0 by L1<extra></extra>",
                ),
                row=1,
                col=1,
            )
        change = update.after - update.before
        fig.add_trace(
            go.Bar(
                x=labels,
                y=change,
                name="change",
                marker_color=_signed(change),
                hovertemplate="%{x}: %{y:.4g}<extra>θ_t+1 − θ_t</extra>",
                showlegend=False,
            ),
            row=2,
            col=1,
        )
        fig.update_yaxes(title_text="change", row=2, col=1)
    fig.update_yaxes(title_text="θ", row=1, col=1)
    key = "grey: θ at the last epoch; below: g there" if last else "grey: θ_t; coloured: θ_t+1"
    if not last and update.threshold is not None and update.threshold.zeroed.any():
        key += "; ○ set to 0 by L1"
    if not last:
        key += "; below: the change"
    fig.update_layout(
        barmode="group",
        height=height,
        showlegend=False,
        title=dict(text=f"{key} (orange > 0, blue < 0)", font=dict(size=FONT_SIZE - 1), x=0, xanchor="left"),
        **_LAYOUT,
    )
    return fig


def batch_figure(
    X: np.ndarray,
    y: np.ndarray,
    rows: np.ndarray,
    title: str,
    axis_names: tuple[str, str] = ("x1", "x2"),
    height: int = 250,
) -> go.Figure:
    """The training points, this mini-batch's in their class colours and the rest faded."""
    in_batch = np.zeros(len(y), dtype=bool)
    in_batch[rows] = True
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=X[~in_batch, 0],
            y=X[~in_batch, 1],
            mode="markers",
            marker=dict(color="rgba(128,128,128,0.25)", size=5),
            name="other batches",
            hoverinfo="skip",
        )
    )
    for cls in (0, 1):
        mine = in_batch & (y == cls)
        fig.add_trace(
            go.Scatter(
                x=X[mine, 0],
                y=X[mine, 1],
                mode="markers",
                marker=dict(color=CLASS_COLORS[cls], size=9, line=dict(width=1, color="white")),
                name=f"class {cls}",
                customdata=np.flatnonzero(mine),
                hovertemplate="row %{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        title=dict(text=escaped(title), font=dict(size=TITLE_SIZE), x=0, xanchor="left"),
        xaxis=dict(title=escaped(axis_names[0]), showgrid=False),
        yaxis=dict(title=escaped(axis_names[1]), showgrid=False),
        showlegend=False,
        height=height,
        **_LAYOUT,
    )
    return fig
