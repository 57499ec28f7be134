"""learning_rate="auto": each gradient optimizer's safe step, from the Lipschitz constant of ∇J.

L = λ_max(X₁ᵀX₁)/(4n) + α bounds J's curvature everywhere (p(1 − p) ≤ ¼), so gradient descent with
η = 1/L lowers J every epoch on data of any scale. Every formula is checked against NumPy directly.
"""

import numpy as np
import pytest
from scipy.special import expit

import lr
from lr import DivergedError, LogisticRegression, Trainer


def _raw(kind, seed=0, n=200):
    """Unscaled 2-D data and labels from a noisy linear rule on the standardised features."""
    rng = np.random.default_rng(seed)
    X = {
        "loc=100": lambda: rng.normal(loc=100, size=(n, 2)),
        "scale 1e-3": lambda: rng.normal(size=(n, 2)) * 1e-3,
        "scale 1e3": lambda: rng.normal(size=(n, 2)) * 1e3,
        "mixed": lambda: rng.normal(size=(n, 2)) * [1e-2, 1e2] + [50.0, -3.0],
    }[kind]()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    y = (Z @ np.array([1.5, -1.0]) + rng.logistic(size=n) > 0).astype(int)
    return X, y


RAW = ["loc=100", "scale 1e-3", "scale 1e3", "mixed"]


def _X1(X, fit_intercept=True):
    return np.column_stack([X, np.ones(len(X))]) if fit_intercept else X


def _L(X, alpha=0.0, fit_intercept=True):
    """λ_max(X₁ᵀX₁)/(4n) + α, straight from NumPy."""
    X1 = _X1(X, fit_intercept)
    return np.linalg.eigvalsh(X1.T @ X1)[-1] / (4 * len(X)) + alpha


# ---------------------------------------------------------------- the constant L


@pytest.mark.parametrize(
    ("penalty", "alpha", "fit_intercept", "added"),
    [("none", 0.0, True, 0.0), ("l2", 0.3, True, 0.3), ("l2", 0.3, False, 0.3), ("l1", 0.3, True, 0.0)],
)
def test_smoothness_is_the_bound_on_the_curvature(penalty, alpha, fit_intercept, added):
    """L = λ_max(X₁ᵀX₁)/(4n) + α (α for L2 only: L1 enters by its prox), and the Hessian
    X₁ᵀSX₁/n + αI_w never has a larger eigenvalue, at any θ."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3)) * [1e-2, 1.0, 50.0] + [3.0, 0.0, 100.0]
    y = (rng.random(300) < 0.4).astype(float)
    objective = lr.Objective(X, y, penalty=penalty, alpha=alpha, fit_intercept=fit_intercept)
    L = objective.smoothness()
    assert L == pytest.approx(_L(X, added, fit_intercept), rel=1e-12)
    X1 = _X1(X, fit_intercept)
    w_mask = np.r_[np.ones(3), np.zeros(X1.shape[1] - 3)]
    for scale in (0.0, 0.01, 1.0, 100.0):
        theta = rng.normal(size=X1.shape[1]) * scale
        p = expit(X1 @ theta)
        H = X1.T @ (X1 * (p * (1 - p))[:, None]) / len(X) + np.diag(added * w_mask)
        assert np.linalg.eigvalsh(H)[-1] <= L * (1 + 1e-12)


def test_smoothness_for_many_features_by_power_iteration():
    """Beyond 128 parameters λ_max comes from power iteration, not the Gram matrix's eigenvalues."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, 150)) * rng.uniform(0.1, 10.0, 150) + rng.normal(size=150)
    y = (rng.random(400) < 0.5).astype(float)
    objective = lr.Objective(X, y, penalty="l2", alpha=0.01)
    assert objective.n_params > 128
    assert objective.smoothness() == pytest.approx(_L(X, 0.01), rel=1e-6)


def test_smoothness_per_sample():
    """max_i ‖x₁ᵢ‖²/4 + α: every mini-batch's constant is at most this, and L is too."""
    rng = np.random.default_rng(2)
    X = rng.normal(size=(100, 2)) * [1.0, 30.0]
    y = (rng.random(100) < 0.5).astype(float)
    objective = lr.Objective(X, y, penalty="l2", alpha=0.5)
    L_max = objective.smoothness(per_sample=True)
    assert L_max == pytest.approx((_X1(X) ** 2).sum(axis=1).max() / 4 + 0.5, rel=1e-12)
    assert objective.smoothness() <= L_max
    for _ in range(20):
        rows = rng.choice(100, size=8, replace=False)
        assert _L(X[rows], 0.5) <= L_max * (1 + 1e-12)


# ---------------------------------------------------------------- the step each optimizer takes


@pytest.mark.parametrize("kind", RAW)
def test_auto_picks_each_optimizers_step(kind):
    X, y = _raw(kind)
    L = _L(X, 0.01)
    L_max = (_X1(X) ** 2).sum(axis=1).max() / 4 + 0.01
    expected = {"gd": 1 / L, "momentum": 1 / L, "sgd": 1 / L_max, "adam": 0.5 / np.sqrt(L), "newton": None}
    for optimizer, eta in expected.items():
        model = LogisticRegression(alpha=0.01, optimizer=optimizer, epochs=3, random_state=0).fit(X, y)
        if eta is None:
            assert model.learning_rate_ is None  # Newton takes no learning rate
        else:
            assert model.learning_rate_ == pytest.approx(eta, rel=1e-9), optimizer
    # mini-batches as large as the data are one full batch: gradient descent's step
    full = LogisticRegression(optimizer="sgd", batch_size=500, epochs=2).fit(X, y)
    assert full.learning_rate_ == pytest.approx(1 / _L(X), rel=1e-9)


def test_auto_on_a_flat_objective():
    """X = 0 without an intercept: L = 0, J is flat, and "auto" takes a finite step that stays put."""
    X, y = np.zeros((10, 2)), np.r_[np.zeros(5), np.ones(5)]
    for optimizer in ("gd", "sgd", "momentum", "adam"):
        model = LogisticRegression(optimizer=optimizer, fit_intercept=False, batch_size=3).fit(X, y)
        assert np.isfinite(model.learning_rate_) and model.status_ == "converged"
        np.testing.assert_array_equal(model.coef_, 0.0)


def test_auto_is_the_number_it_chose():
    X, y = _raw("loc=100")
    auto = LogisticRegression(optimizer="momentum", alpha=0.01, epochs=50).fit(X, y)
    eta = auto.learning_rate_
    explicit = LogisticRegression(optimizer="momentum", alpha=0.01, epochs=50, learning_rate=eta).fit(X, y)
    np.testing.assert_array_equal(explicit.coef_, auto.coef_)
    assert explicit.learning_rate_ == auto.learning_rate_


@pytest.mark.parametrize(("penalty", "alpha"), [("none", 0.0), ("l2", 0.01), ("l1", 0.01)])
@pytest.mark.parametrize("kind", RAW)
def test_gd_with_auto_lowers_J_every_epoch(kind, penalty, alpha):
    """The descent lemma: with η = 1/L, f(θ − ηg) ≤ f(θ) − η/2·‖g‖², and L1's proximal step keeps it."""
    X, y = _raw(kind)
    model = LogisticRegression(penalty=penalty, alpha=alpha, optimizer="gd", epochs=300, tol=0.0).fit(X, y)
    J = model.history_.objective
    assert model.status_ == "running" and J.size == 301
    assert np.all(np.diff(J) <= 1e-15 * J[:-1])
    assert J[-1] < J[0]


@pytest.mark.parametrize("optimizer", ["gd", "sgd", "momentum", "adam"])
@pytest.mark.parametrize("kind", RAW)
def test_auto_never_diverges_on_raw_data(kind, optimizer):
    """No DivergedError, and no epoch's J far above J(0) = log 2 (the divergence rule's line is
    J(0) + 1). On data this badly scaled first-order methods barely move in 100 epochs (GD's J
    falls by < 0.01 at loc=100; SGD's noisy steps wander up to about +0.3): hence the Newton default."""
    X, y = _raw(kind, seed=3)
    for labels in (y, (X[:, 0] > np.median(X[:, 0])).astype(int)):  # noisy, then separable
        model = LogisticRegression(optimizer=optimizer, epochs=100, random_state=0).fit(X, labels)
        assert model.status_ != "diverged"
        assert model.history_.objective.max() < np.log(2) + 0.5


@pytest.mark.parametrize("optimizer", ["gd", "sgd", "momentum", "adam"])
def test_auto_learns_on_raw_data_of_one_scale(optimizer):
    """Features of scale 1000, centred: every optimizer's auto step makes real progress."""
    X, y = _raw("scale 1e3", seed=3)
    model = LogisticRegression(optimizer=optimizer, epochs=100, random_state=0).fit(X, y)
    newton = LogisticRegression(optimizer="newton").fit(X, y)
    J, J_star = model.history_.objective, newton.history_.objective[-1]
    assert J[-1] - J_star < 0.1 * (J[0] - J_star)  # 90 % of the way to the optimum


def test_explicit_too_large_learning_rates_still_raise():
    X, y = _raw("loc=100")
    with pytest.raises(DivergedError, match=r"^learning rate 0.1 is too large: .*; try 0.01 or lower$"):
        LogisticRegression(optimizer="gd", learning_rate=0.1).fit(X, y)


# ---------------------------------------------------------------- the trainer


def test_trainer_accepts_auto_and_replays_it():
    X, y = _raw("scale 1e3")
    trainer = Trainer(X, y, optimizer="gd", learning_rate="auto").run(5)
    assert trainer.learning_rate == pytest.approx(1 / _L(X), rel=1e-9)
    record = trainer.trace(2)  # the replay takes the same step
    np.testing.assert_allclose(record["step"], trainer.learning_rate * record["gradient"], rtol=1e-15)
    history = trainer.history
    np.testing.assert_array_equal(record["theta"] - record["step"], np.append(history.w[3], history.b[3]))
    assert Trainer(X, y, optimizer="newton", learning_rate="auto").learning_rate is None


@pytest.mark.parametrize("learning_rate", ["fast", "Auto", ""])
def test_other_strings_are_refused(learning_rate):
    X, y = _raw("loc=100")
    with pytest.raises(ValueError, match=r"learning_rate must be a number > 0 or 'auto', got"):
        Trainer(X, y, learning_rate=learning_rate)
    with pytest.raises(ValueError, match=r"learning_rate must be a number > 0 or 'auto', got"):
        LogisticRegression(learning_rate=learning_rate).fit(X, y)
