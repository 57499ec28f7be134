"""The Landscape page: J over a slice of weight space through the shown epoch, with the recorded path.

What the picture claims is tested: the surface under the shown epoch's point is the recorded J;
with two weights and no intercept every point of the path lies on the surface; the grid's work is
bounded; the lessons' paths show GD's zigzag, momentum's overshoot and Newton's few long steps.
"""

import base64
import json

import numpy as np
import pytest
from app_support import app
from streamlit.testing.v1 import AppTest

import lr
from lr.objective import Objective
from playground.experiment import run_experiment
from playground.loss_surface import (
    MAX_CELLS,
    MAX_SIDE,
    PCA,
    WEIGHTS,
    Directions,
    landscape,
    plane_loss,
    principal_directions,
    side,
)
from playground.settings import Settings
from playground.update_numbers import INTERCEPT
from playground.viz.landscape_figures import landscape_figure, log_gap


def rel(a: float, b: float) -> float:
    return abs(a - b) / abs(b)


CASES = [
    ({"degree": 1, "dataset": "linear"}, Directions(WEIGHTS, 0, 1)),
    ({}, Directions(PCA)),
    ({}, Directions(WEIGHTS, 3, 9)),  # x1·x2 against the intercept
    ({"optimizer": "newton"}, Directions(PCA)),
    ({"optimizer": "momentum", "degree": 2}, Directions(WEIGHTS, 1, 4)),
    ({"optimizer": "adam", "learning_rate": 0.05, "penalty": "l1", "alpha": 0.01}, Directions(PCA)),
    ({"optimizer": "sgd", "epochs": 50}, Directions(PCA)),
]


@pytest.mark.parametrize(("changes", "directions"), CASES)
def test_the_surface_under_the_shown_point_is_the_recorded_objective(changes, directions):
    exp = run_experiment(Settings(**changes))
    h = exp.trainer.history
    for t in sorted({0, 1, h.n_epochs // 3, h.n_epochs}):
        ls = landscape(exp.trainer, t, directions, exp.poly.get_feature_names_out())
        i, j = ls.node
        assert ls.a[i] == ls.path_a[t] and ls.c[j] == ls.path_c[t]  # the point sits on a grid node
        assert rel(ls.J[j, i], h.objective[t]) <= 1e-12
        assert ls.J_min <= np.nanmin(ls.J) and ls.J_min <= np.nanmin(h.objective)
        assert not ls.on_surface and f"epoch {t}" in ls.held


def two_weight_trainer(optimizer: str = "gd", **kwargs) -> lr.Trainer:
    X, y = lr.make_dataset("linear", 200, noise=0.6, random_state=4)
    return lr.Trainer(
        X, y, penalty="l2", alpha=1e-3, optimizer=optimizer, fit_intercept=False, tol=0.0, **kwargs
    ).run(60)


@pytest.mark.parametrize("kind", [WEIGHTS, PCA])
@pytest.mark.parametrize(("optimizer", "learning_rate"), [("gd", 5.0), ("momentum", 2.0), ("newton", 1.0)])
def test_with_two_weights_and_no_intercept_every_point_of_the_path_lies_on_the_surface(
    kind, optimizer, learning_rate
):
    tr = two_weight_trainer(optimizer, learning_rate=learning_rate)
    h = tr.history
    assert tr.objective.n_params == 2
    t = h.n_epochs // 2
    ls = landscape(tr, t, Directions(kind, 0, 1))
    assert ls.on_surface
    if kind == PCA:
        d1, d2, _ = principal_directions(tr.record.theta[: h.n_epochs + 1])
    else:
        d1, d2 = np.eye(2)
    offsets = np.column_stack([ls.path_a - ls.path_a[t], ls.path_c - ls.path_c[t]])
    J = plane_loss(tr.objective, tr.record.theta[t], d1, d2, offsets)
    np.testing.assert_allclose(J, h.objective, rtol=1e-12, atol=0)
    title = json.loads(landscape_figure(ls).to_json())["layout"]["title"]["text"]
    assert "every point of the path lies on this surface" in title


def test_the_plane_loss_is_the_objective_at_each_point_of_the_plane():
    """An independent oracle: Objective.loss of each θ = θ_t + Δa·d1 + Δc·d2, one at a time."""
    rng = np.random.default_rng(0)
    X, y = lr.make_dataset("moons", 300, noise=0.3, random_state=1)
    X = lr.PolynomialFeatures(3).fit_transform(X)
    objective = Objective(X, y, penalty="l2", alpha=0.01)
    theta = rng.normal(size=objective.n_params)
    d1, d2 = rng.normal(size=(2, objective.n_params))
    offsets = rng.normal(scale=2.0, size=(700, 2))  # more than one block
    J = plane_loss(objective, theta, d1, d2, offsets)
    expected = [objective.loss(theta + a * d1 + c * d2) for a, c in offsets]
    np.testing.assert_allclose(J, expected, rtol=1e-12)
    assert plane_loss(objective, theta, d1, d2, [[0.0, 0.0]])[0] == objective.loss(theta)


@pytest.mark.parametrize("n", [15, 225, 1000, 3750, 5000])
def test_the_grid_is_bounded(n):
    m = side(n)
    assert 9 <= m <= MAX_SIDE and (m == 9 or m * m * n <= MAX_CELLS)
    assert side(225) == MAX_SIDE  # the default run gets the full 80 × 80


def test_the_worst_case_grid_stays_within_its_work():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(3750, 27))  # 5000 points, a quarter held out, degree 6
    y = (X[:, 0] + rng.normal(size=3750) > 0).astype(float)
    tr = lr.Trainer(X, y, alpha=1e-3, learning_rate=0.5, tol=0.0).run(20)
    ls = landscape(tr, 10, Directions(PCA))
    m = side(3750)
    assert ls.J.shape == (m, m) and m * m * 3750 <= MAX_CELLS


K_CASES = [
    ({}, Directions(PCA)),
    ({}, Directions(WEIGHTS, 2 * 10 + 0, 2 * 10 + 9)),  # class 2: w[class 2, x1] against b[class 2]
    ({"optimizer": "momentum"}, Directions(WEIGHTS, 0, 3 * 10 + 1)),  # two classes' weights
    ({"optimizer": "newton", "penalty": "l2", "alpha": 0.01}, Directions(PCA)),
    ({"optimizer": "adam", "learning_rate": 0.05, "penalty": "l1", "alpha": 0.01}, Directions(PCA)),
    ({"optimizer": "sgd", "epochs": 30}, Directions(WEIGHTS, 5, 17)),
]


@pytest.mark.parametrize(("changes", "directions"), K_CASES)
def test_k_classes_the_surface_is_the_softmax_objective_at_each_grid_node(changes, directions):
    """Four blobs, Θ (4, 10) read row by row: the grid's J is SoftmaxObjective.loss at each node's Θ,
    and under the shown epoch it is the recorded J(Θ_t)."""
    exp = run_experiment(Settings(dataset="blobs", n_classes=4, **changes))
    tr, h = exp.trainer, exp.trainer.history
    K, p = 4, tr.n_features + 1
    assert type(tr.objective).__name__ == "SoftmaxObjective" and tr.objective.theta_shape == (K, p)
    thetas = tr.record.theta[: h.n_epochs + 1].reshape(h.n_epochs + 1, K * p)
    rng = np.random.default_rng(5)
    for t in sorted({0, h.n_epochs // 3, h.n_epochs}):
        ls = landscape(tr, t, directions, exp.poly.get_feature_names_out())
        i, j = ls.node
        assert ls.a[i] == ls.path_a[t] and ls.c[j] == ls.path_c[t]
        assert rel(ls.J[j, i], h.objective[t]) <= 1e-12
        assert not ls.on_surface and f"epoch {t}" in ls.held
        if directions.kind == PCA:
            d1, d2, _ = principal_directions(thetas)
        else:
            d1, d2 = np.eye(K * p)[[directions.first, directions.second]]
        for ii, jj in rng.integers(0, len(ls.a), size=(6, 2)):  # any node: the objective there
            Theta = thetas[t] + (ls.a[ii] - ls.a[i]) * d1 + (ls.c[jj] - ls.c[j]) * d2
            assert rel(ls.J[jj, ii], tr.objective.loss(Theta.reshape(K, p))) <= 1e-12


def test_k_classes_the_plane_loss_is_the_softmax_objective_at_each_point_of_the_plane():
    """The oracle: SoftmaxObjective.loss of each Θ = Θ_t + Δa·D1 + Δc·D2, one at a time, over more
    than one block; Θ and the directions given as matrices or flattened."""
    rng = np.random.default_rng(1)
    X, y = lr.make_dataset("blobs", 400, n_classes=5, random_state=3)
    X = lr.PolynomialFeatures(2).fit_transform(X)
    objective = Objective(X, y, penalty="l2", alpha=0.01)
    assert objective.theta_shape == (5, X.shape[1] + 1)
    theta = rng.normal(size=objective.theta_shape)
    d1, d2 = rng.normal(size=(2, *objective.theta_shape))
    offsets = rng.normal(scale=0.5, size=(300, 2))  # 300 × 5 × 400 cells: more than one block
    J = plane_loss(objective, theta, d1.ravel(), d2, offsets)
    expected = [objective.loss(theta + a * d1 + c * d2) for a, c in offsets]
    np.testing.assert_allclose(J, expected, rtol=1e-12)
    assert plane_loss(objective, theta.ravel(), d1, d2, [[0.0, 0.0]])[0] == objective.loss(theta)


def test_k_classes_name_the_class_of_each_weight():
    exp = run_experiment(Settings(dataset="blobs", n_classes=3, degree=1, epochs=20))
    names = exp.poly.get_feature_names_out()
    ls = landscape(exp.trainer, 4, Directions(WEIGHTS, 3, 8), names)  # class 1's x1, class 2's b
    assert ls.titles == ("w[class 1, x1]", "b[class 2]")
    assert ls.held == "the other 7 entries of Θ keep their values of epoch 4"
    ls = landscape(exp.trainer, 4, Directions(PCA), names)
    assert ls.titles[0].startswith("direction 1 (")
    with pytest.raises(ValueError, match="0 to 8"):
        landscape(exp.trainer, 1, Directions(WEIGHTS, 0, 9))


@pytest.mark.parametrize("K", [3, 6])
@pytest.mark.parametrize("n", [15, 225, 3750, 5000])
def test_k_classes_the_grid_is_bounded(n, K):
    m = side(n, k=K)
    assert 9 <= m <= MAX_SIDE and (m == 9 or m * m * n * K <= MAX_CELLS)
    assert side(n, k=1) == side(n)  # two classes: one logit per point, as before


def test_k_classes_the_worst_case_grid_stays_within_its_work():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(3750, 27))  # 5000 points, a quarter held out, degree 6
    y = rng.integers(0, 6, size=3750)
    tr = lr.Trainer(X, y, alpha=1e-3, learning_rate=0.5, tol=0.0).run(20)
    assert tr.n_classes == 6
    ls = landscape(tr, 10, Directions(PCA))
    m = side(3750, k=6)
    assert ls.J.shape == (m, m) and m * m * 3750 * 6 <= MAX_CELLS
    assert rel(ls.J[ls.node[1], ls.node[0]], tr.history.objective[10]) <= 1e-12


def test_the_grid_holds_the_whole_path():
    exp = run_experiment(Settings(optimizer="momentum", degree=1, dataset="linear", learning_rate=5.0))
    for directions in (Directions(WEIGHTS, 0, 1), Directions(PCA)):
        ls = landscape(exp.trainer, 7, directions)
        assert ls.a[0] < ls.path_a.min() and ls.path_a.max() < ls.a[-1]
        assert ls.c[0] < ls.path_c.min() and ls.path_c.max() < ls.c[-1]


def test_the_principal_directions_are_orthonormal_and_run_along_the_path():
    exp = run_experiment(Settings())
    thetas = exp.trainer.record.theta[: exp.trainer.epoch + 1]
    d1, d2, shares = principal_directions(thetas)
    np.testing.assert_allclose([d1 @ d1, d2 @ d2, d1 @ d2], [1, 1, 0], atol=1e-12)
    assert (thetas[0] - thetas[-1]) @ d1 < 0  # the path runs towards +d1
    assert shares[0] >= shares[1] >= 0 and shares[0] + shares[1] <= 1 + 1e-12
    _, sv, Vt = np.linalg.svd(thetas - thetas[-1], full_matrices=False)  # the oracle: NumPy's SVD
    np.testing.assert_allclose([abs(d1 @ Vt[0]), abs(d2 @ Vt[1])], [1, 1], atol=1e-9)
    np.testing.assert_allclose(shares, sv[:2] ** 2 / np.sum(sv**2), rtol=1e-9)
    # a path of one step has one direction; the plane is completed, still orthonormal
    for E in (0, 1):
        d1, d2, _ = principal_directions(thetas[: E + 1])
        np.testing.assert_allclose([d1 @ d1, d2 @ d2, d1 @ d2], [1, 1, 0], atol=1e-12)


def test_bad_directions_are_refused():
    exp = run_experiment(Settings(epochs=5))
    for directions in (Directions(WEIGHTS, 2, 2), Directions(WEIGHTS, 0, 10), Directions("sideways")):
        with pytest.raises(ValueError, match="directions"):
            landscape(exp.trainer, 1, directions)
    with pytest.raises(ValueError, match="epoch must be from 0 to 5"):
        landscape(exp.trainer, 6)


def test_what_the_slice_holds_is_said():
    exp = run_experiment(Settings(degree=1, epochs=20))
    names = exp.poly.get_feature_names_out()
    assert landscape(exp.trainer, 3, Directions(WEIGHTS, 0, 1), names).held == (
        f"{INTERCEPT} keeps its value of epoch 3"
    )
    assert landscape(exp.trainer, 3, Directions(WEIGHTS, 0, 2), names).held == (
        "the weight of x2 keeps its value of epoch 3"
    )
    exp = run_experiment(Settings(epochs=20))
    ls = landscape(exp.trainer, 20, Directions(PCA), exp.poly.get_feature_names_out())
    assert ls.held == "the other directions keep their values of epoch 20"
    assert ls.titles[0].startswith("direction 1 (") and "of the path's spread" in ls.titles[0]


def test_the_contours_span_decades_of_the_gap_to_the_lowest_j():
    exp = run_experiment(Settings())
    ls = landscape(exp.trainer, 100, Directions(PCA))
    z, _ = log_gap(ls)
    assert z.shape == ls.J.shape and np.isfinite(z).all()
    assert z.max() - z.min() == pytest.approx(4, abs=0.05)  # DECADES: ε = 10⁻⁴ of the largest gap
    fig = json.loads(landscape_figure(ls).to_json())
    title = fig["layout"]["title"]["text"]
    assert "log scale" in title and "only epoch 100 lies on this surface" in title
    names = [trace.get("name") for trace in fig["data"]]
    assert names == [
        "J on the slice",
        "path",
        "epoch 100",
        "start (epoch 0)",
        f"end (epoch {ls.path_a.size - 1})",
    ]


# ---------------------------------------------------------------- what the lessons' paths show


def test_gradient_descent_zigzags_across_the_valley_on_unscaled_features():
    """Moons, degree 1, Standardise off, learning rate 20: too large a step to settle, below the one
    that diverges (100)."""
    exp = run_experiment(Settings(degree=1, standardize=False, learning_rate=20.0))
    assert exp.trainer.status != "diverged" and exp.trainer.unsettled
    assert (
        run_experiment(Settings(degree=1, standardize=False, learning_rate=100.0)).trainer.status
        == "diverged"
    )
    ls = landscape(exp.trainer, exp.trainer.epoch, Directions(WEIGHTS, 0, 1))
    turns = np.diff(np.sign(np.diff(ls.path_a))) != 0  # the weight of x1 reverses its direction
    assert turns.sum() >= 100


def test_momentum_overshoots_and_swings_back():
    exp = run_experiment(Settings(dataset="linear", degree=1, optimizer="momentum", learning_rate=5.0))
    ls = landscape(exp.trainer, exp.trainer.epoch, Directions(WEIGHTS, 0, 1))
    start, end = np.array([ls.path_a[0], ls.path_c[0]]), np.array([ls.path_a[-1], ls.path_c[-1]])
    along = (np.column_stack([ls.path_a, ls.path_c]) - start) @ (end - start) / np.sum((end - start) ** 2)
    assert along.max() > 2.0  # it goes more than twice as far as the end before it comes back


def test_newton_takes_a_few_long_steps():
    exp = run_experiment(Settings(optimizer="newton"))
    ls = landscape(exp.trainer, exp.trainer.epoch, Directions(PCA))
    assert ls.path_a.size - 1 <= 10
    steps = np.hypot(np.diff(ls.path_a), np.diff(ls.path_c))
    assert steps[0] >= 0.1 * steps.sum() and np.ptp(ls.path_a) > 5 * steps[-1]


# ---------------------------------------------------------------- the page


def page(**query: str) -> AppTest:
    return app("app_pages/landscape.py", **query)


def figure(at: AppTest) -> dict:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def epoch_slider(at: AppTest):
    (slider,) = [s for s in at.main.slider if s.label == "Epoch"]
    return slider


def values(data: object) -> np.ndarray:
    """A figure's array: Plotly writes NumPy arrays as base64 typed arrays ({"dtype", "bdata"})."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
    return np.asarray(data)


def picker(at: AppTest, label: str):
    (box,) = [s for s in at.main.selectbox if s.label == label]
    return box


@pytest.mark.parametrize(
    "query",
    [{}, {"optimizer": "sgd"}, {"optimizer": "momentum"}, {"optimizer": "adam"}, {"optimizer": "newton"}],
    ids=lambda q: q.get("optimizer", "gd"),
)
def test_the_page_draws_every_optimizers_path(query):
    at = page(**query)
    fig = figure(at)
    n_epochs = int(epoch_slider(at).max)
    assert epoch_slider(at).value == n_epochs  # no epoch from the player: the run's end
    assert fig["data"][0]["type"] == "contour" and len(values(fig["data"][1]["x"])) == n_epochs + 1
    assert f"only epoch {n_epochs} lies on this surface" in fig["layout"]["title"]["text"]
    assert any("zigzag" in c.value for c in at.caption)


def test_the_epoch_slider_moves_the_slice():
    at = page()
    before = figure(at)
    epoch_slider(at).set_value(40).run()
    assert not at.exception
    after = figure(at)
    assert "only epoch 40 lies on this surface" in after["layout"]["title"]["text"]
    assert after["data"][0]["z"] != before["data"][0]["z"]  # another slice: through θ_40
    assert after["data"][1]["x"] == before["data"][1]["x"]  # the same path in the same plane


def test_degree_one_opens_on_the_two_weights_and_higher_degrees_on_the_paths_plane():
    at = page(degree="1", dataset="linear")
    (kind,) = at.main.radio
    assert kind.value == WEIGHTS
    fig = figure(at)
    assert fig["layout"]["xaxis"]["title"]["text"] == "weight of x1"
    assert fig["layout"]["yaxis"]["title"]["text"] == "weight of x2"
    assert "b (intercept) keeps its value" in fig["layout"]["title"]["text"]
    at = page()
    (kind,) = at.main.radio
    assert kind.value == PCA and picker(at, "First weight").disabled
    assert figure(at)["layout"]["xaxis"]["title"]["text"].startswith("direction 1")


def test_the_direction_pickers_choose_the_plane():
    at = page()
    (kind,) = at.main.radio
    kind.set_value(WEIGHTS).run()
    picker(at, "First weight").set_value("x1²").run()
    picker(at, "Second weight").set_value(INTERCEPT).run()
    assert not at.exception
    layout = figure(at)["layout"]
    assert layout["xaxis"]["title"]["text"] == "weight of x1²"
    assert layout["yaxis"]["title"]["text"] == INTERCEPT
    assert "the other 8 entries of θ keep their values" in layout["title"]["text"]
    picker(at, "First weight").set_value(INTERCEPT).run()  # the other's weight: the other moves away
    assert not at.exception
    assert picker(at, "First weight").value == INTERCEPT and picker(at, "Second weight").value == "x1"
    picker(at, "Second weight").set_value("x1²").run()
    # the choice outlasts a change of degree; a weight the new model lacks goes back to x1, x2
    (degree,) = [s for s in at.sidebar.slider if s.label == "Polynomial degree"]
    degree.set_value(1).run()
    assert not at.exception
    assert at.main.radio[0].value == WEIGHTS
    assert (picker(at, "First weight").value, picker(at, "Second weight").value) == ("x1", "x2")


def test_l1_and_the_last_epoch():
    at = page(degree="6", penalty="l1", alpha="0.01", epochs="1000")
    slider = epoch_slider(at)
    assert slider.value == slider.max
    slider.set_value(0).run()
    assert not at.exception
    assert "only epoch 0 lies on this surface" in figure(at)["layout"]["title"]["text"]
