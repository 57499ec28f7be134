"""The Plotly figure builders: pure functions, colour-blind-safe classes, honest labels."""

from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from playground.palette import CLASS_COLORS
from playground.viz.evaluate_figures import weights_figure


def test_builders_are_pure() -> None:
    w = np.array([1.5, 0.0, -0.25])
    assert (
        weights_figure(["x1", "x2", "x1²"], w, 0.1).to_json()
        == weights_figure(["x1", "x2", "x1²"], w, 0.1).to_json()
    )


def test_weights_figure_marks_exact_zeros_and_uses_class_colours() -> None:
    fig = weights_figure(["x1", "x2", "x1²"], np.array([1.5, 0.0, -0.25]), 0.1)
    bar = fig.data[0]
    assert list(bar.text) == ["1.5", "0 (dropped)", "-0.25"]
    assert list(bar.marker.color) == [CLASS_COLORS[1], CLASS_COLORS[0], CLASS_COLORS[0]]
    assert "b = 0.1" in fig.layout.title.text


def test_viz_never_imports_streamlit() -> None:
    import playground.viz as viz

    for module in Path(viz.__file__).parent.glob("*.py"):
        assert "streamlit" not in module.read_text(encoding="utf-8"), module.name


def test_streamlits_chart_colours_are_the_palette() -> None:
    import tomllib

    from playground import palette

    config = tomllib.loads(
        (Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text()
    )
    assert tuple(config["theme"]["chartCategoricalColors"]) == palette.CATEGORICAL
    assert set(palette.CLASS_COLORS) <= set(palette.CATEGORICAL)


def test_type_is_legible_on_a_shared_screen() -> None:
    """Tick labels at least 12 px, the player's sizes (playground/palette.py), on every figure."""
    from playground.experiment import run_experiment
    from playground.palette import TICK_FONT_SIZE
    from playground.reports import report
    from playground.settings import Settings
    from playground.viz.evaluate_figures import (
        calibration_figure,
        precision_recall_figure,
        roc_at_threshold_figure,
    )

    scores = report(run_experiment(Settings(epochs=5)))
    figures = [
        roc_at_threshold_figure(scores),
        precision_recall_figure(scores),
        calibration_figure(scores),
        weights_figure(["x1", "x2"], np.array([1.0, -1.0]), 0.0),
    ]
    assert TICK_FONT_SIZE >= 12
    for fig in figures:
        assert fig.layout.xaxis.tickfont.size == fig.layout.yaxis.tickfont.size == TICK_FONT_SIZE


def test_the_views_and_the_player_switch_to_webgl_at_one_number() -> None:
    from playground import palette
    from playground.experiment import run_experiment
    from playground.grid import PointsView
    from playground.payload import build_payload
    from playground.settings import Settings
    from playground.viz.common import point_traces

    def kinds(n: int) -> set[type]:
        y = np.arange(n) % 2
        points = PointsView(np.zeros((n, 2)), y, y == 2, [0, 1, 0, 1], y, y, ("0", "1"), ("x1", "x2"))
        return {type(t) for t in point_traces(points)}

    assert kinds(palette.MANY_POINTS) == {go.Scatter} and kinds(palette.MANY_POINTS + 1) == {go.Scattergl}
    assert build_payload(run_experiment(Settings(epochs=1)))["palette"]["many_points"] == palette.MANY_POINTS
    js = (Path(palette.__file__).parent / "ui" / "player_charts.js").read_text(encoding="utf-8")
    assert "run.n > theme.manyPoints" in js and "pal.many_points" in js  # the browser reads the payload's
