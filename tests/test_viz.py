"""The Plotly figure builders: pure functions, colour-blind-safe classes, honest labels."""

from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from playground.viz import CLASS_COLORS, confusion_figure, roc_figure, weights_figure


def test_builders_are_pure() -> None:
    cm = np.array([[5, 1], [2, 7]])
    assert confusion_figure(cm, "t").to_json() == confusion_figure(cm, "t").to_json()
    curves = {"train": (np.array([0, 0.5, 1]), np.array([0, 0.9, 1]), 0.9)}
    assert roc_figure(curves).to_json() == roc_figure(curves).to_json()


def test_roc_figure_labels_the_auc_and_draws_chance() -> None:
    fig = roc_figure(
        {"train": (np.array([0.0, 1.0]), np.array([0.0, 1.0]), 0.5), "test": ([0, 1], [0, 1], None)}
    )
    assert isinstance(fig, go.Figure)
    names = [t.name for t in fig.data]
    assert names == ["chance", "train (AUC 0.500)", "test"]


def test_confusion_figure_writes_the_counts() -> None:
    fig = confusion_figure(np.array([[50, 3], [4, 43]]), "test")
    assert [list(r) for r in fig.data[0].text] == [["50", "3"], ["4", "43"]]
    assert fig.layout.yaxis.ticktext == ("true 0", "true 1")


def test_weights_figure_marks_exact_zeros_and_uses_class_colours() -> None:
    fig = weights_figure(["x1", "x2", "x1²"], np.array([1.5, 0.0, -0.25]), 0.1)
    bar = fig.data[0]
    assert list(bar.text) == ["1.5", "0 (dropped)", "-0.25"]
    assert list(bar.marker.color) == [CLASS_COLORS[1], CLASS_COLORS[0], CLASS_COLORS[0]]
    assert "b = 0.1" in fig.layout.title.text


def test_viz_never_imports_streamlit() -> None:
    import playground.viz.figures as figures

    source = Path(figures.__file__).read_text(encoding="utf-8")
    assert "streamlit" not in source


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
    from playground.palette import TICK_FONT_SIZE

    figures = [
        roc_figure({"train": (np.array([0.0, 1.0]), np.array([0.0, 1.0]), 0.5)}),
        confusion_figure(np.array([[5, 1], [2, 7]]), "t"),
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
