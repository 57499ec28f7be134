"""Tests for lr.optimizers: each update rule, Newton's optimum against scikit-learn, and every
gradient optimizer reaching that optimum.

Objective mapping: lr minimises mean BCE + α/2‖w‖², scikit-learn C·Σ BCE + ½‖w‖², so C = 1/(n·α).
"""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

import lr
from lr.objective import Objective
from lr.optimizers import GD, OPTIMIZERS, SGD, Adam, Momentum, Newton, StalledError, make_optimizer

# ---------------------------------------------------------------- the update rules


def test_registry():
    assert list(OPTIMIZERS) == ["gd", "sgd", "momentum", "adam", "newton"]
    assert lr.OPTIMIZERS is OPTIMIZERS
    for name, cls in OPTIMIZERS.items():
        opt = make_optimizer(name, 0.3)
        assert type(opt) is cls and opt.name == name and opt.learning_rate == 0.3
    assert type(make_optimizer("ADAM", 0.1)) is Adam  # case-insensitive
    assert GD.default_batch_size is None and SGD.default_batch_size == 32
    assert Newton.default_batch_size is None


def test_registry_carries_each_optimizers_facts():
    labels = {name: cls.label for name, cls in OPTIMIZERS.items()}
    assert labels == {
        "gd": "Gradient descent",
        "sgd": "Mini-batch SGD",
        "momentum": "Momentum",
        "adam": "Adam",
        "newton": "Newton (IRLS)",
    }
    for name, cls in OPTIMIZERS.items():
        assert cls.name == name and cls.formula.startswith(("\\", "v", "m"))
        assert cls.uses_learning_rate is not cls.second_order  # Newton alone needs no learning rate
        assert cls.smooth_only is cls.second_order
        assert cls.uses_batches is (cls.default_batch_size is not None)
    assert [n for n, c in OPTIMIZERS.items() if c.uses_batches] == ["sgd"]
    assert [n for n, c in OPTIMIZERS.items() if c.monotone] == ["gd"]  # the rises rule
    assert [n for n, c in OPTIMIZERS.items() if c.second_order] == ["newton"]
    assert [n for n, c in OPTIMIZERS.items() if c.memoryless] == ["gd", "newton"]  # trace from θ_t


@pytest.mark.parametrize("bad", ["lbfgs", "", "Gradient descent", None, 3])
def test_unknown_optimizer_is_refused(bad):
    with pytest.raises(ValueError, match="optimizer must be one of"):
        make_optimizer(bad, 0.1)


@pytest.mark.parametrize("cls", [GD, SGD])
def test_gd_step(cls):
    theta = np.array([1.0, -2.0, 0.5])
    g = np.array([0.5, 1.0, -4.0])
    out = cls(0.1).update(theta, g)
    assert out == 0.1
    np.testing.assert_allclose(theta, [0.95, -2.1, 0.9], rtol=1e-15)


def test_momentum_steps():
    opt = Momentum(0.1)
    assert opt.beta == 0.9
    theta = np.zeros(2)
    g1, g2, g3 = np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.array([-1.0, 0.0])
    v = np.zeros(2)
    expected = np.zeros(2)
    for g in (g1, g2, g3):
        assert np.ndim(opt.update(theta, g)) == 0  # one step size (for the proximal step)
        v = 0.9 * v + g
        expected = expected - 0.1 * v
        np.testing.assert_allclose(theta, expected, rtol=1e-14)


def test_adam_first_step_is_learning_rate_times_sign():
    opt = Adam(0.01)
    theta = np.zeros(4)
    g = np.array([3.0, -1e-3, 250.0, -7.0])
    eta = opt.update(theta, g)
    np.testing.assert_allclose(theta, -0.01 * np.sign(g), rtol=1e-5)
    assert np.shape(eta) == (4,)  # one step size per coordinate
    np.testing.assert_allclose(eta, 0.01 / (np.abs(g) + 1e-8), rtol=1e-12)


def test_adam_matches_reference_implementation():
    rng = np.random.default_rng(0)
    opt = Adam(0.05)
    theta = rng.normal(size=5)
    ref = theta.copy()
    m = v = np.zeros(5)
    for t in range(1, 31):
        g = rng.normal(size=5) * 10.0 ** rng.integers(-3, 3)
        opt.update(theta, g)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        ref = ref - 0.05 * m_hat / (np.sqrt(v_hat) + 1e-8)
        np.testing.assert_allclose(theta, ref, rtol=1e-12, atol=1e-15)
    assert opt.t == 30


def test_newton_direction_solves_and_falls_back_to_least_squares():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(4, 4))
    H = A @ A.T + np.eye(4)
    g = rng.normal(size=4)
    np.testing.assert_allclose(H @ Newton.direction(g, H), g, rtol=1e-12)
    singular = np.zeros((3, 3))
    singular[0, 0] = 2.0
    d = Newton.direction(np.array([4.0, 0.0, 0.0]), singular)
    np.testing.assert_allclose(d, [2.0, 0.0, 0.0], atol=1e-15)


def _gradJ(X, y, w, b, alpha):
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    return X.T @ (p - y) / len(y) + alpha * w, np.mean(p - y)


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam"])
def test_trainer_history_follows_the_update_rule(optimizer):
    """Replay the run with an independent gradient and update: row e+1 follows from row e."""
    rng = np.random.default_rng(2)
    X = rng.normal(size=(60, 3))
    y = (rng.random(60) < 0.5).astype(float)
    alpha, eta = 0.1, 0.2
    h = lr.Trainer(X, y, alpha=alpha, optimizer=optimizer, learning_rate=eta, tol=0.0).run(25).history
    assert h.n_epochs == 25
    w, b = np.zeros(3), 0.0
    v, m, s = np.zeros(4), np.zeros(4), np.zeros(4)
    for e in range(25):
        np.testing.assert_allclose(h.w[e], w, rtol=1e-10, atol=1e-14)
        assert h.b[e] == pytest.approx(b, rel=1e-10, abs=1e-14)
        g = np.append(*_gradJ(X, y, w, b, alpha))
        if optimizer == "gd":
            step = eta * g
        elif optimizer == "momentum":
            v = 0.9 * v + g
            step = eta * v
        else:
            m, s = 0.9 * m + 0.1 * g, 0.999 * s + 0.001 * g * g
            step = eta * (m / (1 - 0.9 ** (e + 1))) / (np.sqrt(s / (1 - 0.999 ** (e + 1))) + 1e-8)
        w, b = w - step[:3], b - step[3]
    np.testing.assert_allclose(h.w[25], w, rtol=1e-10)


# ---------------------------------------------------------------- Newton against scikit-learn


def standardised(name, degree, seed=0, n=200, noise=0.3):
    X, y = lr.make_dataset(name, n, noise=noise, random_state=seed)
    X = lr.PolynomialFeatures(degree).fit_transform(X)
    return lr.StandardScaler().fit_transform(X), y


def gaussian(seed=0, n=300, d=5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 2.0, d) + rng.normal(size=d)
    w = rng.normal(size=d)
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(X @ w - 0.5)))).astype(int)
    return X, y


PROBLEMS = {
    "linear": lambda: standardised("linear", 1, noise=0.6),
    "moons-poly3": lambda: standardised("moons", 3),
    "circles-poly2": lambda: standardised("circles", 2),
    "gaussian": lambda: gaussian(),
}


def sklearn_optimum(X, y, alpha, fit_intercept=True):
    n = X.shape[0]
    kw = {"C": 1.0 / (n * alpha), "l1_ratio": 0} if alpha > 0 else {"C": np.inf}
    sk = SkLogisticRegression(
        **kw, solver="newton-cholesky", tol=1e-12, max_iter=1000, fit_intercept=fit_intercept
    ).fit(X, y)
    return sk.coef_[0], float(np.ravel(sk.intercept_)[0]) if fit_intercept else 0.0


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("alpha", [0.05, 1e-3, 0.0])
@pytest.mark.parametrize("problem", list(PROBLEMS))
def test_newton_optimum_matches_sklearn(problem, alpha, fit_intercept):
    X, y = PROBLEMS[problem]()
    model = lr.LogisticRegression(
        penalty="l2" if alpha else "none",
        alpha=alpha,
        optimizer="newton",
        tol=1e-10,
        epochs=100,
        fit_intercept=fit_intercept,
    ).fit(X, y)
    w, b = sklearn_optimum(X, y, alpha, fit_intercept)
    np.testing.assert_allclose(model.coef_[0], w, rtol=0, atol=1e-6)
    assert model.intercept_[0] == pytest.approx(b, abs=1e-6)
    if not fit_intercept:
        assert model.intercept_[0] == 0.0


def test_newton_matches_sklearn_lbfgs_on_a_regularised_problem():
    X, y = PROBLEMS["moons-poly3"]()
    alpha = 0.01
    model = lr.LogisticRegression(alpha=alpha, optimizer="newton", tol=1e-10).fit(X, y)
    sk = SkLogisticRegression(
        C=1.0 / (len(y) * alpha), l1_ratio=0, solver="lbfgs", tol=1e-10, max_iter=10000
    ).fit(X, y)
    np.testing.assert_allclose(model.coef_, sk.coef_, atol=1e-6)
    np.testing.assert_allclose(model.intercept_, sk.intercept_, atol=1e-6)


@pytest.mark.parametrize("alpha", [0.05, 1e-3, 0.0])
@pytest.mark.parametrize("problem", list(PROBLEMS))
def test_newton_converges_quadratically_to_a_tight_tolerance(problem, alpha):
    """A handful of Newton steps take ‖∇J‖ from 1 to 1e-10; then the run stops as 'converged'."""
    X, y = PROBLEMS[problem]()
    tr = lr.Trainer(X, y, penalty="l2", alpha=alpha, optimizer="newton", tol=1e-10).run(100)
    gn = tr.history.grad_norm
    assert tr.status == "converged", f"{tr.message}; last gradient norms {gn[-4:]}"
    assert tr.epoch <= 20
    assert gn[-1] <= 1e-10
    assert np.all(np.diff(tr.history.objective) <= 1e-15)  # monotone (Armijo)


# ---------------------------------------------------------------- gradient optimizers reach it

CONVERGENCE_RUNS = {  # optimizer: (learning_rate, batch_size, epochs)
    "gd": (1.0, None, 3000),
    "momentum": (0.1, None, 3000),
    "adam": (0.05, None, 3000),
    "sgd": (0.2, 50, 600),
}


@pytest.mark.parametrize("optimizer", list(CONVERGENCE_RUNS))
@pytest.mark.parametrize("problem", ["moons-poly3", "gaussian-std"])
def test_gradient_optimizers_reach_newtons_objective(problem, optimizer):
    if problem == "gaussian-std":
        X, y = gaussian(seed=5)
        X = lr.StandardScaler().fit_transform(X)
    else:
        X, y = PROBLEMS[problem]()
    alpha = 0.01
    ref = lr.Trainer(X, y, alpha=alpha, optimizer="newton", tol=1e-12).run(50)
    assert ref.status == "converged"
    J_star = ref.history.objective[-1]
    learning_rate, batch_size, epochs = CONVERGENCE_RUNS[optimizer]
    tr = lr.Trainer(
        X,
        y,
        alpha=alpha,
        optimizer=optimizer,
        learning_rate=learning_rate,
        batch_size=batch_size,
        tol=1e-8,
        random_state=0,
    ).run(epochs)
    assert tr.status != "diverged"
    J = tr.history.objective[-1]
    assert J >= J_star - 1e-12  # nobody beats the optimum
    assert J - J_star < 1e-4
    if optimizer != "sgd":
        assert tr.status == "converged"
        np.testing.assert_allclose(tr.w, ref.w, atol=1e-5)


# ---------------------------------------------------------------- a step's trace replays it


def soft_threshold(w, threshold):
    return np.sign(w) * np.maximum(np.abs(w) - threshold, 0.0)


def replay_update(optimizer, record, theta, eta, alpha, penalty, d):
    """θ after one update from the traced quantities alone, each checked against its own formula."""
    g = record["gradient"]
    np.testing.assert_array_equal(record["data_gradient"] + record["penalty_gradient"], g)
    if optimizer in ("gd", "sgd"):
        np.testing.assert_array_equal(record["step"], eta * g)
    elif optimizer == "momentum":
        np.testing.assert_array_equal(record["step"], eta * record["velocity"])
    elif optimizer == "adam":
        learning_rates = eta / (np.sqrt(record["v_hat"]) + 1e-8)
        np.testing.assert_array_equal(record["learning_rates"], learning_rates)
        np.testing.assert_array_equal(record["step"], learning_rates * record["m_hat"])
    else:
        np.testing.assert_allclose(record["hessian"] @ record["direction"], g, rtol=1e-10, atol=1e-14)
        np.testing.assert_array_equal(record["step"], record["line_search_step"] * record["direction"])
    theta = theta - record["step"]
    if penalty == "l1":
        np.testing.assert_array_equal(record["w_before_prox"], theta[:d])
        step = record["prox_step"]
        expected_step = {"gd": eta, "sgd": eta, "momentum": eta / (1 - 0.9)}.get(optimizer)
        if expected_step is None:  # Adam: each weight's own step
            np.testing.assert_array_equal(step, record["learning_rates"][:d])
        else:
            assert step == expected_step
        theta[:d] = soft_threshold(theta[:d], step * alpha) + 0.0
        np.testing.assert_array_equal(record["w_after_prox"], theta[:d])
    return theta


TRACE_CASES = [
    (optimizer, penalty)
    for optimizer in OPTIMIZERS
    for penalty in ("l2", "l1")
    if not (optimizer == "newton" and penalty == "l1")
] + [("newton", "none")]


@pytest.mark.parametrize(("optimizer", "penalty"), TRACE_CASES)
def test_a_traced_epoch_reproduces_the_next_weights(optimizer, penalty):
    X, y = PROBLEMS["moons-poly3"]()
    alpha, eta = 0.02, {"adam": 0.05, "newton": 1.0}.get(optimizer, 0.5)
    tr = lr.Trainer(
        X,
        y,
        penalty=penalty,
        alpha=alpha,
        optimizer=optimizer,
        learning_rate=eta,
        tol=0.0,
        random_state=3,
        batch_size=64 if optimizer == "sgd" else None,
    ).run(6 if optimizer == "newton" else 40)
    h = tr.history
    d = X.shape[1]
    for t in (0, 2, h.n_epochs - 1):
        record = tr.trace(t)
        assert record["epoch"] == t
        theta = np.append(h.w[t], h.b[t])
        np.testing.assert_array_equal(record["theta"], theta)
        if optimizer == "sgd":
            rows = np.concatenate([step["rows"] for step in record["steps"]])
            np.testing.assert_array_equal(np.sort(rows), np.arange(len(y)))  # each sample once
            assert all(len(step["rows"]) <= 64 for step in record["steps"])
            for step in record["steps"]:
                Xb, yb = X[step["rows"]], y[step["rows"]]
                gw, gb = _gradJ(Xb, yb, theta[:d], theta[d], alpha if penalty == "l2" else 0.0)
                np.testing.assert_allclose(step["gradient"], np.append(gw, gb), rtol=1e-9, atol=1e-13)
                theta = replay_update(optimizer, step, theta, eta, alpha, penalty, d)
        else:
            gw, gb = _gradJ(X, y, theta[:d], theta[d], alpha if penalty == "l2" else 0.0)
            np.testing.assert_allclose(record["gradient"], np.append(gw, gb), rtol=1e-9, atol=1e-13)
            theta = replay_update(optimizer, record, theta, eta, alpha, penalty, d)
        np.testing.assert_allclose(theta, np.append(h.w[t + 1], h.b[t + 1]), rtol=0, atol=1e-12)


def _assert_same_trace(fast, slow, where=""):
    assert fast.keys() == slow.keys(), where
    for key, value in slow.items():
        if key == "steps":
            assert len(fast[key]) == len(value)
            for k, (a, b) in enumerate(zip(fast[key], value, strict=True)):
                _assert_same_trace(a, b, f"{where} step {k}")
        else:
            np.testing.assert_array_equal(fast[key], value, err_msg=f"{where} {key}")


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_a_trace_from_its_checkpoint_equals_the_replay_from_the_start(optimizer, monkeypatch):
    """GD and Newton replay from θ_t alone; momentum, Adam and SGD from the last checkpoint's θ and
    state. Either way the traced step is the one a replay of the whole run makes, bit for bit."""
    X, y = PROBLEMS["moons-poly3"]()
    args = dict(penalty="l1" if optimizer != "newton" else "l2", alpha=0.002, optimizer=optimizer, tol=0.0)
    args.update(learning_rate=0.05 if optimizer == "adam" else 0.5, random_state=5)
    args.update(batch_size=16 if optimizer == "sgd" else None)
    epochs = 12 if optimizer == "newton" else 150
    fast = lr.Trainer(X, y, **args).run(epochs)
    monkeypatch.setattr(OPTIMIZERS[optimizer], "memoryless", False)
    monkeypatch.setattr(lr.trainer, "CHECKPOINT_STEPS", 10**9)  # one checkpoint: the start
    slow = lr.Trainer(X, y, **args).run(epochs)
    np.testing.assert_array_equal(fast.record.theta[: epochs + 1], slow.record.theta[: epochs + 1])
    assert slow._checkpoint_every > epochs
    for t in sorted({0, 1, 63, 64, 65, 129, fast.epoch - 1} & set(range(fast.epoch))):
        _assert_same_trace(fast.trace(t), slow.trace(t), f"epoch {t}")


def test_trace_needs_an_epoch_the_run_stepped_from():
    X, y = PROBLEMS["linear"]()
    tr = lr.Trainer(X, y, tol=0.0).run(3)
    for bad in (-1, 3, 2.0, True):
        with pytest.raises(ValueError, match="epoch must be an epoch this run stepped from, 0 to 2"):
            tr.trace(bad)
    assert tr.epoch == 3  # the replay leaves the run alone


# ---------------------------------------------------------------- Newton's step on its own


def test_newton_step_leaves_the_new_logits_and_returns_their_objective():
    X, y = PROBLEMS["moons-poly3"]()
    obj = Objective(X, y, penalty="l2", alpha=0.01)
    theta = np.zeros(obj.n_params)
    z = obj.logits(theta)
    z_next = np.empty_like(z)
    J = Newton().step(obj, theta, obj.gradient(theta, z), z, z_next=z_next)
    np.testing.assert_allclose(z_next, obj.logits(theta), rtol=1e-13, atol=1e-13)
    assert J == pytest.approx(obj.loss(theta), rel=1e-14)
    assert J < np.log(2.0)


def test_newton_line_search_halves_until_armijo_and_stalls_uphill():
    X, y = PROBLEMS["linear"]()
    obj = Objective(X, y, penalty="l2", alpha=0.01)
    theta = np.zeros(obj.n_params)
    g = obj.gradient(theta)
    J = float(obj.loss(theta))
    long_step = 64 * g  # Armijo refuses the first steps along this much too long direction
    t, J_new = Newton.line_search(obj, theta, long_step, float(g @ long_step), J)
    assert t < 1 and J_new <= J - 1e-4 * t * float(g @ long_step)
    np.testing.assert_allclose(theta, -t * long_step, rtol=1e-15)
    uphill = -obj.gradient(theta)  # θ − t·Δ climbs for every t, whatever slope is claimed
    before = theta.copy()
    with pytest.raises(StalledError):
        Newton.line_search(obj, theta, uphill, 1.0, float(obj.loss(theta)))
    np.testing.assert_array_equal(theta, before)
