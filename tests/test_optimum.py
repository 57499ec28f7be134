"""The exact optimum J*: below every run, equal to scikit-learn's optimum, and the distance to it shaped
as the textbook says (positive and falling for gradient descent on a convex problem)."""

import warnings
from dataclasses import replace

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from lr.optimizers import OPTIMIZERS
from playground.experiment import run_experiment
from playground.optimum import ROUNDING, distance, find_optimum, objective_settings
from playground.settings import Settings

PROBLEMS = {
    "l2": Settings(),
    "none": replace(Settings(), penalty="none", epochs=300),
    "l1": replace(Settings(), penalty="l1", alpha=0.01, degree=6, epochs=300),
    "l2-unscaled": replace(Settings(), standardize=False, degree=2, learning_rate=0.1, epochs=300),
}


def sklearn_theta(objective, penalty: str, alpha: float) -> np.ndarray:
    """scikit-learn's solution of the same objective: C = 1/(n·α), the same features, b unpenalised.

    L2 is scikit-learn's default (its `penalty=` is deprecated since 1.8); L1 is l1_ratio=1 with saga."""
    X, y = objective.XT[:-1].T, objective.y
    l1 = {"l1_ratio": 1.0, "solver": "saga"} if penalty == "l1" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # saga's and lbfgs's notes at this tolerance
        model = SkLogisticRegression(C=1 / (objective.n * alpha), tol=1e-12, max_iter=100_000, **l1).fit(X, y)
    return np.r_[model.coef_[0], model.intercept_]


@pytest.mark.parametrize("name", PROBLEMS)
def test_the_optimum_is_below_every_run_of_every_optimizer(name: str) -> None:
    base = PROBLEMS[name]
    optimum = None
    for optimizer, method in OPTIMIZERS.items():
        if method.smooth_only and base.penalty == "l1":
            continue
        exp = run_experiment(replace(base, optimizer=optimizer))
        if optimum is None:
            optimum = find_optimum(exp.trainer.objective)
            assert optimum.exact and optimum.attained
        J = exp.trainer.history.objective
        assert np.all(J >= optimum.value - 1e-12), (optimizer, float(J.min() - optimum.value))
    # the optimality conditions hold at θ*: the smallest subgradient vanishes
    assert optimum.optimality < 1e-8


@pytest.mark.parametrize("settings", [Settings(), replace(Settings(), degree=1, dataset="linear", noise=0.8)])
def test_the_optimum_matches_sklearn_on_l2(settings: Settings) -> None:
    objective = run_experiment(replace(settings, epochs=1)).trainer.objective
    optimum = find_optimum(objective)
    theta = sklearn_theta(objective, "l2", settings.alpha)
    J_sklearn = float(objective.loss(theta))
    assert abs(J_sklearn - optimum.value) <= 1e-9
    assert optimum.value <= J_sklearn + 1e-14  # Newton to rounding: not above lbfgs at tol 1e-12
    assert np.abs(theta - optimum.theta).max() < 1e-4


def test_the_l1_optimum_matches_sklearn_saga() -> None:
    settings = replace(Settings(), dataset="circles", degree=2, penalty="l1", alpha=0.01, epochs=1)
    objective = run_experiment(settings).trainer.objective
    optimum = find_optimum(objective)
    assert optimum.method == "proximal Newton" and optimum.exact
    theta = sklearn_theta(objective, "l1", settings.alpha)
    assert abs(float(objective.loss(theta)) - optimum.value) <= 1e-9
    assert np.abs(theta - optimum.theta).max() < 1e-8
    np.testing.assert_array_equal(theta[:-1] == 0, optimum.theta[:-1] == 0)  # the same exact zeros


def test_gradient_descents_distance_to_the_optimum_is_positive_and_falls() -> None:
    exp = run_experiment(replace(Settings(), optimizer="gd", learning_rate=0.5, epochs=300))  # L2: convex
    optimum = find_optimum(exp.trainer.objective)
    gap = distance(exp.trainer.history.objective, optimum)
    assert np.all(np.isfinite(gap)) and np.all(gap > 0)
    assert np.all(np.diff(gap) < 0)  # below 1/L every step lowers J
    # linear convergence: the log of the gap falls at a steady rate late in the run
    rates = np.diff(np.log(gap[150:]))
    assert rates.max() < 0 and rates.max() / rates.min() > 0.5


def test_newtons_distance_plunges_to_rounding() -> None:
    exp = run_experiment(replace(Settings(), optimizer="newton"))
    optimum = find_optimum(exp.trainer.objective)
    gap = distance(exp.trainer.history.objective, optimum)
    finite = gap[np.isfinite(gap)]
    assert finite[0] > 0.1 and finite[-1] < 1e-12  # quadratic: from 0.5 to rounding in a few steps
    assert np.isnan(gap[-1]) or gap[-1] < 1e-12


def test_separable_data_without_a_penalty_have_the_infimum_zero() -> None:
    settings = replace(Settings(), dataset="linear", degree=1, penalty="none", noise=0.0, epochs=50)
    exp = run_experiment(settings)
    optimum = find_optimum(exp.trainer.objective)
    assert not optimum.attained and optimum.exact and optimum.value == 0.0
    assert np.all(distance(exp.trainer.history.objective, optimum) > 0)


def test_runs_that_differ_only_in_how_they_descend_share_the_objective() -> None:
    s = Settings()
    key = objective_settings(s)
    for changes in ({"optimizer": "adam"}, {"learning_rate": 0.1}, {"epochs": 50}, {"batch_size": 8}):
        assert objective_settings(replace(s, **changes)) == key
    assert objective_settings(replace(s, alpha=0.1)) != key
    assert objective_settings(replace(s, penalty="none", alpha=0.1)) == objective_settings(
        replace(s, penalty="none")
    )


def test_distance_hides_rounding() -> None:
    exp = run_experiment(replace(Settings(), epochs=1))
    optimum = find_optimum(exp.trainer.objective)
    J = np.array([optimum.value + 1e-3, optimum.value * (1 + ROUNDING / 2), optimum.value - 1e-17])
    gap = distance(J, optimum)
    assert gap[0] == pytest.approx(1e-3) and np.isnan(gap[1]) and np.isnan(gap[2])


# K ≥ 3 classes: lr's SoftmaxObjective over Θ (K, d+1), whose Hessian is singular along the softmax's
# null directions (adding one vector to every class's row): Newton's minimum-norm step handles them.
K_CLASSES = {
    "blobs4-l2": replace(Settings(), dataset="blobs", n_classes=4, epochs=1),
    "spiral3-l2": replace(Settings(), dataset="spiral", n_classes=3, epochs=1),
    "blobs5-none": replace(
        Settings(), dataset="blobs", n_classes=5, penalty="none", noise=0.8, degree=1, epochs=1
    ),
    "blobs4-l1": replace(
        Settings(), dataset="blobs", n_classes=4, penalty="l1", alpha=0.01, degree=2, epochs=1
    ),
    "spiral3-l1": replace(Settings(), dataset="spiral", n_classes=3, penalty="l1", alpha=0.003, epochs=1),
}


def sklearn_multinomial(objective, penalty: str, alpha: float) -> np.ndarray:
    """scikit-learn's multinomial fit of the same objective, as Θ (K, d+1): lbfgs (L2, none), saga (L1)."""
    X, y = objective.XT[:-1].T, objective.y
    l1 = {"l1_ratio": 1.0, "solver": "saga"} if penalty == "l1" else {}
    C = np.inf if penalty == "none" else 1 / (objective.n * alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = SkLogisticRegression(C=C, tol=1e-12, max_iter=100_000, **l1).fit(X, y)
    return np.column_stack([model.coef_, model.intercept_])


@pytest.mark.parametrize("name", K_CLASSES)
def test_the_k_class_optimum_matches_sklearns_multinomial_fit(name: str) -> None:
    settings = K_CLASSES[name]
    objective = run_experiment(settings).trainer.objective
    assert objective.n_classes == settings.n_classes
    optimum = find_optimum(objective)
    assert optimum.exact and optimum.attained and optimum.optimality < 1e-8
    assert optimum.method == ("proximal Newton" if settings.penalty == "l1" else "Newton")
    assert optimum.theta.shape == objective.theta_shape
    theta = sklearn_multinomial(objective, settings.penalty, settings.alpha)
    J_sklearn = float(objective.loss(theta))
    assert abs(J_sklearn - optimum.value) <= 1e-9
    assert optimum.value <= J_sklearn + 1e-14  # to rounding: never above scikit-learn at tol 1e-12
    # the same model: Θ up to the null directions (rows centred), so the same probabilities
    np.testing.assert_allclose(optimum.theta - optimum.theta.mean(0), theta - theta.mean(0), atol=1e-4)


def test_newtons_k_class_optimum_is_the_centred_one() -> None:
    """Without a penalty the softmax's optimum is a set (Θ + 1cᵀ for any c): Newton's minimum-norm steps
    from Θ = 0 end at the member whose rows sum to zero."""
    objective = run_experiment(K_CLASSES["blobs5-none"]).trainer.objective
    optimum = find_optimum(objective)
    np.testing.assert_allclose(optimum.theta.sum(axis=0), 0.0, atol=1e-12)
    shifted = optimum.theta + np.arange(optimum.theta.shape[1])  # one vector added to every class's row
    assert float(objective.loss(shifted)) == pytest.approx(optimum.value, abs=1e-12)


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_the_k_class_optimum_is_below_every_run_of_every_optimizer(penalty: str) -> None:
    base = replace(Settings(), dataset="blobs", n_classes=4, penalty=penalty, alpha=0.01, epochs=200)
    optimum = None
    for optimizer, method in OPTIMIZERS.items():
        if method.smooth_only and penalty == "l1":
            continue
        exp = run_experiment(replace(base, optimizer=optimizer))
        assert exp.trainer.history.w.ndim == 3  # a softmax run: (E+1, K, d)
        optimum = optimum or find_optimum(exp.trainer.objective)
        gap = distance(exp.trainer.history.objective, optimum)
        J = exp.trainer.history.objective
        assert np.all(J >= optimum.value - 1e-12), (optimizer, float(J.min() - optimum.value))
        assert np.nanmin(gap) < 1e-2  # every optimizer gets close: J* is this objective's optimum
    assert optimum.exact


def test_newtons_k_class_run_reaches_the_optimum_to_rounding() -> None:
    exp = run_experiment(replace(Settings(), dataset="blobs", n_classes=4, optimizer="newton"))
    optimum = find_optimum(exp.trainer.objective)
    gap = distance(exp.trainer.history.objective, optimum)
    assert gap[0] > 0.1 and (np.isnan(gap[-1]) or gap[-1] < 1e-12)
