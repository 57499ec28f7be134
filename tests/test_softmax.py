"""K ≥ 3 classes: the softmax objective, its derivatives, its optima, its trace and its null direction.

Oracles: central finite differences of lr's own loss, SciPy's logsumexp and softmax, and
scikit-learn's multinomial LogisticRegression (lbfgs at tol 1e-12; saga for L1).
"""

import tracemalloc
import warnings

import numpy as np
import pytest
from scipy.special import logsumexp as scipy_logsumexp
from scipy.special import softmax as scipy_softmax

import lr
from lr.objective import Objective, SoftmaxObjective
from lr.optimizers import OPTIMIZERS

PENALTIES = ("none", "l2", "l1")


def blobs(n: int, K: int, *, seed: int = 0, spread: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """K Gaussian blobs in 2-D, centres on a circle of radius 3, labels 0..K−1."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % K
    angles = 2 * np.pi * np.arange(K) / K
    centres = 3 * np.column_stack([np.cos(angles), np.sin(angles)])
    return centres[y] + spread * rng.normal(size=(n, 2)), y


def cubic(X: np.ndarray) -> np.ndarray:
    """lr.PolynomialFeatures(3), standardised: 9 features."""
    F = lr.PolynomialFeatures(3).fit_transform(X)
    return lr.StandardScaler().fit_transform(F)


def direct_loss(X, y, Theta, penalty, alpha):
    """J(Θ) written out with SciPy's logsumexp: the independent oracle of the objective's value."""
    d = X.shape[1]
    Z = X @ Theta[:, :d].T + Theta[:, d]
    data = np.mean(scipy_logsumexp(Z, axis=1) - Z[np.arange(len(y)), y])
    W = Theta[:, :d]
    R = {"none": 0.0, "l2": 0.5 * alpha * np.sum(W * W), "l1": alpha * np.sum(np.abs(W))}[penalty]
    return data + R


def direct_gradient(X, y, Theta, alpha_l2=0.0):
    """(P − Y)X₁/n + αW, written out: the independent oracle of the gradient."""
    n, d = X.shape
    X1 = np.hstack([X, np.ones((n, 1))])
    P = scipy_softmax(X1 @ Theta.T, axis=1)
    Y = np.eye(Theta.shape[0])[y]
    G = (P - Y).T @ X1 / n
    G[:, :d] += alpha_l2 * Theta[:, :d]
    return G


# ---------------------------------------------------------------- the building blocks


def test_softmax_and_logsumexp_match_scipy_and_never_overflow():
    rng = np.random.default_rng(0)
    Z = rng.normal(scale=5, size=(50, 4))
    np.testing.assert_allclose(lr.softmax(Z), scipy_softmax(Z, axis=1), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(lr.logsumexp(Z), scipy_logsumexp(Z, axis=1), rtol=1e-14)
    np.testing.assert_allclose(lr.softmax(Z.T, axis=0), scipy_softmax(Z, axis=1).T, rtol=1e-14, atol=1e-300)
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # no overflow, no log(0), no NaN
        z = np.array([1000.0, 0.0, -1000.0])
        np.testing.assert_array_equal(lr.softmax(z), [1.0, 0.0, 0.0])
        assert lr.logsumexp(z) == 1000.0
        assert lr.logsumexp(np.array([-1000.0, -1000.0])) == -1000.0 + np.log(2.0)


def test_three_classes_make_the_softmax_objective_and_two_stay_the_sigmoid():
    X = np.arange(12.0).reshape(6, 2)
    assert type(Objective(X, [0, 1, 0, 1, 1, 0])) is Objective
    three = Objective(X, [0, 1, 2, 1, 2, 0], penalty="l2", alpha=0.1)
    assert isinstance(three, SoftmaxObjective) and three.theta_shape == (3, 3) and three.n_params == 9
    missing = Objective(X, [0, 1, 1, 1, 1, 0], n_classes=4)  # a test split may miss classes
    assert missing.theta_shape == (4, 3)
    assert Objective(X, [0, 1, 2, 1, 2, 0], fit_intercept=False).theta_shape == (3, 2)


@pytest.mark.parametrize("K", [3, 6])
@pytest.mark.parametrize("penalty", PENALTIES)
def test_value_against_an_independent_formula(K, penalty):
    X, y = blobs(120, K, seed=K)
    Theta = np.random.default_rng(1).normal(size=(K, 3))
    obj = Objective(X, y, penalty=penalty, alpha=0.3)
    assert float(obj.loss(Theta)) == pytest.approx(direct_loss(X, y, Theta, penalty, 0.3), rel=1e-13)
    J, g = obj.value_and_gradient(Theta)
    assert J == pytest.approx(direct_loss(X, y, Theta, penalty, 0.3), rel=1e-13)
    np.testing.assert_allclose(g, obj.gradient(Theta), rtol=1e-14, atol=1e-16)
    Stack = np.stack([Theta, 2 * Theta, 0 * Theta])  # a block of models, one value each
    np.testing.assert_allclose(obj.loss(Stack), [obj.loss(T) for T in Stack], rtol=1e-14)


def test_the_loss_is_exact_at_logits_of_a_thousand():
    """z = ±1000: the confident right answers cost exactly 0 and the wrong one exactly 2000."""
    X = np.array([[1.0], [1.0], [-1.0]])
    y = np.array([0, 0, 1])
    Theta = np.array([[1000.0, 0.0], [-1000.0, 0.0], [0.0, 0.0]])  # z = (1000, −1000, 0) or its negative
    obj = Objective(X, y, n_classes=3)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        J = float(obj.loss(Theta))
        g = obj.gradient(Theta)
    # sample 1 and 2: logsumexp(1000, −1000, 0) − 1000 = log(1 + e^−1000 + e^−2000) = 0 exactly
    # sample 3: z = (−1000, 1000, 0), y = 1: 0 as well; so J = 0 … then make the third one wrong
    assert J == 0.0 and np.isfinite(g).all()
    wrong = Objective(X, np.array([0, 0, 0]), n_classes=3)
    assert float(wrong.loss(Theta)) == pytest.approx(2000.0 / 3, rel=1e-15)


# ---------------------------------------------------------------- derivatives against finite differences


@pytest.mark.parametrize("K", [3, 6])
@pytest.mark.parametrize("penalty", PENALTIES)
def test_gradient_against_finite_differences(K, penalty):
    X, y = blobs(90, K, seed=K)
    rng = np.random.default_rng(K)
    obj = Objective(cubic(X), y, penalty=penalty, alpha=0.05)
    Theta = rng.normal(scale=0.5, size=obj.theta_shape)
    result = lr.check_gradient(obj, Theta, np.zeros(obj.theta_shape))
    assert result.error < 1e-8, result
    alpha_l2 = 0.05 if penalty == "l2" else 0.0
    np.testing.assert_allclose(obj.gradient(Theta), direct_gradient(cubic(X), y, Theta, alpha_l2), atol=1e-13)


def _finite_difference_hessian(obj, Theta, h=1e-5):
    """Central differences of the gradient, column by column: ∂g/∂θ_j."""
    columns = []
    for j in range(Theta.size):
        up, down = Theta.copy(), Theta.copy()
        up.flat[j] += h
        down.flat[j] -= h
        columns.append(((obj.gradient(up) - obj.gradient(down)) / (2 * h)).ravel())
    return np.column_stack(columns)


@pytest.mark.parametrize("K", [3, 6])
@pytest.mark.parametrize("penalty", PENALTIES)
def test_hessian_and_hessian_vector_products_against_finite_differences(K, penalty):
    """With L1, of the smooth part f (the data term): L1 has no Hessian and enters by its prox."""
    X, y = blobs(80, K, seed=10 + K)
    obj = Objective(cubic(X), y, penalty=penalty, alpha=0.07)
    rng = np.random.default_rng(K)
    Theta = rng.normal(scale=0.5, size=obj.theta_shape)
    H = obj.hessian(Theta)
    assert H.shape == (obj.n_params, obj.n_params)
    numeric = _finite_difference_hessian(obj, Theta)
    np.testing.assert_allclose(H, numeric, rtol=0, atol=1e-8 * np.abs(H).max())
    np.testing.assert_allclose(H, H.T, rtol=0, atol=1e-15)
    for _ in range(3):
        V = rng.normal(size=obj.theta_shape)
        HV = obj.hessian_vector(Theta, V)
        np.testing.assert_allclose(HV.ravel(), H @ V.ravel(), rtol=1e-11, atol=1e-13)
        h = 1e-5  # and the product against differences of the gradient along V
        fd = (obj.gradient(Theta + h * V) - obj.gradient(Theta - h * V)) / (2 * h)
        np.testing.assert_allclose(HV, fd, rtol=0, atol=1e-8 * np.abs(HV).max())


def test_hessian_summed_over_blocks_equals_one_block():
    """More samples than a block of the Hessian's sum, with a partial last block."""
    X, y = blobs(12_000, 3, seed=2)
    obj = Objective(X, y, penalty="l2", alpha=0.01)
    Theta = np.random.default_rng(0).normal(size=(3, 3))
    H = obj.hessian(Theta)
    small = Objective(X, y, penalty="l2", alpha=0.01)
    lr.objective._HESSIAN_BLOCK, saved = 10**9, lr.objective._HESSIAN_BLOCK
    try:
        np.testing.assert_allclose(H, small.hessian(Theta), rtol=1e-12, atol=1e-15)
    finally:
        lr.objective._HESSIAN_BLOCK = saved


def test_the_curvature_bound_holds_and_auto_gd_descends_every_epoch():
    """L = λ_max(X₁ᵀX₁)/(2n) + α bounds ∇²f at any Θ (Böhning's ½), so GD at η = 1/L lowers J."""
    X, y = blobs(200, 4, seed=3)
    F = cubic(X)
    obj = Objective(F, y, penalty="l2", alpha=0.01)
    L = obj.smoothness()
    X1 = np.hstack([F, np.ones((200, 1))])
    assert L == pytest.approx(np.linalg.eigvalsh(X1.T @ X1)[-1] / 400 + 0.01, rel=1e-12)
    rng = np.random.default_rng(0)
    for scale in (0.0, 0.3, 3.0):
        assert np.linalg.eigvalsh(obj.hessian(rng.normal(scale=scale, size=(4, 10))))[-1] <= L * (1 + 1e-12)
    tr = lr.Trainer(F, y, penalty="l2", alpha=0.01, optimizer="gd", learning_rate="auto", tol=0).run(200)
    assert tr.learning_rate == pytest.approx(1 / L)
    assert (np.diff(tr.history.objective) <= 1e-15).all()
    per_sample = obj.smoothness(per_sample=True)
    assert per_sample == pytest.approx((X1 * X1).sum(axis=1).max() / 2 + 0.01, rel=1e-12)


# ---------------------------------------------------------------- optima against scikit-learn


def _sklearn(X, y, alpha, **kwargs):
    sklearn_linear = pytest.importorskip("sklearn.linear_model")
    return sklearn_linear.LogisticRegression(C=1 / (len(y) * alpha), **kwargs).fit(X, y)


def _theta(model):
    return np.column_stack([model.coef_, model.intercept_])


def test_iris_optimum_equals_scikit_learns():
    """Fisher's iris, 4 features, 3 classes, L2: lbfgs at tol 1e-12 is the oracle."""
    datasets = pytest.importorskip("sklearn.datasets")
    X, y = datasets.load_iris(return_X_y=True)
    alpha = 1e-2
    sk = _sklearn(X, y, alpha, tol=1e-12, max_iter=10_000)
    model = lr.LogisticRegression(penalty="l2", alpha=alpha, tol=1e-10).fit(X, y)
    assert model.status_ == "converged" and model.n_iter_ <= 15
    np.testing.assert_allclose(model.predict_proba(X), sk.predict_proba(X), rtol=0, atol=1e-6)
    obj = Objective(X, y, penalty="l2", alpha=alpha)
    J, J_sk = float(obj.loss(_theta(model))), float(obj.loss(_theta(sk)))
    assert abs(J - J_sk) <= 1e-10 and J <= J_sk + 1e-15
    np.testing.assert_array_equal(model.predict(X), sk.predict(X))


@pytest.mark.parametrize("scaled", [False, True])
def test_five_blobs_with_cubic_features_optimum_equals_scikit_learns(scaled):
    """Raw cubic features (scales 1 to 10³) and standardised ones. lbfgs at tol 1e-12 stops on its
    relative decrease of J: on the raw features 2e-12 above the optimum, where the probabilities
    still move by 6e-6. So lbfgs is held to J (lr's within 1e-10 and not above), and the
    probabilities to scikit-learn's second-order solver of the same objective, newton-cholesky,
    within 1e-6 (lbfgs's within 1e-5 raw, 1e-6 standardised)."""
    X, y = blobs(3000, 5, seed=4, spread=1.5)
    F = lr.PolynomialFeatures(3).fit_transform(X)
    if scaled:
        F = lr.StandardScaler().fit_transform(F)
    alpha = 1 / len(y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lbfgs's ConvergenceWarning on the raw features
        sk = _sklearn(F, y, alpha, tol=1e-12, max_iter=100_000)
    newton = _sklearn(F, y, alpha, tol=1e-12, max_iter=1000, solver="newton-cholesky")
    model = lr.LogisticRegression(penalty="l2", alpha=alpha, tol=1e-10).fit(F, y)
    assert model.status_ == "converged" and model.n_iter_ <= 15
    np.testing.assert_allclose(model.predict_proba(F), newton.predict_proba(F), rtol=0, atol=1e-6)
    atol = 2e-6 if scaled else 1e-5
    np.testing.assert_allclose(model.predict_proba(F), sk.predict_proba(F), rtol=0, atol=atol)
    obj = Objective(F, y, penalty="l2", alpha=alpha)
    J, J_sk = float(obj.loss(_theta(model))), float(obj.loss(_theta(sk)))
    assert abs(J - J_sk) <= 1e-10 and J <= J_sk + 1e-15
    assert abs(J - float(obj.loss(_theta(newton)))) <= 1e-14


def test_l1_optimum_equals_saga():
    datasets = pytest.importorskip("sklearn.datasets")
    X, y = datasets.load_iris(return_X_y=True)
    X = lr.StandardScaler().fit_transform(X)
    alpha = 0.02
    sk = _sklearn(X, y, alpha, l1_ratio=1.0, solver="saga", tol=1e-10, max_iter=200_000)
    model = lr.LogisticRegression(penalty="l1", alpha=alpha, optimizer="gd", epochs=100_000, tol=1e-9)
    model.fit(X, y)
    assert model.status_ == "converged"
    np.testing.assert_allclose(model.predict_proba(X), sk.predict_proba(X), rtol=0, atol=1e-6)
    obj = Objective(X, y, penalty="l1", alpha=alpha)
    assert abs(float(obj.loss(_theta(model))) - float(obj.loss(_theta(sk)))) <= 1e-9
    assert (model.coef_ == 0).any()  # exact zeros, as saga's
    np.testing.assert_array_equal(model.coef_ == 0, np.abs(sk.coef_) < 1e-8)


@pytest.mark.parametrize("optimizer", ["newton", "gd"])
def test_separable_classes_without_a_penalty_stop_with_finite_weights(optimizer):
    X, y = blobs(150, 3, seed=5, spread=0.3)  # three far-apart clusters: separable
    model = lr.LogisticRegression(penalty="none", optimizer=optimizer, epochs=3000).fit(X, y)
    assert np.isfinite(model.coef_).all() and np.isfinite(model.intercept_).all()
    assert model.score(X, y) == 1.0
    if optimizer == "newton":
        assert model.status_ == "converged", model.message_
        assert model.message_.startswith(("converged at epoch", "stopped at epoch")), model.message_
    else:
        assert model.status_ == "running" and model.message_.startswith("ran 3000 epochs"), model.message_


# ---------------------------------------------------------------- the null direction


def test_predictions_do_not_depend_on_the_null_direction():
    X, y = blobs(300, 4, seed=6, spread=2.0)
    model = lr.LogisticRegression(penalty="none").fit(X, y)
    # Newton's minimum-norm steps from Θ = 0: the optimum whose class rows sum to 0
    np.testing.assert_allclose(model.coef_.sum(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(model.intercept_.sum(), 0, atol=1e-12)
    c = np.array([3.0, -7.0])  # one vector added to every class's row, and 11 to every intercept
    shifted = lr.LogisticRegression.from_weights(model.coef_ + c, model.intercept_ + 11.0, model.classes_)
    np.testing.assert_allclose(shifted.predict_proba(X), model.predict_proba(X), rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(shifted.predict(X), model.predict(X))
    obj = Objective(X, y)
    assert float(obj.loss(_theta(shifted))) == pytest.approx(float(obj.loss(_theta(model))), rel=1e-12)
    # Adam's per-coordinate steps leave the centred set; its predictions are the same model's
    adam = lr.LogisticRegression(penalty="none", optimizer="adam", epochs=20_000, tol=1e-7).fit(X, y)
    np.testing.assert_allclose(adam.predict_proba(X), model.predict_proba(X), atol=1e-5)


def test_newton_solves_the_singular_hessian_in_the_minimum_norm_sense():
    X, y = blobs(200, 3, seed=7, spread=2.0)
    obj = Objective(X, y)  # no penalty: flat along 1⊗e_j for every coordinate j
    Theta = np.random.default_rng(0).normal(size=(3, 3))
    Theta -= Theta.mean(axis=0)
    g, H = obj.gradient(Theta), obj.hessian(Theta)
    N = obj.null_space()
    assert N.shape == (9, 3) and np.allclose(N.T @ N, np.eye(3))
    np.testing.assert_allclose(H @ N, 0, atol=1e-14)  # singular by design
    direction = lr.optimizers.Newton.direction(g, H, N)
    np.testing.assert_allclose(direction.ravel(), np.linalg.pinv(H, rcond=1e-12) @ g.ravel(), atol=1e-10)
    np.testing.assert_allclose(direction.sum(axis=0), 0, atol=1e-13)
    l2 = Objective(X, y, penalty="l2", alpha=0.1).null_space()
    assert l2.shape == (9, 1)  # L2 holds the weights: only the intercepts stay free


# ---------------------------------------------------------------- the trainer: trace and history


def soft_threshold(w, threshold):
    return np.sign(w) * np.maximum(np.abs(w) - threshold, 0.0)


def replay(optimizer, record, Theta, eta, alpha, penalty, d):
    """Θ_{t+1} from the trace alone, in matrix form: Θ − step, then L1's threshold on W."""
    if optimizer in ("gd", "sgd"):
        np.testing.assert_array_equal(record["step"], eta * record["gradient"])
    elif optimizer == "momentum":
        np.testing.assert_array_equal(record["step"], eta * record["velocity"])
    elif optimizer == "adam":
        np.testing.assert_array_equal(record["step"], record["learning_rates"] * record["m_hat"])
    else:
        H, direction = record["hessian"], record["direction"]
        HD = (H @ direction.ravel()).reshape(direction.shape)
        np.testing.assert_allclose(HD, record["gradient"], atol=1e-12)
        np.testing.assert_array_equal(record["step"], record["line_search_step"] * direction)
    Theta = Theta - record["step"]
    if penalty == "l1":
        np.testing.assert_array_equal(record["w_before_prox"], Theta[:, :d])
        step = record["prox_step"]
        Theta[:, :d] = soft_threshold(Theta[:, :d], step * alpha) + 0.0
        np.testing.assert_array_equal(record["w_after_prox"], Theta[:, :d])
    return Theta


TRACE_CASES = [(o, p) for o in OPTIMIZERS for p in PENALTIES if not (o == "newton" and p == "l1")]


@pytest.mark.parametrize(("optimizer", "penalty"), TRACE_CASES)
def test_a_traced_epoch_rebuilds_the_next_theta(optimizer, penalty):
    X, y = blobs(200, 4, seed=8, spread=1.5)
    F = cubic(X)
    alpha, eta = 0.02, {"adam": 0.05, "newton": 1.0}.get(optimizer, 0.5)
    tr = lr.Trainer(
        F,
        y,
        penalty=penalty,
        alpha=alpha,
        optimizer=optimizer,
        learning_rate=eta,
        tol=0.0,
        random_state=3,
        batch_size=32 if optimizer == "sgd" else None,
    ).run(5 if optimizer == "newton" else 30)
    h, d = tr.history, F.shape[1]
    assert h.w.shape == (h.n_epochs + 1, 4, d) and h.b.shape == (h.n_epochs + 1, 4)
    for t in (0, 2, h.n_epochs - 1):
        record = tr.trace(t)
        Theta = np.column_stack([h.w[t], h.b[t]])
        np.testing.assert_array_equal(record["theta"], Theta)
        alpha_l2 = alpha if penalty == "l2" else 0.0
        for step in record.get("steps", [record]):
            rows = step.get("rows", np.arange(len(y)))
            expected = direct_gradient(F[rows], y[rows], Theta, alpha_l2)
            np.testing.assert_allclose(step["gradient"], expected, rtol=1e-9, atol=1e-13)
            Theta = replay(optimizer, step, Theta, eta, alpha, penalty, d)
        np.testing.assert_allclose(Theta, np.column_stack([h.w[t + 1], h.b[t + 1]]), rtol=0, atol=1e-12)


def test_history_scores_equal_a_recomputation():
    X, y = blobs(240, 3, seed=9, spread=2.0)
    Xtr, Xte, ytr, yte = X[:180], X[180:], y[:180], y[180:]
    tr = lr.Trainer(
        Xtr, ytr, penalty="l2", alpha=0.01, optimizer="gd", learning_rate=0.3, tol=0, X_test=Xte, y_test=yte
    ).run(25)
    h = tr.history
    obj, test = Objective(Xtr, ytr, penalty="l2", alpha=0.01), Objective(Xte, yte, n_classes=3)
    for e in (0, 1, 12, 25):
        Theta = np.column_stack([h.w[e], h.b[e]])
        assert h.objective[e] == pytest.approx(direct_loss(Xtr, ytr, Theta, "l2", 0.01), rel=1e-12)
        assert h.train_loss[e] == pytest.approx(direct_loss(Xtr, ytr, Theta, "none", 0), rel=1e-12)
        assert h.test_loss[e] == pytest.approx(float(test.data_loss(test.logits(Theta))), rel=1e-12)
        model = lr.LogisticRegression.from_weights(h.w[e], h.b[e], [0, 1, 2])
        assert h.train_acc[e] == pytest.approx(model.score(Xtr, ytr))
        assert h.test_acc[e] == pytest.approx(model.score(Xte, yte))
        g = obj.gradient(Theta)
        assert h.grad_norm[e] == pytest.approx(np.linalg.norm(g), rel=1e-10)
    assert h.train_acc[0] == pytest.approx(np.mean(ytr == 0))  # Θ = 0: every logit ties, argmax takes class 0


def test_the_accuracy_count_is_the_argmax_of_the_logits_ties_to_the_first_class():
    X, y = blobs(400, 5, seed=3)
    obj = Objective(X, y)
    rng = np.random.default_rng(0)
    Z = rng.integers(-2, 3, size=(3, 5, 400)).astype(float)  # small integers: many ties
    expected = [np.count_nonzero(np.argmax(z, axis=0) == y) for z in Z]
    np.testing.assert_array_equal(obj.n_correct(Z), expected)
    assert obj.n_correct(Z[0]) == expected[0]


@pytest.mark.parametrize("K", [3, 5, 6])
def test_the_accuracy_count_breaks_every_tie_as_argmax_does_for_a_block_of_models(K):
    X, y = blobs(600, K, seed=K)
    obj = Objective(X, y)
    rng = np.random.default_rng(K)
    Z = rng.standard_normal((4, K, 600))
    i = np.arange(600)
    for model, other in enumerate([0, K - 1]):  # the true class tied at the max with class 0, class K−1
        Z[model, other] = Z[model, y, i] = Z[model].max(axis=0) + 1.0
    Z[2] = 0.0  # every class tied: argmax says class 0
    Z[3] = rng.integers(-1, 2, size=(K, 600))  # ties of two, three, … classes, at the max and below
    Z[3, :, :5] = [[np.inf], [-np.inf], [1e308], [-1e308], [0.0]][:K] + [[0.0]] * (K - 5)
    expected = [np.count_nonzero(np.argmax(z, axis=0) == y) for z in Z]
    assert 0 < expected[0] < expected[1] == 600  # the ties decide: class 0 wins model 0, y wins model 1
    work = np.ones(Z.shape, dtype=bool)  # the trainer's scratch, dirty from an earlier block
    np.testing.assert_array_equal(obj.n_correct(Z, work), expected)
    np.testing.assert_array_equal(obj.n_correct(Z), expected)
    np.testing.assert_array_equal(obj.n_correct(Z[1:3]), expected[1:3])
    for z, e in zip(Z, expected, strict=True):
        assert obj.n_correct(z) == e
        assert obj.n_correct(z, work[0]) == e
    obj._work[...] = Z[3]  # logits in the objective's own scratch: n_correct must not overwrite them
    assert obj.n_correct(obj._work) == expected[3]


def test_the_accuracy_count_allocates_nothing_of_the_data_size_given_its_scratch():
    """The trainer scores a block of epochs at 10⁶ samples with its reused booleans: a count that made
    its own (n,) arrays (a running max, a label array) would pay their page faults at every block."""
    X, y = blobs(20_000, 5, seed=2)
    obj = Objective(X, y)
    Z = np.random.default_rng(2).standard_normal((3, 5, 20_000))
    work = np.empty(Z.shape, dtype=bool)
    obj.n_correct(Z, work)
    tracemalloc.start()
    try:
        counts = obj.n_correct(Z, work)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000  # bytes: less than one byte per sample
    np.testing.assert_array_equal(counts, [np.count_nonzero(np.argmax(z, axis=0) == y) for z in Z])


def test_a_class_without_a_training_sample_is_refused():
    X, y = blobs(60, 3, seed=1)
    with pytest.raises(ValueError, match="no sample of class 3 of the 4 classes"):
        lr.Trainer(X, y, n_classes=4)


# ---------------------------------------------------------------- the estimator


def test_the_estimator_with_string_labels():
    X, codes = blobs(300, 4, seed=11, spread=1.2)
    names = np.array(["setosa", "versicolor", "virginica", "arctica"])
    y = names[codes]
    model = lr.LogisticRegression(penalty="l2", alpha=1e-3).fit(X, y)
    np.testing.assert_array_equal(model.classes_, np.sort(names))
    P = model.predict_proba(X)
    assert P.shape == (300, 4)
    np.testing.assert_allclose(P.sum(axis=1), 1, rtol=1e-15)
    Z = model.decision_function(X)
    assert Z.shape == (300, 4) and model.coef_.shape == (4, 2) and model.intercept_.shape == (4,)
    np.testing.assert_array_equal(model.predict(X), model.classes_[np.argmax(P, axis=1)])
    assert model.score(X, y) == pytest.approx(np.mean(model.predict(X) == y)) and model.score(X, y) > 0.9
    assert model.history_.w.shape[1:] == (4, 2)
    assert model.history_.objective[-1] < model.history_.objective[0]


@pytest.mark.parametrize(
    ("y", "match"),
    [
        (["a"] * 6, "only one class"),
        (np.array([0, "a", 1.5, 0, "a", 1.5], dtype=object), "Unknown label type"),
        ([0.1, 0.7, 2.3, 0.1, 0.7, 4.2], "Unknown label type: continuous"),
    ],
)
def test_refusals_name_the_problem(y, match):
    X = np.arange(12.0).reshape(6, 2)
    with pytest.raises(ValueError, match=match):
        lr.LogisticRegression().fit(X, y)


def test_pipeline_saves_and_loads_k_classes(tmp_path):
    X, y = blobs(200, 5, seed=12, spread=1.5)
    model = lr.Pipeline([lr.PolynomialFeatures(2), lr.StandardScaler()], lr.LogisticRegression(alpha=1e-3))
    model.fit(X, y)
    path = tmp_path / "model.json"
    model.save(path)
    loaded = lr.Pipeline.load(path)
    assert loaded.model.coef_.shape == (5, 5) and loaded.model.intercept_.shape == (5,)
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_every_optimizer_reaches_the_optimum_on_standardised_data(optimizer):
    X, y = blobs(300, 3, seed=13, spread=2.0)
    X = lr.StandardScaler().fit_transform(X)
    reference = lr.LogisticRegression(penalty="l2", alpha=0.01, tol=1e-12).fit(X, y)
    model = lr.LogisticRegression(
        penalty="l2",
        alpha=0.01,
        optimizer=optimizer,
        epochs=20_000,
        tol=1e-7,
        random_state=0,
        learning_rate={"sgd": 0.05}.get(optimizer, "auto"),
    ).fit(X, y)
    atol = 1e-2 if optimizer == "sgd" else 1e-5  # SGD at a fixed step hovers around the optimum
    np.testing.assert_allclose(model.predict_proba(X), reference.predict_proba(X), atol=atol)


def test_a_k_class_run_pickles_and_continues_as_it_would_have():
    """The app caches runs by pickling them: the objective's scratch arrays are rebuilt on load."""
    import pickle

    X, y = blobs(150, 3, seed=14, spread=1.5)
    tr = lr.Trainer(X, y, penalty="l2", alpha=0.01, optimizer="momentum", learning_rate=0.2, tol=0).run(10)
    copy = pickle.loads(pickle.dumps(tr))
    assert isinstance(copy.objective, SoftmaxObjective)
    tr.run(5)
    copy.run(5)
    np.testing.assert_array_equal(copy.theta, tr.theta)
    np.testing.assert_array_equal(copy.history.objective, tr.history.objective)
