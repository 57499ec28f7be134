"""The Compare and Evaluate figure builders: pure, in the palette, transparent, and visitor text escaped."""

import re
from dataclasses import replace

import numpy as np
import pytest

from playground.comparison import curves, labels
from playground.experiment import Points, run_experiment
from playground.grid import logits_on_grid, points_view
from playground.optimum import find_optimum
from playground.palette import CLASS_COLORS, FONT_SIZE, SERIES_COLORS
from playground.reports import logit, report
from playground.settings import Settings
from playground.viz.compare_figures import boundaries_figure, distance_figure, loss_figure
from playground.viz.evaluate_figures import (
    calibration_figure,
    confusion_at_threshold_figure,
    precision_recall_figure,
    roc_at_threshold_figure,
    threshold_boundary_figure,
    weights_figure,
)

HOSTILE = "<b>cat</b><a href='x'>"


@pytest.fixture(scope="module")
def runs():
    settings = [replace(Settings(), epochs=100), replace(Settings(), optimizer="newton", epochs=100)]
    exps = [run_experiment(s) for s in settings]
    optimum = find_optimum(exps[0].trainer.objective)
    return exps, [curves(e, optimum, label) for e, label in zip(exps, labels(settings), strict=True)]


def transparent_and_sized(fig) -> None:
    assert fig.layout.paper_bgcolor == "rgba(0,0,0,0)" and fig.layout.plot_bgcolor == "rgba(0,0,0,0)"
    assert fig.layout.font.size == FONT_SIZE


def test_loss_figure_overlays_train_and_test_per_run_with_the_optimum(runs) -> None:
    _, c = runs
    colors = list(SERIES_COLORS[:2])
    fig = loss_figure(c, colors, log_y=True, log_x=True, shown_epoch=42)
    transparent_and_sized(fig)
    assert fig.to_json() == loss_figure(c, colors, log_y=True, log_x=True, shown_epoch=42).to_json()
    names = [t.name for t in fig.data]
    assert names[0].startswith("J* = 0.149518") and names[1] == "1 · Gradient descent"
    runs_traces = [t for t in fig.data if t.legendgroup]
    assert [t.line.color for t in runs_traces] == [colors[0], colors[0], colors[1], colors[1]]
    assert [t.line.dash for t in runs_traces] == ["solid", "dash", "solid", "dash"]
    assert fig.layout.yaxis.type == "log" and fig.layout.xaxis.type == "log"
    assert fig.layout.shapes[0].x0 == 42  # the player's epoch, at its data value on the log axis
    assert fig.layout.annotations[0].x == pytest.approx(np.log10(42))
    linear = loss_figure(c, colors)
    assert linear.layout.yaxis.type == "linear" and not linear.layout.shapes


def test_distance_figure_is_on_a_log_axis_and_says_when_j_star_is_an_infimum(runs) -> None:
    _, c = runs
    fig = distance_figure(c, list(SERIES_COLORS[:2]))
    assert fig.layout.yaxis.type == "log"
    np.testing.assert_allclose(np.asarray(fig.data[0].y, dtype=float), c[0].gap)
    infimum = replace(c[0], optimum=replace(c[0].optimum, attained=False, value=0.0))
    fig = distance_figure([infimum], [SERIES_COLORS[0]])
    assert "J* = 0 is an infimum" in fig.layout.annotations[0].text


def test_boundaries_are_the_zero_level_of_each_run_in_its_colour(runs) -> None:
    exps, c = runs
    points = points_view(exps[0])
    Z = [logits_on_grid(e, points.bounds) for e in exps]
    fig = boundaries_figure(points, Z, [r.label for r in c], ["#D55E00", "#009E73"])
    lines = [t for t in fig.data if t.type == "contour"]
    assert [t.contours.start for t in lines] == [0.0, 0.0]
    assert [t.colorscale[0][1] for t in lines] == ["#D55E00", "#009E73"]
    points = [t for t in fig.data if t.type == "scatter"]
    assert {t.marker.line.color for t in points} == set(CLASS_COLORS[:2])  # two classes: blue and orange
    assert fig.layout.yaxis.scaleanchor == "x"


def test_visitor_text_is_escaped_in_the_figures() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((80, 2))
    y = (X[:, 0] + 0.3 * rng.standard_normal(80) > 0).astype(int)
    exp = run_experiment(
        replace(Settings(), upload="00ff", degree=1, epochs=20),
        Points(X, y, (HOSTILE, "dog"), (HOSTILE, "x2")),
    )
    points = points_view(exp)
    Z = logits_on_grid(exp, points.bounds)
    figures = [
        threshold_boundary_figure(points, Z, 0.3),
        boundaries_figure(points, [Z], ["run"], ["#D55E00"]),
        confusion_at_threshold_figure(report(exp)["train"], "train", exp.class_names),
    ]
    for fig in figures:
        text = fig.to_json()
        assert "<b>cat" not in text and "&lt;b&gt;cat" in text


def test_threshold_figures_mark_the_operating_point() -> None:
    exp = run_experiment(replace(Settings(), epochs=100))
    scores = report(exp, None, 0.3)
    roc = roc_at_threshold_figure(scores)
    markers = [t for t in roc.data if t.mode == "markers"]
    assert [(t.x[0], t.y[0]) for t in markers] == [scores["train"].roc_point, scores["test"].roc_point]
    pr = precision_recall_figure(scores)
    curves_ = [t for t in pr.data if t.mode == "lines" and t.showlegend is not False]
    assert [t.line.shape for t in curves_] == ["hv", "hv"]
    assert curves_[0].name == f"train (AP {scores['train'].average_precision:.3f})"
    markers = [t for t in pr.data if t.mode == "markers"]
    assert [(t.x[0], t.y[0]) for t in markers] == [scores["train"].pr_point, scores["test"].pr_point]

    points = points_view(exp)
    Z = logits_on_grid(exp, points.bounds)
    fig = threshold_boundary_figure(points, Z, 0.3)
    levels = sorted(t.contours.start for t in fig.data if t.type == "contour")
    assert levels == pytest.approx(sorted([logit(0.3), 0.0]))
    np.testing.assert_array_equal(fig.data[0].z, (Z > logit(0.3)).astype(np.uint8))  # the shaded regions
    everything = threshold_boundary_figure(points, Z, 0.0)
    assert [t.contours.start for t in everything.data if t.type == "contour"] == [0.0]  # only p = ½
    assert np.all(everything.data[0].z == 1)  # at t = 0 every point is predicted class 1


def test_calibration_figure_counts_the_points_in_each_bin() -> None:
    exp = run_experiment(replace(Settings(), epochs=100))
    scores = report(exp)
    fig = calibration_figure(scores)
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.yaxis for t in bars] == ["y2", "y2"]
    np.testing.assert_array_equal(bars[0].y, scores["train"].calibration.counts)
    lines = [t for t in fig.data if t.type == "scatter" and t.name in ("train", "test")]
    np.testing.assert_allclose(lines[1].y, scores["test"].calibration.prob_true)
    transparent_and_sized(fig)


def test_the_loss_axis_keeps_an_overfitting_test_loss_and_drops_a_diverged_run() -> None:
    from playground.scenes import SCENE_BY_KEY

    overfit = run_experiment(SCENE_BY_KEY["overfit"].settings)
    diverged = run_experiment(replace(SCENE_BY_KEY["overfit"].settings, learning_rate=100.0))
    assert diverged.trainer.status == "diverged"
    optimum = find_optimum(overfit.trainer.objective)
    c = [curves(e, optimum, label) for e, label in ((overfit, "overfit"), (diverged, "too large"))]
    low, high = loss_figure(c, list(SERIES_COLORS[:2])).layout.yaxis.range
    assert high >= np.nanmax(c[0].test_loss)  # the test loss turning up is in view
    assert high < np.nanmax(c[1].objective)  # the diverged run leaves the top
    assert low <= optimum.value


# Plotly's pseudo-HTML decodes these named entities and numeric ones, once; any other (&quot;) stays
# on screen as typed (plotly.js src/lib/svg_text_utils.js, entityToUnicode)
_PLOTLY_ENTITIES = {"mu": "μ", "amp": "&", "lt": "<", "gt": ">", "nbsp": "\xa0", "times": "×", "plusmn": "±"}
_PLOTLY_ENTITIES["deg"] = "°"


def plotly_shows(text: str) -> str:
    """What Plotly draws for a text without tags: its entities decoded once, as plotly.js does."""

    def decode(m: re.Match) -> str:
        code = m.group(1)
        if code.startswith("#"):
            return chr(int(code[2:], 16) if code[1] == "x" else int(code[1:]))
        return _PLOTLY_ENTITIES.get(code, m.group(0))

    return re.sub(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);", decode, text)


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


QUOTED = 'say "hi" <b>x</b> & 5 > 3 it\'s &amp; &quot;'


def test_visitor_text_shows_as_typed_in_every_figure(runs) -> None:
    """A double quote, < > & and entities in a column name, class label or run label read on the chart
    exactly as typed (escaped once, for Plotly's pseudo-HTML): not `&quot;`, never as markup."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((80, 2))
    y = (X[:, 0] + 0.3 * rng.standard_normal(80) > 0).astype(int)
    names = (QUOTED + " 0", QUOTED + " 1")
    exp = run_experiment(
        replace(Settings(), upload="00ff", degree=1, epochs=20), Points(X, y, names, (QUOTED, "x2"))
    )
    points = points_view(exp)
    Z = logits_on_grid(exp, points.bounds)
    _, run_curves = runs
    run_curves = [replace(run_curves[0], label=QUOTED)]
    figures = {
        "boundary": threshold_boundary_figure(points, Z, 0.3),
        "boundaries": boundaries_figure(points, [Z], [QUOTED], ["#D55E00"]),
        "confusion": confusion_at_threshold_figure(report(exp)["train"], "train", exp.class_names),
        "loss": loss_figure(run_curves, ["#D55E00"]),
        "weights": weights_figure([QUOTED, "x2"], np.array([1.0, 0.0]), 0.5),
    }
    for what, fig in figures.items():
        raw = strings(fig.to_plotly_json())
        shown = [plotly_shows(s) for s in raw]
        assert any(QUOTED in s for s in shown), (what, shown)
        assert not any("&quot;hi" in s or "<b>x" in r for s, r in zip(shown, raw, strict=True)), what


@pytest.mark.parametrize("class_names", [("0", "1"), ("1.5", "-2"), ("abcdefgh1", "abcdefgh2")])
def test_confusion_matrix_ticks_are_the_class_names(class_names) -> None:
    """Two numeric-looking labels made Plotly draw a linear axis (−0.5, 0, 0.5, 1); two long labels cut
    to the same 6 characters must stay two columns."""
    rng = np.random.default_rng(1)
    X = rng.standard_normal((60, 2))
    y = (X[:, 0] > 0).astype(int)
    exp = run_experiment(
        replace(Settings(), upload="00ff", degree=1, epochs=5), Points(X, y, class_names, ("x1", "x2"))
    )
    for fig in (confusion_at_threshold_figure(report(exp)["train"], "train", exp.class_names),):
        xa, ya = fig.layout.xaxis, fig.layout.yaxis
        assert list(xa.tickvals) == [0, 1] and list(ya.tickvals) == [0, 1]
        for axis_text in (xa.ticktext, ya.ticktext):
            short = [plotly_shows(t).removeprefix("predicted ").removeprefix("true ") for t in axis_text]
            assert all(
                s.rstrip("…") and n.startswith(s.rstrip("…")) for s, n in zip(short, class_names, strict=True)
            )
        assert list(fig.data[0].x) == [0, 1] and list(fig.data[0].y) == [0, 1]


def test_two_class_iris_fills_compares_boundary_chart() -> None:
    # iris's petals are 6 cm by 2.5: one unit as long on both axes squashed the chart to a strip
    exp = run_experiment(Settings(dataset="iris", degree=1))
    points = points_view(exp)
    fig = boundaries_figure(points, [logits_on_grid(exp, points.bounds)], ["run 1"], ["#D55E00"])
    assert fig.layout.yaxis.scaleanchor is None


def test_a_class_named_like_a_placeholder_hovers_as_typed() -> None:
    # the name travels as data (%{text}), never inside the template, where "%{y}" would be filled in
    from playground.viz.common import point_traces

    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0], [3.0, 1.0]])
    points = Points(X, np.array([0, 0, 1, 1]), ("%{y}", "<b>b</b>"), classes=("%{y}", "<b>b</b>"))
    exp = run_experiment(replace(Settings(), upload="ab", test_size=0.0, degree=1), points)
    traces = point_traces(points_view(exp))
    assert all("%{y}" not in t.hovertemplate.split("<br>")[1].replace("%{y:.3g}", "") for t in traces)
    assert {t.text[0] for t in traces} == {"%{y}", "&lt;b&gt;b&lt;/b&gt;"}


def test_a_class_named_like_a_placeholder_hovers_as_typed_on_the_k_class_curves() -> None:
    from playground.reports import class_report
    from playground.viz.evaluate_figures import pr_ovr_figure, roc_ovr_figure

    exp = run_experiment(Settings(dataset="blobs", n_classes=3, degree=1, noise=0.6))
    names = ("%{y}", "b", "c")
    r = class_report(exp, exp.trainer.history.n_epochs)
    split = "test" if "test" in r else "train"
    for fig in (roc_ovr_figure(r[split], split, names), pr_ovr_figure(r[split], split, names)):
        (first,) = [t for t in fig.data if t.name.startswith("%{y}")]
        assert "&#37;{y} vs rest" in first.hovertemplate and "<extra>%{y}" not in first.hovertemplate


def test_the_k_class_curves_are_one_line_a_class_in_its_colour_with_its_score() -> None:
    from playground.palette import CLASS_COLORS
    from playground.reports import class_report
    from playground.viz.evaluate_figures import pr_ovr_figure, roc_ovr_figure

    exp = run_experiment(Settings(dataset="blobs", n_classes=3, degree=1, noise=0.6))
    r = class_report(exp, exp.trainer.history.n_epochs)["train"]
    names = ("a", "b", "c")
    roc, pr = roc_ovr_figure(r, "train", names), pr_ovr_figure(r, "train", names)
    chance, *lines = roc.data
    assert chance.name == "chance" and list(chance.x) == [0, 1]
    assert [t.name for t in lines] == [f"{n} ({c.auc:.3f})" for n, c in zip(names, r.curves, strict=True)]
    assert [t.name for t in pr.data] == [
        f"{n} ({c.average_precision:.3f})" for n, c in zip(names, r.curves, strict=True)
    ]
    for fig in (lines, pr.data):
        assert [t.line.color for t in fig] == list(CLASS_COLORS[:3])
    assert all(t.line.shape == "hv" for t in pr.data) and roc.layout.legend.xanchor == "right"
    assert pr.layout.legend.xanchor == "left" and list(pr.data[1].x) == list(r.curves[1].recall)
