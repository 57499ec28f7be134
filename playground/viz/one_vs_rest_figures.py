"""Figures of the One-vs-rest page: the plane as K separate binary models claim it (p_k > ½), with
the zones no model claims hatched and the zones two or more claim crossed, and beside it softmax's
regions (argmax_k p_k), which cover the plane exactly once. Pure functions of the numbers
playground/one_vs_rest.py computes; the field is a heatmap under the points, its colours the classes'
own at low opacity so the light and the dark theme both show through."""

import numpy as np
import plotly.graph_objects as go

from playground.grid import PointsView
from playground.one_vs_rest import Regions
from playground.palette import CLASS_COLOR_NAMES, CLASS_COLORS, REFERENCE_COLOR

from .common import in_template, layout, point_axes, point_traces

FIELD_ALPHA = 0.35  # a class's region: its colour, pale enough for its points to stand out on it
# a faint grey under the crosses: the doubly claimed zones read as one patch, on white and on black
DOUBLE_FILL = "rgba(128, 128, 128, 0.25)"
# A mark on every n-th grid node each way: a pattern, not a blot. The unclaimed zone is often a small
# patch among the points, so its hatching is denser than the crosses on the wide doubly claimed zones.
HATCH_STRIDE, CROSS_STRIDE = 2, 4


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _discrete_scale(colors: list[str]) -> list[list]:
    """A heatmap colour scale that gives code i (zmin = −½, zmax = len(colors) − ½) exactly colors[i]."""
    m = len(colors)
    scale = []
    for i, color in enumerate(colors):
        scale += [[i / m, color], [(i + 1) / m, color]]
    return scale


def _field(
    r: Regions, codes: np.ndarray, p: np.ndarray, what: str, colors: list[str], names: tuple[str, ...]
) -> go.Heatmap:
    """The regions as a heatmap of codes (one colour each); hovering a node gives `what` the field
    shows and every class's probability, by the class's name and colour ("p(setosa, blue) 97%"; a
    visitor's names as typed: in_template). The probabilities travel as whole percentages in one
    byte each (Plotly sends typed arrays as binary): a quarter of float32's bytes, and no per-node
    text, which cost about 200 KB per figure."""
    K = p.shape[-1]
    percentages = "<br>".join(
        f"p({in_template(names[k])}, {CLASS_COLOR_NAMES[k]}) %{{customdata[{k}]}}%" for k in range(K)
    )
    return go.Heatmap(
        x=r.x1,
        y=r.x2,
        z=codes.astype(np.int8),
        zmin=-0.5,
        zmax=len(colors) - 0.5,
        colorscale=_discrete_scale(colors),
        showscale=False,
        customdata=np.rint(100 * p).astype(np.uint8),
        hovertemplate=f"{what}<br>{percentages}<extra></extra>",
        name="regions",
    )


def _marks(r: Regions, where: np.ndarray, symbol: str, color: str, name: str, stride: int) -> go.Scatter:
    """Marks on every `stride`-th grid node inside `where` (m2, m1): a hatch or cross pattern."""
    grid = np.zeros_like(where)
    grid[::stride, ::stride] = True
    rows, columns = np.nonzero(where & grid)
    return go.Scatter(
        x=r.x1[columns],
        y=r.x2[rows],
        mode="markers",
        marker=dict(symbol=symbol, size=7, line=dict(color=color, width=1.5), color=color),
        name=name,
        hoverinfo="skip",
        legendgroup=name,
        legendrank=1001,  # after the classes (1000, the default)
        visible=True if rows.size else "legendonly",  # the legend still says what the mark means
    )


def _figure(points: PointsView, traces: list, title: str, height: int) -> go.Figure:
    """The field's traces under the points; the legend to the right of the square map, in short names
    (it takes the map's width), so that the two maps side by side are the same size."""
    fig = go.Figure(traces + point_traces(points, opacity=0.95))
    fig.update_layout(
        **layout(
            title,
            height,
            showlegend=True,
            # beside the square map, where its column has room to spare; below it, the page would scroll
            legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top", font=dict(size=13)),
            margin=dict(l=55, r=10, t=34, b=40),
        ),
        **point_axes(points, fill_elongated=True),
    )
    return fig


def one_vs_rest_figure(points: PointsView, r: Regions, height: int = 430) -> go.Figure:
    """One-vs-rest's claims: a node where one model alone says p_k > ½ in class k's pale colour,
    hatched where no model does, grey and crossed where two or more do."""
    K = r.ovr_claims.shape[-1]
    codes = r.ovr_codes
    colors = [_rgba(CLASS_COLORS[k], FIELD_ALPHA) for k in range(K)] + ["rgba(0, 0, 0, 0)", DOUBLE_FILL]
    traces = [
        _field(r, codes, r.ovr_p, "model k claims where its p_k > 50%", colors, points.class_names),
        _marks(r, codes == K, "line-ne", REFERENCE_COLOR, "unclaimed", HATCH_STRIDE),
        _marks(r, codes == K + 1, "x-thin", REFERENCE_COLOR, "2+ claims", CROSS_STRIDE),
    ]
    return _figure(points, traces, "One-vs-rest: K binary models, each p_k > ½", height)


def softmax_figure(points: PointsView, r: Regions, height: int = 430) -> go.Figure:
    """Softmax's regions: every node in the pale colour of its most probable class, argmax_k p_k."""
    K = r.softmax_p.shape[-1]
    colors = [_rgba(CLASS_COLORS[k], FIELD_ALPHA) for k in range(K)]
    field = _field(
        r, r.softmax_class, r.softmax_p, "softmax predicts the largest p_k", colors, points.class_names
    )
    return _figure(points, [field], "Softmax: the most probable class, argmax p_k", height)
