"""What the figures of the Compare and Evaluate views share: the layout (transparent, so the light and
the dark theme both show through; text sizes from the palette), the points drawn as the player draws
them, and a boundary line from logits on a grid."""

import html

import numpy as np
import plotly.graph_objects as go

from playground.grid import PointsView
from playground.palette import CLASS_COLORS, FONT_SIZE, MANY_POINTS, TICK_FONT_SIZE, TITLE_SIZE


def layout(title: str, height: int, **more: object) -> dict:
    """A figure's layout: title, transparent backgrounds, the palette's text sizes, tight margins."""
    base = dict(
        title=dict(text=title, font=dict(size=TITLE_SIZE), x=0, xanchor="left", y=0.98, yanchor="top"),
        font=dict(size=FONT_SIZE),
        margin=dict(l=55, r=10, t=34, b=40),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        height=height,
        legend=dict(font=dict(size=FONT_SIZE)),
        hoverlabel=dict(font=dict(size=FONT_SIZE)),
    )
    base.update(more)
    return base


def axis(title: str, **more: object) -> dict:
    """An axis with its title and tick labels in the palette's sizes; `more` adds or overrides."""
    return {
        "title": dict(text=title, font=dict(size=FONT_SIZE)),
        "tickfont": dict(size=TICK_FONT_SIZE),
        **more,
    }


def escaped(text: object) -> str:
    """Visitor text for Plotly, escaped once for its pseudo-HTML: Plotly reads <a>, <b>, <br> … as markup
    and decodes &lt; &gt; &amp; and numeric entities, but not &quot; (html.escape's default for a double
    quote, which then showed as typed): quotes are left as they are (quote=False)."""
    return html.escape(str(text), quote=False)


def in_template(text: object) -> str:
    """Visitor text inside a hover template: escaped(), and "%" as an entity, so that a class called
    "%{y}" is not filled in with a number (Plotly fills the template first, then decodes entities)."""
    return escaped(text).replace("%", "&#37;")


def category_axis(names: list[str], **more: object) -> dict:
    """A categorical axis at positions 0, 1, … labelled `names` (already escaped): Plotly reads two
    numeric-looking names ("0", "1") as numbers and draws a linear axis (−0.5, 0, 0.5, 1), and merges
    two equal names (two long labels cut alike) into one column."""
    return axis("", tickmode="array", tickvals=list(range(len(names))), ticktext=names, **more)


def point_traces(points: PointsView, legend: bool = True, opacity: float = 0.9) -> list[go.Scatter]:
    """The points in the class colours (class k in CLASS_COLORS[k], for each of the K classes), training
    points filled and test points hollow (as in the player)."""
    X, y, is_test, class_names = points.X, points.y, points.is_test, points.class_names
    kind = go.Scattergl if len(y) > MANY_POINTS else go.Scatter
    size = 5 if len(y) > MANY_POINTS else 7
    a, b = (escaped(n) for n in points.axis_names)
    traces = []
    for label in range(points.n_classes):
        for test in (False, True):
            rows = (y == label) & (is_test == test)
            if not rows.any():
                continue
            name = f"{escaped(class_names[label])}{' (test)' if test else ''}"
            traces.append(
                kind(
                    x=X[rows, 0],
                    y=X[rows, 1],
                    mode="markers",
                    name=name,
                    legendgroup=f"class{label}",
                    showlegend=legend,
                    marker=dict(
                        size=size,
                        color="rgba(0,0,0,0)" if test else CLASS_COLORS[label],
                        line=dict(color=CLASS_COLORS[label], width=1.5 if test else 0.5),
                        opacity=opacity,
                    ),
                    # the name as data, not inside the template: a class called "%{x}" stays as typed
                    text=[name] * int(rows.sum()),
                    hovertemplate=f"{a} %{{x:.3g}}<br>{b} %{{y:.3g}}<extra>%{{text}}</extra>",
                )
            )
    return traces


def level_line(
    points: PointsView,
    Z: np.ndarray,
    level: float,
    name: str,
    color: str,
    dash: str = "solid",
    legend: bool = True,
) -> go.Contour:
    """The line where the logits Z on the points' grid (len(x2), len(x1)) equal `level`: a boundary
    p = σ(level)."""
    return go.Contour(
        x=points.x1,
        y=points.x2,
        z=np.asarray(Z, dtype=np.float32),  # half the bytes of float64; a line needs no more
        autocontour=False,
        contours=dict(start=level, end=level, size=1.0, coloring="lines", showlabels=False),
        colorscale=[[0, color], [1, color]],  # a contour line takes its colour from the scale
        line=dict(width=3, dash=dash),
        showscale=False,
        name=name,
        showlegend=legend,
        hoverinfo="skip",
    )


def class_boundary_lines(
    points: PointsView, Z: np.ndarray, color: str, width: float = 2.5, dash: str = "solid"
) -> list[go.Contour]:
    """The K-class boundaries from the scores Z on the points' grid (len(x2), len(x1), K): the edge of
    class k's region is where its margin m_k = z_k − max_{j≠k} z_j is 0 (it wins where m_k > 0), so
    each line lies where the two most probable classes tie. One line per class that wins somewhere;
    a shared edge is drawn by both of its classes, in the same place."""
    Z = np.asarray(Z, dtype=np.float64)
    K = Z.shape[-1]
    top2 = np.sort(Z, axis=-1)[..., -2:]  # the two largest scores of each cell
    lines = []
    for k in range(K):
        rival = np.where(Z[..., k] == top2[..., 1], top2[..., 0], top2[..., 1])  # max over j ≠ k
        margin = Z[..., k] - rival
        if not (margin > 0).any() or (margin >= 0).all():
            continue  # class k wins nowhere (no edge) or everywhere (no edge inside the frame)
        lines.append(
            go.Contour(
                x=points.x1,
                y=points.x2,
                z=margin.astype(np.float32),
                autocontour=False,
                contours=dict(start=0.0, end=0.0, size=1.0, coloring="lines", showlabels=False),
                colorscale=[[0, color], [1, color]],
                line=dict(width=width, dash=dash),
                showscale=False,
                showlegend=False,
                name="boundary",
                hoverinfo="skip",
            )
        )
    return lines


ELONGATED = 2.0  # a frame this many times wider than high (or higher than wide) fills its chart instead


def point_axes(points: PointsView, fill_elongated: bool = False) -> dict:
    """x and y axes over the points' frame, one unit as long on both; with `fill_elongated`, a frame
    ELONGATED times wider than high or more (iris's petals: 6 cm by 2.5) fills the chart, as the
    player's does, rather than leave a strip a few points high."""
    bounds, axis_names = points.bounds, points.axis_names
    ratio = (bounds[1] - bounds[0]) / max(bounds[3] - bounds[2], 1e-12)
    same_unit = {} if fill_elongated and not 1 / ELONGATED < ratio < ELONGATED else {"scaleanchor": "x"}
    return dict(
        xaxis=axis(
            escaped(axis_names[0]), range=bounds[:2], constrain="domain", showgrid=False, zeroline=False
        ),
        yaxis=axis(
            escaped(axis_names[1]),
            range=bounds[2:],
            **same_unit,
            constrain="domain",
            showgrid=False,
            zeroline=False,
        ),
    )
