"""Compare's boundaries chart for K ≥ 3 classes: each run's edges where its two most probable classes tie,
in the run's colour; runs of two and of four classes in one chart."""

from dataclasses import replace

import numpy as np
import plotly.graph_objects as go

from playground.experiment import run_experiment
from playground.grid import logits_on_grid, points_view
from playground.settings import Settings
from playground.viz.compare_figures import boundaries_figure, class_edges

BLOBS4 = replace(Settings(), dataset="blobs", n_classes=4, epochs=100)


def test_class_edges_change_sign_wherever_the_predicted_class_changes() -> None:
    """Every pair of neighbouring grid cells with different argmax classes is crossed by an edge's zero
    line (a margin changes sign between them): the first K − 1 margins draw every boundary."""
    rng = np.random.default_rng(0)
    for K in (3, 4, 6):
        A, B = np.meshgrid(np.linspace(-2, 2, 60), np.linspace(-2, 2, 50))
        W = rng.normal(size=(K, 3))
        Z = A[..., None] * W[:, 0] + B[..., None] * W[:, 1] + W[:, 2]  # (50, 60, K): K planes
        edges = class_edges(Z)
        assert 1 <= len(edges) <= K - 1
        winner = Z.argmax(axis=-1)
        for edge in edges:  # class k wins exactly where its margin is positive
            k = next(k for k in range(K) if np.array_equal(edge > 0, winner == k))
            assert (edge > 0).any() and (edge < 0).any(), k
        for axis in (0, 1):
            changes = np.diff(winner, axis=axis) != 0
            crossed = np.zeros_like(changes)
            for edge in edges:
                crossed |= np.diff(np.sign(edge), axis=axis) != 0
            assert np.all(crossed[changes]), (K, axis)


def test_a_four_class_run_draws_its_boundaries_in_its_colour_beside_a_two_class_run() -> None:
    four = run_experiment(BLOBS4)
    two = run_experiment(replace(Settings(), epochs=100))
    points = points_view(four)
    logits = [logits_on_grid(four, points.bounds), logits_on_grid(two, points.bounds)]
    assert logits[0].shape[-1] == 4 and logits[1].ndim == 2
    fig = boundaries_figure(points, logits, ["Classes = 4", "Dataset Moons"], ["#D55E00", "#009E73"])
    lines = [t for t in fig.data if isinstance(t, go.Contour)]
    mine = [t for t in lines if t.name == "1 · Classes = 4"]
    assert len(mine) >= 3  # four regions: three edges or more
    assert all(t.colorscale[0][1] == "#D55E00" and t.contours.start == 0 for t in mine)
    assert [t.name for t in lines if t not in mine] == ["2 · Dataset Moons"]
    assert "two classes tie" in fig.layout.title.text
    # two classes alone: the chart is as before
    only_two = boundaries_figure(points, logits[1:], ["this run"], ["#009E73"])
    assert only_two.layout.title.text == "Final boundaries (p = ½)"
