"""Tests for lr.objective.Objective: the loss, its gradient (data part, penalty part, full batch and
mini-batch), its Hessian and L1's proximal step and optimality, against independent formulas and
finite differences, for every penalty, with and without an intercept; the intercept is never penalised."""

import numpy as np
import pytest

import lr
from lr.objective import Objective

PENALTIES = ["none", "l2", "l1"]


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 4)) * [1.0, 3.0, 0.5, 2.0]
    y = (rng.random(60) < 0.4).astype(float)
    w = rng.normal(size=4)
    w = np.where(np.abs(w) < 0.2, 0.5, w)  # away from L1's kink at 0
    return X, y, w, -0.3


def ref_objective(X, y, w, b, penalty, alpha):
    z = X @ w + b
    R = {"none": 0.0, "l2": 0.5 * alpha * w @ w, "l1": alpha * np.abs(w).sum()}[penalty]
    return np.mean(np.logaddexp(0.0, z) - y * z) + R


def ref_gradient(X, y, w, b, penalty, alpha):
    """∇ of the smooth part: X₁ᵀ(p − y)/n, plus α·w for L2 (L1 acts through its proximal step)."""
    r = 1.0 / (1.0 + np.exp(-(X @ w + b))) - y
    gw = X.T @ r / len(y) + (alpha * w if penalty == "l2" else 0.0)
    return gw, r.mean()


def central_differences(f, theta, h=1e-6):
    return np.array([(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in np.eye(theta.size)])


def test_exports():
    assert lr.Objective is Objective


def test_layout_of_theta(problem):
    X, y, w, b = problem
    obj = Objective(X, y)
    assert obj.n_params == 5 and obj.n == 60 and obj.n_features == 4
    assert obj.XT.shape == (5, 60) and obj.XT.flags.c_contiguous  # X₁ᵀ, rows in memory order
    np.testing.assert_array_equal(obj.XT[:4], X.T)
    np.testing.assert_array_equal(obj.XT[4], 1.0)
    np.testing.assert_allclose(obj.logits(np.append(w, b)), X @ w + b, rtol=1e-14)
    no_b = Objective(X, y, fit_intercept=False)
    assert no_b.n_params == 4
    np.testing.assert_allclose(no_b.logits(w), X @ w, rtol=1e-14)


# ---------------------------------------------------------------- the loss


@pytest.mark.parametrize("penalty", PENALTIES)
def test_loss_matches_independent_formula(problem, penalty):
    X, y, w, b = problem
    obj = Objective(X, y, penalty=penalty, alpha=0.7)
    got = obj.loss(np.append(w, b))
    assert isinstance(got, float)
    assert got == pytest.approx(ref_objective(X, y, w, b, penalty, 0.7), rel=1e-14)
    assert obj.data_loss(obj.logits(np.append(w, b))) == pytest.approx(
        ref_objective(X, y, w, b, "none", 0.0), rel=1e-14
    )
    smooth = ref_objective(X, y, w, b, "none" if penalty == "l1" else penalty, 0.7)
    assert obj.smooth_loss(np.append(w, b)) == pytest.approx(smooth, rel=1e-14)


@pytest.mark.parametrize("penalty", PENALTIES)
def test_loss_of_a_stack_is_one_per_row(problem, penalty):
    X, y, _, _ = problem
    obj = Objective(X, y, penalty=penalty, alpha=0.3)
    Theta = np.random.default_rng(1).normal(size=(6, 5))
    Z = obj.logits(Theta)
    assert Z.shape == (6, 60)
    J = obj.loss(Theta, Z)
    assert J.shape == (6,)
    for k in range(6):
        assert J[k] == pytest.approx(ref_objective(X, y, Theta[k, :4], Theta[k, 4], penalty, 0.3), rel=1e-13)
    np.testing.assert_allclose(obj.loss(Theta, data_loss=obj.data_loss(Z)), J, rtol=1e-15)


# ---------------------------------------------------------------- the gradient


def test_gradient_matches_formula_and_finite_differences():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(40, 3))
    y = rng.integers(0, 2, 40).astype(float)
    w, b = rng.normal(size=3), 0.4
    g = Objective(X, y).gradient(np.append(w, b))
    gw, gb = g[:3], g[3]
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    np.testing.assert_allclose(gw, X.T @ (p - y) / 40, rtol=1e-13)
    assert gb == pytest.approx(np.mean(p - y), rel=1e-13)
    assert isinstance(gb, float)

    def loss(theta):
        z = X @ theta[:3] + theta[3]
        return np.mean(np.logaddexp(0.0, z) - y * z)

    theta, h = np.append(w, b), 1e-6
    numeric = [(loss(theta + h * e) - loss(theta - h * e)) / (2 * h) for e in np.eye(4)]
    np.testing.assert_allclose(np.append(gw, gb), numeric, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("penalty", PENALTIES)
def test_gradient_against_central_differences_of_an_independent_loss(problem, penalty, fit_intercept):
    X, y, w, b = problem
    alpha = 0.3
    obj = Objective(X, y, penalty=penalty, alpha=alpha, fit_intercept=fit_intercept)
    smooth = "none" if penalty == "l1" else penalty  # L1's |w| enters through its proximal step
    if fit_intercept:
        analytic = obj.gradient(np.append(w, b))
        numeric = central_differences(
            lambda t: ref_objective(X, y, t[:-1], t[-1], smooth, alpha), np.append(w, b)
        )
    else:  # b fixed at 0: the gradient in w alone
        analytic = obj.gradient(w)
        numeric = central_differences(lambda t: ref_objective(X, y, t, 0.0, smooth, alpha), w)
    rel = np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), 1e-8)
    assert rel.max() < 1e-6


@pytest.mark.parametrize("penalty", PENALTIES)
def test_gradient_is_data_part_plus_penalty_part(problem, penalty):
    X, y, w, b = problem
    obj = Objective(X, y, penalty=penalty, alpha=0.2)
    theta = np.append(w, b)
    trace = {}
    g = obj.gradient(theta, trace=trace)
    gw, gb = ref_gradient(X, y, w, b, "none", 0.0)
    np.testing.assert_allclose(trace["data_gradient"], np.append(gw, gb), rtol=1e-12)
    np.testing.assert_allclose(obj.data_gradient(obj.logits(theta)), np.append(gw, gb), rtol=1e-12)
    expected_penalty = np.append(0.2 * w, 0.0) if penalty == "l2" else np.zeros(5)
    np.testing.assert_allclose(trace["penalty_gradient"], expected_penalty, rtol=1e-15)
    np.testing.assert_allclose(obj.penalty_gradient(theta), expected_penalty, rtol=1e-15)
    np.testing.assert_array_equal(trace["data_gradient"] + trace["penalty_gradient"], g)
    np.testing.assert_array_equal(trace["gradient"], g)
    np.testing.assert_array_equal(obj.gradient(theta), g)  # the trace changes nothing


def test_gradient_from_given_logits_leaves_them_alone(problem):
    X, y, w, b = problem
    obj = Objective(X, y, penalty="l2", alpha=0.1)
    theta = np.append(w, b)
    z = obj.logits(theta)
    z_before = z.copy()
    np.testing.assert_array_equal(obj.gradient(theta, z), obj.gradient(theta))
    np.testing.assert_array_equal(z, z_before)


def test_gradient_of_a_stack_is_one_row_per_model(problem):
    X, y, _, _ = problem
    obj = Objective(X, y, penalty="l2", alpha=0.1)
    Theta = np.random.default_rng(2).normal(size=(4, 5))
    G = obj.gradient(Theta, obj.logits(Theta))
    assert G.shape == (4, 5)
    for k in range(4):
        np.testing.assert_allclose(G[k], obj.gradient(Theta[k]), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("penalty", ["none", "l2"])
def test_batch_gradient_is_the_gradient_of_those_rows(problem, penalty):
    X, y, w, b = problem
    obj = Objective(X, y, penalty=penalty, alpha=0.1)
    theta = np.append(w, b)
    rows = np.array([3, 17, 5, 40, 41, 0, 59])
    gw, gb = ref_gradient(X[rows], y[rows], w, b, penalty, 0.1)
    np.testing.assert_allclose(obj.gradient(theta, rows=rows), np.append(gw, gb), rtol=1e-12)
    everything = np.random.default_rng(3).permutation(60)
    np.testing.assert_allclose(obj.gradient(theta, rows=everything), obj.gradient(theta), rtol=1e-12)


# ---------------------------------------------------------------- the Hessian


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("penalty", ["none", "l2"])
def test_hessian_matches_formula_and_differences_of_the_gradient(problem, penalty, fit_intercept):
    X, y, w, b = problem
    alpha = 0.3
    obj = Objective(X, y, penalty=penalty, alpha=alpha, fit_intercept=fit_intercept)
    theta = np.append(w, b) if fit_intercept else w
    H = obj.hessian(theta)
    X1 = np.hstack([X, np.ones((60, 1))]) if fit_intercept else X
    p = 1.0 / (1.0 + np.exp(-(X1 @ theta)))
    curvature = np.diag(np.r_[np.full(4, alpha if penalty == "l2" else 0.0), [0.0] * fit_intercept])
    np.testing.assert_allclose(H, X1.T @ (X1 * (p * (1 - p))[:, None]) / 60 + curvature, rtol=1e-12)
    numeric = central_differences(obj.gradient, theta)
    np.testing.assert_allclose(H, numeric, rtol=1e-6, atol=1e-9)
    np.testing.assert_array_equal(obj.hessian(theta, obj.logits(theta)), H)


def test_hessian_at_extreme_logits_is_finite_without_warnings(problem):
    X, y, w, b = problem
    obj = Objective(X, y, penalty="l2", alpha=0.1)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        H = obj.hessian(np.append(1e4 * w, b))
    assert np.isfinite(H).all()


# ---------------------------------------------------------------- L1: the proximal step and optimality


def test_prox_thresholds_w_and_leaves_b(problem):
    X, y, _, _ = problem
    obj = Objective(X, y, penalty="l1", alpha=2.0)
    theta = np.array([0.5, -0.05, 3.0, 0.0, 7.0])
    trace = {}
    assert obj.prox(theta, 0.1, trace) is theta
    np.testing.assert_allclose(theta, [0.3, 0.0, 2.8, 0.0, 7.0], rtol=1e-15)  # threshold 0.1·2 = 0.2
    np.testing.assert_array_equal(trace["w_before_prox"], [0.5, -0.05, 3.0, 0.0])
    np.testing.assert_array_equal(trace["w_after_prox"], theta[:4])
    assert trace["prox_step"] == 0.1
    smooth = Objective(X, y, penalty="l2", alpha=2.0)
    theta = np.array([0.5, -0.05, 3.0, 0.0, 7.0])
    smooth.prox(theta, 0.1)
    np.testing.assert_array_equal(theta, [0.5, -0.05, 3.0, 0.0, 7.0])


def test_optimality_is_the_smallest_subgradient(problem):
    X, y, _, _ = problem
    obj = Objective(X, y, penalty="l1", alpha=0.5)
    theta = np.array([1.0, -1.0, 0.0, 0.0, 2.0])
    g = np.array([0.2, 0.2, 0.3, -0.8, 0.1])
    np.testing.assert_allclose(obj.optimality(theta, g), [0.7, -0.3, 0.0, -0.3, 0.1], rtol=1e-15)
    assert Objective(X, y, penalty="l2", alpha=0.5).optimality(theta, g) is g


# ---------------------------------------------------------------- the intercept is not penalised


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_intercept_gradient_has_no_penalty_term(problem, penalty):
    X, y, w, b = problem
    theta = np.append(w, b)
    gb0 = Objective(X, y, penalty=penalty, alpha=0.0).gradient(theta)[-1]
    big = Objective(X, y, penalty=penalty, alpha=1e6)
    gb_big = big.gradient(theta)[-1]
    assert gb_big == gb0
    assert gb0 == pytest.approx(np.mean(1 / (1 + np.exp(-(X @ w + b))) - y), rel=1e-12)
    # while w's gradient (L2) or smallest subgradient (L1) does carry α
    assert np.abs(big.optimality(theta, big.gradient(theta))[:-1]).min() > 1e5


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_objective_does_not_penalise_the_intercept(problem, penalty):
    X, y, w, _ = problem
    for b in (-5.0, 0.0, 3.0):
        theta = np.append(w, b)
        diff = Objective(X, y, penalty=penalty, alpha=1e3).loss(theta) - Objective(X, y).loss(theta)
        expected = 1e3 * (0.5 * w @ w if penalty == "l2" else np.abs(w).sum())
        assert diff == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("optimizer", "penalty", "learning_rate", "epochs"),
    [("newton", "l2", 0.1, 50), ("gd", "l1", 1.0, 4000), ("adam", "l1", 0.05, 4000)],
)
def test_huge_alpha_keeps_the_intercept_at_the_class_log_odds(optimizer, penalty, learning_rate, epochs):
    X, y = lr.make_dataset("linear", 300, noise=0.5, balance=0.3, random_state=1)
    log_odds = np.log(y.mean() / (1 - y.mean()))
    alpha = 1e4
    model = lr.LogisticRegression(
        penalty=penalty,
        alpha=alpha,
        optimizer=optimizer,
        learning_rate=learning_rate,
        epochs=epochs,
        tol=1e-9,
    ).fit(X, y)
    assert np.abs(model.coef_).max() < 1e-3
    assert model.intercept_[0] == pytest.approx(log_odds, abs=1e-3)
    # and with the intercept on: the mean prediction equals the class balance
    assert model.predict_proba(X)[:, 1].mean() == pytest.approx(y.mean(), abs=1e-3)


# ---------------------------------------------------------------- input checks


def test_bad_input():
    X = np.ones((4, 2))
    with pytest.raises(ValueError, match="0 and 1"):
        Objective(X, [0, 0.5, 1, 1])
    with pytest.raises(ValueError, match="class codes 0 to 2"):  # three classes: codes 0, 1, 2 only
        Objective(X, [0, 1, 3, 1], n_classes=3)
    assert isinstance(Objective(X, [0, 1, 2, 1]), lr.SoftmaxObjective)  # three classes: the softmax model
    with pytest.raises(ValueError, match="penalty must be one of"):
        Objective(X, [0, 1, 0, 1], penalty="elasticnet")
    with pytest.raises(ValueError, match="alpha"):
        Objective(X, [0, 1, 0, 1], alpha=-1.0)
    with pytest.raises(TypeError, match="fit_intercept"):
        Objective(X, [0, 1, 0, 1], fit_intercept="yes")
    with pytest.raises(ValueError, match="X contains NaN"):
        Objective([[np.nan, 0.0]], [1])
    assert Objective(X, [1, 1, 1, 1]).n == 4  # one class is a valid objective (a test split may have one)


def test_hessian_summed_over_blocks_equals_the_whole_product():
    """More samples than one block of the Hessian's sum (16384), with a partial last block."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(40_000, 3))
    y = (rng.random(40_000) < 0.5).astype(float)
    theta = np.array([0.5, -1.0, 0.2, 0.1])
    H = Objective(X, y, penalty="l2", alpha=0.2).hessian(theta)
    X1 = np.hstack([X, np.ones((40_000, 1))])
    p = 1.0 / (1.0 + np.exp(-(X1 @ theta)))
    expected = X1.T @ (X1 * (p * (1 - p))[:, None]) / 40_000 + np.diag([0.2, 0.2, 0.2, 0.0])
    np.testing.assert_allclose(H, expected, rtol=1e-12)
