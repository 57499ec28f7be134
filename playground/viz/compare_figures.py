"""Figures of the Compare page: runs overlaid, one colour per run (the palette's SERIES_COLORS), train
solid and test dashed as everywhere; the optimum J* as a dashed reference line."""

import numpy as np
import plotly.graph_objects as go

from playground.comparison import RunCurves
from playground.grid import PointsView
from playground.palette import FONT_SIZE, REFERENCE_COLOR, SPLIT_DASH, TICK_FONT_SIZE

from .common import axis, escaped, layout, level_line, point_axes, point_traces

HEIGHT = 390
POINTS_UNDER_RUNS = 0.35  # K ≥ 3: the points' opacity under the runs' boundary lines


def _epochs(values: np.ndarray) -> np.ndarray:
    return np.arange(len(values))


def _epoch_axis(log_x: bool) -> dict:
    return axis("epoch (log scale)" if log_x else "epoch", type="log" if log_x else "linear")


def _player_marker(shown_epoch: int | None, log_x: bool) -> dict:
    """Layout parts: a dotted vertical line at the epoch the player shows (epoch 0 has no place on a
    log axis). On a log axis Plotly places a shape at the data value but an annotation at its log10."""
    if shown_epoch is None or (log_x and shown_epoch < 1):
        return {"shapes": [], "annotations": []}
    line = dict(
        type="line",
        x0=shown_epoch,
        x1=shown_epoch,
        y0=0,
        y1=1,
        yref="paper",
        line=dict(color=REFERENCE_COLOR, width=1.5, dash="dot"),
    )
    note = dict(
        x=float(np.log10(shown_epoch)) if log_x else shown_epoch,
        y=1,
        yref="paper",
        text=f"player: epoch {shown_epoch}",
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font=dict(size=TICK_FONT_SIZE),
    )
    return {"shapes": [line], "annotations": [note]}


def _optimum_groups(runs: list[RunCurves]) -> list[tuple[float, list[int], bool]]:
    """The distinct J* among the runs, with the runs (1-based) that share each, and whether it is exact."""
    groups: dict[float, tuple[list[int], bool]] = {}
    for i, run in enumerate(runs, 1):
        key = round(run.optimum.value, 13)
        members, exact = groups.get(key, ([], True))
        groups[key] = ([*members, i], exact and run.optimum.exact)
    return [(value, members, exact) for value, (members, exact) in groups.items()]


def _loss_range(runs: list[RunCurves], log_y: bool) -> list[float]:
    """From the lowest loss or J* to the highest loss of the runs that did not blow up (J never 1.5
    times its start): a run that diverges leaves the top of the chart instead of squashing the
    others, while a test loss that turns up (overfitting) stays in view."""
    highs = [run.objective[0] for run in runs]
    for run in runs:
        if np.nanmax(run.objective) <= 1.5 * run.objective[0]:
            highs.append(np.nanmax(run.objective))
            if run.test_loss is not None:
                highs.append(np.nanmax(run.test_loss))
    lows = [np.nanmin(run.objective) for run in runs] + [run.optimum.value for run in runs]
    lows += [np.nanmin(r.test_loss) for r in runs if r.test_loss is not None]
    high, low = float(np.nanmax(highs)), float(np.nanmin(lows))
    if log_y:
        low = min((v for v in lows if v > 0), default=high / 10)
        return [float(np.log10(low)) - 0.05, float(np.log10(high)) + 0.05]
    return [low - 0.03 * (high - low), high + 0.05 * (high - low)]


def _gap_range(runs: list[RunCurves]) -> list[float] | None:
    """log10 range of J − J*: down to the smallest gap shown, up to just above where the runs start."""
    gaps = np.concatenate([run.gap for run in runs])
    gaps = gaps[np.isfinite(gaps) & (gaps > 0)]
    starts = [run.gap[0] for run in runs if np.isfinite(run.gap[0]) and run.gap[0] > 0]
    if gaps.size == 0 or not starts:
        return None
    return [float(np.log10(gaps.min())) - 0.3, float(np.log10(max(starts))) + 0.5]


def _legend_below() -> dict:
    return dict(orientation="h", x=0, y=-0.18, yanchor="top", font=dict(size=FONT_SIZE))


def _curve(values: np.ndarray, name: str, line: dict, hover: str, **more: object) -> go.Scatter:
    """A run's quantity epoch by epoch, as a line; hover: what follows "epoch e: " in its hover label."""
    return go.Scatter(
        x=_epochs(values),
        y=values,
        mode="lines",
        name=name,
        line=line,
        hovertemplate="epoch %{x}: " + hover,
        **more,
    )


def loss_figure(
    runs: list[RunCurves],
    colors: list[str],
    *,
    log_y: bool = False,
    log_x: bool = False,
    shown_epoch: int | None = None,
) -> go.Figure:
    """Each run's training objective J (solid) and test loss (dashed), epoch by epoch, with the optimum
    J* of each distinct objective as a dashed grey line."""
    traces = []
    last = max(len(run.objective) for run in runs) - 1
    x_range = [1, max(last, 2)] if log_x else [0, max(last, 1)]
    groups = _optimum_groups(runs)
    for value, members, exact in groups:
        if value <= 0 and log_y:
            continue  # an infimum of 0 has no place on a log axis
        whose = "" if len(groups) == 1 else f" of run {', '.join(map(str, members))}"
        traces.append(
            go.Scatter(
                x=x_range,
                y=[value, value],
                mode="lines",
                name=f"J*{whose} = {value:.6g}{'' if exact else ' (approx.)'}",
                line=dict(color=REFERENCE_COLOR, width=1.5, dash="dash"),
                hovertemplate=f"the optimum J* = {value:.10g}<extra></extra>",
            )
        )
    for i, (run, color) in enumerate(zip(runs, colors, strict=True), 1):
        name = f"{i} · {escaped(run.label)}"
        train = dict(color=color, width=2.5, dash=SPLIT_DASH["train"])
        hover = f"J = %{{y:.6g}}<extra>{name} · train</extra>"
        traces.append(_curve(run.objective, name, train, hover, legendgroup=f"run{i}"))
        if run.test_loss is not None:
            test = dict(color=color, width=1.5, dash=SPLIT_DASH["test"])
            hover = f"test loss %{{y:.6g}}<extra>{name} · test</extra>"
            traces.append(
                _curve(run.test_loss, f"{name} · test", test, hover, legendgroup=f"run{i}", showlegend=False)
            )
    return go.Figure(
        traces,
        layout(
            "Loss: train J (solid), test (dashed)",
            HEIGHT,
            xaxis=_epoch_axis(log_x),
            yaxis=axis(
                "loss (log scale)" if log_y else "loss",
                type="log" if log_y else "linear",
                range=_loss_range(runs, log_y),
            ),
            legend=_legend_below(),
            margin=dict(l=55, r=10, t=34, b=20),
            **_player_marker(shown_epoch, log_x),
        ),
    )


def distance_figure(
    runs: list[RunCurves], colors: list[str], *, log_x: bool = False, shown_epoch: int | None = None
) -> go.Figure:
    """J − J* on a log axis, each run against the optimum of its own objective: a straight line is linear
    convergence (gradient descent, momentum), a plunge is quadratic (Newton)."""
    traces, notes = [], {}
    for i, (run, color) in enumerate(zip(runs, colors, strict=True), 1):
        name = f"{i} · {escaped(run.label)}"
        hover = f"J − J* = %{{y:.3e}}<extra>{name}</extra>"
        traces.append(_curve(run.gap, name, dict(color=color, width=2.5), hover, connectgaps=False))
        if not run.optimum.attained:
            notes.setdefault("separable data: J* = 0 is an infimum", []).append(i)
        elif not run.optimum.exact:
            notes.setdefault(f"J* only approximate (optimality {run.optimum.optimality:.0e})", []).append(i)
    notes = [
        f"run{'s' if len(who) > 1 else ''} {', '.join(map(str, who))}: {text}" for text, who in notes.items()
    ]
    marker = _player_marker(shown_epoch, log_x)
    if notes:
        marker["annotations"].append(
            dict(
                text="<br>".join(notes),
                xref="paper",
                yref="paper",
                x=1,
                y=1,
                xanchor="right",
                yanchor="top",
                showarrow=False,
                font=dict(size=TICK_FONT_SIZE),
                align="right",
            )
        )
    return go.Figure(
        traces,
        layout(
            "Distance to the optimum, J − J* (log scale)",
            HEIGHT,
            xaxis=_epoch_axis(log_x),
            yaxis=axis("J − J*", type="log", exponentformat="power", range=_gap_range(runs)),
            legend=_legend_below(),
            margin=dict(l=55, r=10, t=34, b=20),
            **marker,
        ),
    )


def class_edges(Z: np.ndarray) -> list[np.ndarray]:
    """The margins m_k = z_k − max_{j≠k} z_j of a K-class model's scores Z (len(x2), len(x1), K) whose
    0-level lines are its boundaries: class k wins where m_k > 0, so m_k = 0 where k ties with the most
    probable other class. Every edge lies between two classes, at least one of them below K − 1: the
    first K − 1 margins draw every edge, and a class that wins nowhere or everywhere has none."""
    top2 = np.sort(Z, axis=-1)[..., -2:]  # the two largest scores of each grid cell
    edges = []
    for k in range(Z.shape[-1] - 1):
        rival = np.where(Z[..., k] == top2[..., 1], top2[..., 0], top2[..., 1])  # max over j ≠ k
        margin = Z[..., k] - rival
        if (margin > 0).any() and (margin < 0).any():
            edges.append(margin)
    return edges


def boundaries_figure(
    points: PointsView, logits: list[np.ndarray], labels: list[str], colors: list[str]
) -> go.Figure:
    """Each run's final boundary over the current points: p = ½ (its logits on the points' grid equal 0)
    for two classes; for K ≥ 3 the lines where its two most probable classes tie (`class_edges`), all in
    the run's colour. Runs of different K may share the chart. No legend: the runs' colours are those
    of the loss chart's legend."""
    two = all(Z.ndim == 2 for Z in logits)
    # K classes' colours are the runs' colours too: pale points, so the lines read as runs
    traces = point_traces(points, legend=False, **({} if two else {"opacity": POINTS_UNDER_RUNS}))
    for i, (Z, label, color) in enumerate(zip(logits, labels, colors, strict=True), 1):
        name = f"{i} · {escaped(label)}"
        for edge in class_edges(Z) if Z.ndim == 3 else [Z]:
            traces.append(level_line(points, edge, 0.0, name, color, legend=False))
    return go.Figure(
        traces,
        layout(
            "Final boundaries (p = ½)" if two else "Final boundaries (where two classes tie)",
            HEIGHT,
            margin=dict(l=45, r=10, t=34, b=40),
            **point_axes(points, fill_elongated=True),
        ),
    )
