"""The maths page shows what runs: every function it shows runs when a model is fitted (and used:
predict_proba), with the optimizer, penalty and number of classes (two: the sigmoid model; three:
softmax) the part belongs to, and every formula on the training path that runs is on the page. The
calls are traced with sys.setprofile. Each softmax formula, computed as written with plain NumPy, equals
what the code beside it returns."""

import inspect
import sys

import numpy as np
import pytest

import lr
from lr import functional
from lr.objective import Objective, SoftmaxObjective
from lr.optimizers import GD, OPTIMIZERS, Newton
from lr.penalties import L1, L2
from playground.maths import Part, parts

PENALTIES = ("none", "l2", "l1")
FITS = [
    (name, penalty, k)
    for name, cls in OPTIMIZERS.items()
    for penalty in PENALTIES
    for k in (2, 3)
    if not (cls.smooth_only and penalty == "l1")
]


def calls_during(fn) -> set:
    """The code objects of every Python function called while fn() runs."""
    seen = set()

    def profiler(frame, event, arg):
        if event == "call":
            seen.add(frame.f_code)

    sys.setprofile(profiler)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return seen


@pytest.fixture(scope="module")
def ran() -> dict:
    """(optimizer, penalty, K): the code that ran during a fit and a predict_proba with them, on moons
    (two classes) or three blobs. Gradient descent takes its safe step, learning_rate="auto"."""
    data = {2: lr.make_dataset("moons", 200, noise=0.3, random_state=0)}
    data[3] = lr.make_dataset("blobs", 200, noise=0.3, random_state=0, n_classes=3)
    data = {
        k: (lr.StandardScaler().fit_transform(lr.PolynomialFeatures(3).fit_transform(X)), y)
        for k, (X, y) in data.items()
    }

    def fit_and_use(optimizer, penalty, k):
        model = lr.LogisticRegression(
            optimizer=optimizer,
            penalty=penalty,
            alpha=0.01,
            learning_rate={"adam": 0.05, "gd": "auto"}.get(optimizer, 0.5),
            epochs=20,
            random_state=0,
        )
        X, y = data[k]
        model.fit(X, y).predict_proba(X)

    return {fit: calls_during(lambda fit=fit: fit_and_use(*fit)) for fit in FITS}


def shown_code() -> set:
    return {f.__code__ for part in parts() for f in part.code}


def own_functions(cls) -> list:
    """The public functions a class defines itself (not inherited, not dunder, not properties)."""
    return [
        f
        for name, f in vars(cls).items()
        if not name.startswith("_") and inspect.isfunction(inspect.unwrap(getattr(cls, name)))
    ]


def training_formulas() -> dict:
    """code → name: lr's formulas, i.e. functional's functions, the objective's methods, the L2 and L1
    penalties' methods (the base Penalty is 'none', R = 0) and every optimizer's methods."""
    functions = inspect.getmembers(functional, inspect.isfunction)
    functions = [f for _, f in functions if f.__module__ == "lr.functional"]
    functions += (
        own_functions(Objective) + own_functions(SoftmaxObjective) + own_functions(L2) + own_functions(L1)
    )
    for cls in OPTIMIZERS.values():
        for klass in cls.__mro__:
            if klass.__module__ == "lr.optimizers":  # state() and load_state() copy arrays: no formula
                functions += [f for f in own_functions(klass) if f.__name__ not in ("state", "load_state")]
    functions = [getattr(f, "__func__", f) for f in functions]
    return {f.__code__: f.__qualname__ for f in functions}


def fits_of(part: Part) -> list:
    return [
        (optimizer, penalty, k)
        for optimizer, penalty, k in FITS
        if (part.optimizers is None or optimizer in part.optimizers)
        and (part.penalties is None or penalty in part.penalties)
        and (part.softmax is None or part.softmax == (k > 2))
    ]


@pytest.mark.parametrize("part", parts(), ids=lambda p: p.code[0].__qualname__)
def test_every_function_shown_runs_in_its_fits(ran, part):
    fits = fits_of(part)
    assert fits, "a part no fit runs"
    for fit in fits:
        for code in part.code:
            assert code.__code__ in ran[fit], f"{code.__qualname__} did not run during the fit {fit}"


@pytest.mark.parametrize("fit", FITS, ids=str)
def test_no_formula_that_runs_is_missing_from_the_page(ran, fit):
    formulas = training_formulas()
    missing = sorted(formulas[code] for code in ran[fit] & formulas.keys() - shown_code())
    assert not missing, f"ran during {fit} but not on the maths page: {missing}"


def test_the_training_path_is_covered():
    """The check above means something: the objective's loss, gradient and Hessian are formulas."""
    formulas = set(training_formulas().values())
    for name in ("Objective.loss", "Objective.gradient", "Objective.hessian", "Newton.line_search"):
        assert name in formulas
    for name in ("SoftmaxObjective.data_loss", "SoftmaxObjective.hessian", "SoftmaxObjective.smoothness"):
        assert name in formulas
    assert "Objective.n_params" not in formulas  # a property, not a formula


def test_each_optimizer_brings_its_own_part():
    for name, cls in OPTIMIZERS.items():
        (part,) = [p for p in parts() if p.optimizers == (name,) and p.formula == cls.formula]
        assert part.why and all(inspect.getsource(code) for code in part.code)


def test_every_part_has_a_formula_code_and_a_reason():
    for part in parts():
        assert part.formula and part.why and part.code
        for code in part.code:
            assert inspect.getsource(code).lstrip().startswith(("def ", "@staticmethod"))


def test_long_formulas_show_one_statement_a_line() -> None:
    """A displayed formula never wraps: the Maths page breaks it after each top-level comma or colon that
    the source follows with a wide space, never inside braces; one statement stays as it is."""
    from playground.maths import display_lines

    assert display_lines(r"v \leftarrow \beta v + g,\ \ \theta \leftarrow \theta - \eta\, v") == (
        r"\begin{gathered}v \leftarrow \beta v + g,\\\theta \leftarrow \theta - \eta\, v\end{gathered}"
    )
    assert display_lines(r"\text{for each batch } B:\ \ \theta") == (
        r"\begin{gathered}\text{for each batch } B:\\\theta\end{gathered}"
    )
    assert display_lines(r"\max(|w| - \eta\alpha, 0)") == r"\max(|w| - \eta\alpha, 0)"  # no wide space
    assert display_lines(r"\text{a,\ \ b}") == r"\text{a,\ \ b}"  # inside braces
    assert display_lines(r"\begin{aligned}a,\quad b\end{aligned}") == r"\begin{aligned}a,\quad b\end{aligned}"
    for part in parts():  # every statement of every part is kept, in order
        shown = display_lines(part.formula)
        assert shown.count(r"\\") >= part.formula.count(r"\\")


# -- each softmax formula, as the page writes it, against the code beside it ----------------------------
# The formula is computed literally (naive exponentials, explicit sums, np.kron, a pseudo-inverse) on a
# small problem, and compared with what the part's first function returns. A part of the K-class model
# without a check here fails test_every_softmax_part_is_checked_against_its_formula.

K, ALPHA = 4, 0.05


@pytest.fixture(scope="module")
def problem():
    """A 4-class L2 objective on 60 points with 3 features, Θ at random, and the formula's pieces."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = np.r_[np.arange(K), rng.integers(0, K, 56)]
    objective = Objective(X, y, penalty="l2", alpha=ALPHA)
    theta = rng.normal(size=(K, 4))
    X1 = np.column_stack([X, np.ones(len(X))])  # [X | 1]
    Z = X1 @ theta.T  # (n, K): z_ik = w_k·x_i + b_k
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)  # p_k = e^{z_k} / Σ_j e^{z_j}, as written
    Y = np.eye(K)[y]  # one-hot (n, K)
    return objective, theta, X1, Z, P, Y, y


def check_softmax(problem) -> None:
    _, _, _, Z, P, _, _ = problem
    p, lse = functional.softmax_logsumexp(Z.T.copy(), axis=0)
    np.testing.assert_allclose(p, P.T, rtol=1e-13)
    np.testing.assert_allclose(lse, np.log(np.exp(Z).sum(axis=1)), rtol=1e-13)
    np.testing.assert_allclose(functional.softmax(Z, axis=1), P, rtol=1e-13)
    # the max subtracted: where e^{z_k} overflows, the formula's value is still there
    np.testing.assert_array_equal(functional.softmax(np.array([1000.0, 0.0, -1000.0])), [1.0, 0.0, 0.0])


def check_cross_entropy(problem) -> None:
    objective, theta, _, _, P, _, y = problem
    n = len(y)
    R = sum(ALPHA / 2 * theta[k, :-1] @ theta[k, :-1] for k in range(K))  # Σ_k R(w_k), b_k free
    J = -np.log(P[np.arange(n), y]).sum() / n + R  # −(1/n) Σ_i log p_{i,y_i} + R(W)
    assert float(objective.loss(theta)) == pytest.approx(J, rel=1e-13)


def check_gradient(problem) -> None:
    objective, theta, X1, _, P, Y, _ = problem
    n = len(Y)
    grad = (P - Y).T @ X1 / n + ALPHA * np.column_stack([theta[:, :-1], np.zeros(K)])  # (P − Y)ᵀX₁/n + ∇R
    np.testing.assert_allclose(objective.gradient(theta), grad, rtol=1e-12, atol=1e-15)


def check_value_and_gradient(problem) -> None:
    objective, theta, X1, Z, _, Y, _ = problem
    n = len(Y)
    R = ALPHA / 2 * (theta[:, :-1] ** 2).sum()
    J = np.log(np.exp(Z).sum(axis=1)).sum() / n - np.vdot(theta, Y.T @ X1) / n + R
    value, g = objective.value_and_gradient(theta)
    assert value == pytest.approx(J, rel=1e-13)
    np.testing.assert_allclose(g, objective.gradient(theta), rtol=1e-13)


def check_argmax(problem) -> None:
    objective, _, _, Z, _, _, y = problem
    assert objective.n_correct(Z.T.copy()) == np.sum(Z.argmax(axis=1) == y)
    tied = Z.T.copy()
    tied[:, :4] = 0.0  # samples 0..3 (classes 0, 1, 2, 3): every class ties, and a tie goes to class 0
    hits = tied.argmax(axis=0) == y
    assert hits[:4].tolist() == [True, False, False, False] and objective.n_correct(tied) == hits.sum()


def check_batch_gradient(problem) -> None:
    objective, theta, X1, _, P, Y, _ = problem
    B = np.array([3, 7, 11, 40, 59])
    np.testing.assert_allclose(
        objective.batch_gradient(theta, B), (P[B] - Y[B]).T @ X1[B] / len(B), rtol=1e-12, atol=1e-15
    )


def check_hessian(problem) -> None:
    objective, theta, X1, _, P, _, _ = problem
    n, p = X1.shape
    H = sum(np.kron(np.diag(P[i]) - np.outer(P[i], P[i]), np.outer(X1[i], X1[i])) for i in range(n)) / n
    H += ALPHA * np.diag(np.tile(np.r_[np.ones(p - 1), 0.0], K))  # ∇²R = αI on every w, 0 on b
    np.testing.assert_allclose(objective.hessian(theta), H, rtol=1e-12, atol=1e-15)


def check_minimum_norm_step(problem) -> None:
    X1, y = problem[2], problem[6]
    objective = Objective(X1[:, :-1], y)  # no penalty: H is singular along every shared direction
    theta = problem[1]
    N = objective.null_space()
    p = X1.shape[1]
    assert N.shape == (K * p, p)
    np.testing.assert_allclose(N, np.kron(np.ones((K, 1)), np.eye(p)) / np.sqrt(K))  # 1_K ⊗ e_j / √K
    H, g = objective.hessian(theta), objective.gradient(theta)
    np.testing.assert_allclose(np.linalg.svd(H, compute_uv=False)[-p:], 0.0, atol=1e-12)  # singular on N
    direction = Newton.direction(g, H, N)
    np.testing.assert_allclose(
        direction.reshape(-1), np.linalg.pinv(H) @ g.reshape(-1), rtol=1e-7, atol=1e-12
    )


def check_bohning_bound(problem) -> None:
    objective, _, X1, _, _, _, _ = problem
    n = len(X1)
    L = np.linalg.eigvalsh(X1.T @ X1).max() / (2 * n) + ALPHA  # λ_max(X₁ᵀX₁)/(2n) + α
    assert objective.smoothness() == pytest.approx(L, rel=1e-12)
    assert GD().auto_learning_rate(objective) == pytest.approx(1 / L, rel=1e-12)
    rng = np.random.default_rng(1)  # a bound: no Θ curves J more
    for _ in range(5):
        assert np.linalg.eigvalsh(objective.hessian(rng.normal(scale=3, size=(K, 4)))).max() <= L + 1e-12


FORMULA_CHECKS = {
    "softmax_logsumexp": check_softmax,
    "Objective.loss": check_cross_entropy,
    "SoftmaxObjective.data_gradient": check_gradient,
    "SoftmaxObjective.value_and_gradient": check_value_and_gradient,
    "SoftmaxObjective.n_correct": check_argmax,
    "SoftmaxObjective.batch_gradient": check_batch_gradient,
    "SoftmaxObjective.hessian": check_hessian,
    "SoftmaxObjective.null_space": check_minimum_norm_step,
    "SoftmaxObjective.smoothness": check_bohning_bound,
}


def test_every_softmax_part_is_checked_against_its_formula() -> None:
    softmax = [p.code[0].__qualname__ for p in parts() if p.softmax]
    assert sorted(softmax) == sorted(FORMULA_CHECKS)


@pytest.mark.parametrize("name", FORMULA_CHECKS)
def test_the_softmax_formula_computed_as_written_equals_its_code(problem, name) -> None:
    assert isinstance(problem[0], SoftmaxObjective)
    FORMULA_CHECKS[name](problem)
