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


SIGNED_SCALE = [[0.0, CLASS_COLORS[0]], [0.5, "rgba(128,128,128,0.12)"], [1.0, CLASS_COLORS[1]]]


def update_matrix_figure(
    names: tuple[str, ...],
    update: Update,
    class_labels: tuple[str, ...],
    picked: int | None = None,
    height: int = 250,
) -> go.Figure:
    """K ≥ 3 classes: the step as a matrix, one row per class, one column per weight. Colour: the change
    Θ_t+1 − Θ_t (orange > 0, blue < 0, grey near 0); on the last epoch the gradient there. The hover
    gives each entry's arithmetic, before − step = after; the picked class's row is outlined."""
    last = update.after is None
    z = update.gradient if last else update.after - update.before
    K, p = z.shape
    columns = [escaped(n) for n in names]
    rows = [escaped(c) for c in class_labels]
    if last:
        custom = np.stack([update.before, update.gradient], axis=-1)
        hover = "%{y}, %{x}<br>θ %{customdata[0]:.6g}<br>g %{customdata[1]:.4g}<extra>last epoch</extra>"
    else:
        custom = np.stack([update.before, update.gradient, update.step, update.after], axis=-1)
        hover = (
            "%{y}, %{x}<br>θ_t %{customdata[0]:.6g}<br>g %{customdata[1]:.4g}"
            "<br>step %{customdata[2]:.4g}<br>θ_t+1 %{customdata[3]:.6g}<extra>θ_t+1 − θ_t = %{z:.3g}</extra>"
        )
    top = float(np.nanmax(np.abs(z))) if np.isfinite(z).any() else 1.0
    fig = go.Figure(
        go.Heatmap(
            x=columns,
            y=rows,
            z=z,
            customdata=custom,
            zmid=0.0,
            zmin=-top or -1.0,
            zmax=top or 1.0,
            colorscale=SIGNED_SCALE,
            xgap=1,
            ygap=1,
            hovertemplate=hover,
            colorbar=dict(title=dict(text="g" if last else "change", side="right"), thickness=10, len=1.1),
        )
    )
    if picked is not None and 0 <= picked < K:  # the row the table shows
        fig.add_shape(
            type="rect",
            x0=-0.5,
            x1=p - 0.5,
            y0=picked - 0.5,
            y1=picked + 0.5,
            line=dict(color=CLASS_COLORS[picked % len(CLASS_COLORS)], width=3),
        )
    what = "g at Θ_E" if last else "Θ_t+1 − Θ_t"
    fig.update_layout(
        height=height,
        title=dict(
            text=f"{what}, per class and weight (orange > 0, blue < 0)",
            font=dict(size=FONT_SIZE - 1),
            x=0,
            xanchor="left",
        ),
        xaxis=dict(showgrid=False, tickangle=-45 if p > 6 else 0),
        yaxis=dict(
            showgrid=False,
            autorange="reversed",
            tickvals=rows,
            # each class's row named in its colour, as on the player: ■ class 2
            ticktext=[
                f"<span style='color:{CLASS_COLORS[j % len(CLASS_COLORS)]}'>■</span> {row}"
                for j, row in enumerate(rows)
            ],
        ),
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
    for cls in range(max(2, int(y.max()) + 1 if len(y) else 2)):  # every class, K ≥ 3 included
        mine = in_batch & (y == cls)
        fig.add_trace(
            go.Scatter(
                x=X[mine, 0],
                y=X[mine, 1],
                mode="markers",
                marker=dict(
                    color=CLASS_COLORS[cls % len(CLASS_COLORS)], size=9, line=dict(width=1, color="white")
                ),
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
