"""The loss landscape's figure: log-scale contours of J over the slice, the recorded path over them."""

import math

import numpy as np
import plotly.graph_objects as go

from playground.loss_surface import Landscape
from playground.palette import FONT_SIZE, LANDSCAPE_SCALE, MARK_COLOR, PATH_COLOR, TITLE_SIZE

from .common import escaped

DECADES = 4  # the contours span J − J_min from its largest value on the slice down 4 decades


def log_gap(ls: Landscape) -> tuple[np.ndarray, float]:
    """log10(J − J_min + ε) over the grid, and ε: the gap to the lowest J, on a log scale.

    ε is 10^-DECADES of the largest gap on the slice, so the colours span DECADES decades and the
    valley floor does not swallow the scale.
    """
    gap = ls.J - ls.J_min
    top = float(np.nanmax(gap[np.isfinite(gap)])) if np.isfinite(gap).any() else 1.0
    eps = max(top, 1e-300) * 10.0**-DECADES
    with np.errstate(invalid="ignore"):
        return np.log10(np.where(np.isfinite(gap), gap, top) + eps), eps


def _ticks(eps: float, z: np.ndarray) -> tuple[list[float], list[str]]:
    """Colour-bar ticks at round values of J − J_min (one per decade), placed on the log10(· + ε) scale."""
    lo, hi = float(np.nanmin(z)), float(np.nanmax(z))
    values, text = [], []
    for k in range(math.floor(math.log10(eps)), math.ceil(hi) + 1):
        v = 10.0**k
        pos = math.log10(v + eps)
        if lo - 1e-9 <= pos <= hi + 1e-9:
            values.append(pos)
            text.append(f"{v:g}")
    return values, text


def landscape_figure(ls: Landscape, height: int = 470) -> go.Figure:
    """The slice's contours (J − J_min on a log scale), the path as markers and a line, its start,
    its end and the shown epoch marked; the one-line title says what the picture claims."""
    z, eps = log_gap(ls)
    tickvals, ticktext = _ticks(eps, z)
    t = ls.epoch
    titles = [escaped(s) for s in ls.titles]
    fig = go.Figure()
    fig.add_trace(
        go.Contour(
            x=ls.a,
            y=ls.c,
            z=z.astype(np.float32),
            customdata=ls.J.astype(np.float32),
            colorscale=LANDSCAPE_SCALE,
            ncontours=24,
            contours=dict(coloring="fill", showlines=True),
            line=dict(width=0.5, color="rgba(255,255,255,0.35)"),
            colorbar=dict(
                title=dict(text="J − J_min", side="right"),
                tickvals=tickvals,
                ticktext=ticktext,
                thickness=14,
                len=0.9,
            ),
            hovertemplate=f"{titles[0]} %{{x:.4g}}<br>{titles[1]} %{{y:.4g}}<br>J %{{customdata:.5g}}"
            "<extra>slice</extra>",
            name="J on the slice",
        )
    )
    epochs = np.arange(ls.path_a.size)
    finite = np.isfinite(ls.path_a) & np.isfinite(ls.path_c)
    many = ls.path_a.size > 400
    fig.add_trace(
        go.Scatter(
            x=ls.path_a[finite],
            y=ls.path_c[finite],
            mode="lines+markers",
            line=dict(color=PATH_COLOR, width=2),
            marker=dict(
                color=PATH_COLOR, size=3 if many else 6, line=dict(width=0 if many else 1, color=MARK_COLOR)
            ),
            customdata=np.column_stack([epochs, ls.path_objective])[finite],
            hovertemplate="epoch %{customdata[0]:d}<br>J %{customdata[1]:.5g}<extra>path</extra>",
            name="path",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[ls.path_a[t]],
            y=[ls.path_c[t]],
            mode="markers",
            marker=dict(symbol="circle", size=22, color=MARK_COLOR, line=dict(width=3, color=PATH_COLOR)),
            hovertemplate=f"epoch {t}, on the slice<br>J {ls.path_objective[t]:.5g}<extra></extra>",
            name=f"epoch {t}",
        )
    )
    last = ls.path_a.size - 1
    for name, k, symbol, size in (("start", 0, "square", 13), ("end", last, "star", 14)):
        fig.add_trace(
            go.Scatter(
                x=[ls.path_a[k]],
                y=[ls.path_c[k]],
                mode="markers",
                marker=dict(symbol=symbol, size=size, color=PATH_COLOR, line=dict(width=2, color=MARK_COLOR)),
                hovertemplate=f"{name}: epoch {k}<br>J {ls.path_objective[k]:.5g}<extra></extra>",
                name=f"{name} (epoch {k})",
            )
        )
    if ls.on_surface:
        claim = " · every point of the path lies on this surface"
    else:  # over 110 characters: on a line of its own, or the chart's right edge cuts it at 1280×720
        claim = f"<br>only epoch {t} lies on this surface: {escaped(ls.held)}"
    fig.update_layout(
        title=dict(
            text=f"J − J_min, log scale (J_min = {ls.J_min:.4g}){claim}",
            font=dict(size=TITLE_SIZE),
            x=0,
            xanchor="left",
        ),
        xaxis=dict(
            title=dict(text=titles[0], standoff=4),
            range=[float(ls.a[0]), float(ls.a[-1])],
            showgrid=False,
            zeroline=False,
        ),
        yaxis=dict(
            title=dict(text=titles[1], standoff=4),
            range=[float(ls.c[0]), float(ls.c[-1])],
            showgrid=False,
            zeroline=False,
        ),
        legend=dict(orientation="h", x=0, y=-0.2, xanchor="left", yanchor="top"),
        font=dict(size=FONT_SIZE),
        margin=dict(l=60, r=10, t=36 if ls.on_surface else 56, b=50),
        height=height,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        uirevision="landscape",
    )
    return fig
