"""Tests for lr.penalties, and L1's exact zeros through every gradient optimizer.

Oracle for the L1 optimum: scipy's L-BFGS-B on the smooth reformulation w = u − v, u, v ≥ 0,
min (1/n) Σ [log(1 + e^z) − y z] + α Σ (u + v).
"""

import numpy as np
import pytest
from scipy.optimize import minimize, minimize_scalar

import lr
from lr.penalties import L1, L2, PENALTIES, Penalty, make_penalty, soft_threshold


def l1_oracle(X, y, alpha):
    """(w, b, J) minimising mean BCE + α‖w‖₁, b unpenalised."""
    n, d = X.shape

    def fun(v):
        u, s, b = v[:d], v[d : 2 * d], v[-1]
        z = X @ (u - s) + b
        r = (0.5 + 0.5 * np.tanh(0.5 * z) - y) / n
        gw = X.T @ r
        J = np.mean(np.logaddexp(0.0, z) - y * z) + alpha * np.sum(u + s)
        return J, np.concatenate([gw + alpha, -gw + alpha, [r.sum()]])

    bounds = [(0.0, None)] * (2 * d) + [(None, None)]
    res = minimize(
        fun,
        np.zeros(2 * d + 1),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 10000},
    )
    return res.x[:d] - res.x[d : 2 * d], res.x[-1], res.fun


def sparse_problem(seed=0, n=512, n_noise=3):
    """Three informative standard-normal features followed by n_noise irrelevant ones."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 3 + n_noise))
    w_true = np.r_[2.0, -1.5, 1.0, np.zeros(n_noise)]
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(X @ w_true + 0.3)))).astype(int)
    return X, y


# ---------------------------------------------------------------- make_penalty


def test_registry_and_names():
    assert set(PENALTIES) == {"none", "l2", "l1"}
    assert lr.PENALTIES is PENALTIES
    for name, cls in PENALTIES.items():
        p = make_penalty(name, 0.5)
        assert type(p) is cls
        assert p.name == name
        assert p.alpha == 0.5
    assert type(make_penalty(None, 0.0)) is Penalty
    assert type(make_penalty("L2", 1.0)) is L2  # case-insensitive
    assert L1.smooth is False and L2.smooth is True and Penalty.smooth is True
    assert "alpha=0.5" in repr(make_penalty("l1", 0.5))


@pytest.mark.parametrize("bad", ["elasticnet", "", "L3", 2, ["l2"]])
def test_unknown_penalty_is_refused(bad):
    with pytest.raises(ValueError, match="penalty must be one of"):
        make_penalty(bad, 0.1)


@pytest.mark.parametrize("bad", [-1.0, -1e-12, np.nan, np.inf])
def test_bad_alpha_value(bad):
    with pytest.raises(ValueError, match="alpha"):
        make_penalty("l2", bad)


@pytest.mark.parametrize("bad", ["0.1", None, True, [0.1]])
def test_bad_alpha_type(bad):
    with pytest.raises(TypeError, match="alpha"):
        make_penalty("l2", bad)


# ---------------------------------------------------------------- value, grad, prox


def test_values_and_gradients():
    w = np.array([1.5, -2.0, 0.0, 0.25])
    none, l2, l1 = make_penalty("none", 0.3), make_penalty("l2", 0.3), make_penalty("l1", 0.3)
    assert none.value(w) == 0.0
    np.testing.assert_array_equal(none.grad(w), 0.0)
    assert l2.value(w) == pytest.approx(0.15 * np.sum(w**2), rel=1e-15)
    np.testing.assert_allclose(l2.grad(w), 0.3 * w, rtol=1e-15)
    assert l1.value(w) == pytest.approx(0.3 * np.sum(np.abs(w)), rel=1e-15)
    np.testing.assert_allclose(l1.grad(w), [0.3, -0.3, 0.0, 0.3], rtol=1e-15)


def test_value_of_a_stack_is_one_per_row():
    W = np.random.default_rng(0).normal(size=(5, 3))
    for name in PENALTIES:
        p = make_penalty(name, 0.7)
        got = p.value(W)
        assert got.shape == (5,)
        np.testing.assert_allclose(got, [p.value(row) for row in W], rtol=1e-15)


def test_l1_prox_is_the_soft_threshold_argmin():
    rng = np.random.default_rng(1)
    alpha, step = 0.4, 0.5  # threshold 0.2
    w = np.concatenate([rng.normal(size=20), [0.2, -0.2, 0.1999, -0.05, 0.0, -0.0]])
    p = make_penalty("l1", alpha)
    for wj in w:
        got = p.prox(np.array([wj]), step)[0]
        oracle = minimize_scalar(
            lambda v, wj=wj: alpha * abs(v) + (v - wj) ** 2 / (2 * step),
            bounds=(-5, 5),
            method="bounded",
            options={"xatol": 1e-12},
        ).x
        assert got == pytest.approx(oracle, abs=1e-8)
        if abs(wj) <= alpha * step:
            assert got == 0.0
            assert not np.signbit(got)  # +0, not −0
        else:
            assert got == pytest.approx(np.sign(wj) * (abs(wj) - alpha * step), rel=1e-15)


def test_l1_prox_is_in_place_and_accepts_per_coordinate_steps():
    p = make_penalty("l1", 1.0)
    w = np.array([0.5, 0.5, -0.5, 3.0])
    out = p.prox(w, np.array([0.1, 1.0, 0.6, 0.0]))
    assert out is w
    np.testing.assert_allclose(w, [0.4, 0.0, 0.0, 3.0], rtol=1e-15)
    assert not np.signbit(w).any()


@pytest.mark.parametrize("name", ["none", "l2"])
def test_smooth_prox_is_identity(name):
    w = np.array([0.3, -0.2])
    assert make_penalty(name, 5.0).prox(w, 1.0) is w
    np.testing.assert_array_equal(w, [0.3, -0.2])


def test_min_norm_subgradient():
    l1 = make_penalty("l1", 0.5)
    w = np.array([1.0, -1.0, 0.0, 0.0, 0.0])
    g = np.array([0.2, 0.2, 0.3, -0.8, 0.9])
    np.testing.assert_allclose(l1.min_norm_subgradient(w, g), [0.7, -0.3, 0.0, -0.3, 0.4], rtol=1e-15)
    l2 = make_penalty("l2", 0.5)
    np.testing.assert_allclose(l2.min_norm_subgradient(w, g), g + 0.5 * w, rtol=1e-15)


def test_min_norm_subgradient_vanishes_at_the_l1_optimum():
    X, y = sparse_problem(seed=3, n=300)
    alpha = 0.05
    w, b, _ = l1_oracle(X, y, alpha)
    w = np.where(np.abs(w) < 1e-9, 0.0, w)
    assert (w == 0).sum() >= 2
    gw = lr.Objective(X, y).gradient(np.append(w, b))[:-1]  # the data term's gradient in w
    assert np.abs(make_penalty("l1", alpha).min_norm_subgradient(w, gw)).max() < 1e-5
    assert np.abs(gw + alpha * np.sign(w)).max() > 1e-2  # the plain subgradient α·sign(w) is not 0


# ---------------------------------------------------------------- L1 through the optimizers

SPARSE_RUNS = {  # optimizer: (learning_rate, batch_size, epochs)
    "gd": (1.0, None, 3000),
    "momentum": (0.1, None, 3000),
    "adam": (0.05, None, 3000),
    "sgd": (0.1, 128, 100),
}


@pytest.fixture(scope="module")
def sparse():
    X, y = sparse_problem()
    alpha = 0.1
    w, b, J = l1_oracle(X, y, alpha)
    return X, y, alpha, w, b, J


def test_oracle_sparsity_has_a_margin(sparse):
    """Precondition of the next test: the irrelevant features are zero with room to spare."""
    X, y, alpha, w, b, _ = sparse
    assert np.abs(w[3:]).max() < 1e-9
    assert np.abs(w[:3]).min() > 0.1
    gw = lr.Objective(X, y).gradient(np.append(np.where(np.abs(w) < 1e-9, 0.0, w), b))[:-1]
    assert np.abs(gw[3:]).max() < 0.9 * alpha


@pytest.mark.parametrize("optimizer", list(SPARSE_RUNS))
def test_l1_gives_exact_zeros_on_irrelevant_features(sparse, optimizer):
    X, y, alpha, w_opt, _, J_opt = sparse
    learning_rate, batch_size, epochs = SPARSE_RUNS[optimizer]
    model = lr.LogisticRegression(
        penalty="l1",
        alpha=alpha,
        optimizer=optimizer,
        learning_rate=learning_rate,
        batch_size=batch_size,
        epochs=epochs,
        tol=1e-9,
        random_state=0,
    ).fit(X, y)
    w = model.coef_[0]
    assert (w[3:] == 0.0).all(), f"{optimizer}: irrelevant weights {w[3:]} are not exactly 0"
    assert (w[:3] != 0.0).all()
    np.testing.assert_allclose(w[:3], w_opt[:3], atol=1e-2)
    assert model.history_.objective[-1] - J_opt < 1e-4


@pytest.mark.parametrize("optimizer", ["gd", "adam"])
def test_l1_full_batch_optimum_matches_oracle(sparse, optimizer):
    X, y, alpha, w_opt, b_opt, J_opt = sparse
    learning_rate, _, epochs = SPARSE_RUNS[optimizer]
    tr = lr.Trainer(
        X, y, penalty="l1", alpha=alpha, optimizer=optimizer, learning_rate=learning_rate, tol=1e-10
    ).run(epochs)
    assert tr.status == "converged"
    np.testing.assert_allclose(tr.w, w_opt, atol=1e-6)
    assert tr.b == pytest.approx(b_opt, abs=1e-6)
    assert tr.history.objective[-1] == pytest.approx(J_opt, abs=1e-9)


def test_momentum_with_l1_minimises_the_l1_objective(sparse):
    """Heavy ball + proximal step must stop at the L1 optimum, not at that of a weaker penalty."""
    X, y, alpha, w_opt, _, J_opt = sparse
    tr = lr.Trainer(X, y, penalty="l1", alpha=alpha, optimizer="momentum", learning_rate=0.1, tol=1e-9)
    tr.run(3000)
    assert tr.history.objective[-1] - J_opt < 1e-4
    np.testing.assert_allclose(tr.w, w_opt, atol=1e-3)


@pytest.mark.parametrize("penalty", ["l1", "L1"])
def test_newton_with_l1_is_refused(penalty):
    X, y = sparse_problem(n=50)
    with pytest.raises(ValueError, match=r"(?i)newton.*L1|L1.*newton"):
        lr.Trainer(X, y, penalty=penalty, alpha=0.1, optimizer="newton")
    with pytest.raises(ValueError, match=r"(?i)newton.*L1|L1.*newton"):
        lr.LogisticRegression(penalty=penalty, alpha=0.1, optimizer="newton").fit(X, y)


def test_soft_threshold_moves_towards_zero_and_stops_there() -> None:
    x = np.array([-3.0, -0.5, 0.0, 0.2, 2.0])
    assert soft_threshold(x, 1.0).tolist() == [-2.0, 0.0, 0.0, 0.0, 1.0]
    assert float(soft_threshold(-0.7, 0.2)) == pytest.approx(-0.5)
    # L1's proximal step is the soft threshold at η·α
    w = x.copy()
    assert L1(0.5).prox(w, 2.0).tolist() == soft_threshold(x, 1.0).tolist()
