"""The advice on a failed run: the cause is right and the offered fix works (it was tried first)."""

from dataclasses import replace

import numpy as np
import pytest

from playground.advice import advise, l1_alpha_max, lipschitz
from playground.experiment import run_experiment
from playground.settings import Settings


def run(**changes):
    return run_experiment(replace(Settings(), **changes))


@pytest.mark.parametrize(
    "changes",
    [
        {"degree": 6, "standardize": False},
        {"dataset": "cancer", "degree": 1, "standardize": False},
        {"learning_rate": 100.0},
        {"optimizer": "adam", "learning_rate": 50.0},
        {"dataset": "linear", "degree": 6, "standardize": False, "optimizer": "momentum"},
    ],
)
def test_every_diverged_run_gets_a_fix_that_does_not_diverge(changes) -> None:
    exp = run(**changes)
    assert exp.trainer.status == "diverged"
    advice = advise(exp)
    assert advice is not None
    fixed = run(**{**changes, **advice.changes})
    assert fixed.trainer.status != "diverged"
    assert fixed.trainer.history.train_loss[-1] < exp.trainer.history.train_loss[0]


def test_unscaled_features_are_named_as_the_cause() -> None:
    advice = advise(run(degree=6, standardize=False))
    assert advice.changes == {"standardize": True} and "x1⁶ reaches" in advice.sentence


def test_lipschitz_constant_is_the_largest_curvature_bound() -> None:
    exp = run(degree=2)
    F = exp.features(exp.X_train)
    X1 = np.column_stack([F, np.ones(len(F))])
    # the Hessian X₁ᵀSX₁/n + αI with S ≤ ¼ never exceeds L: check at random weights
    rng = np.random.default_rng(0)
    for _ in range(5):
        z = X1 @ rng.normal(size=X1.shape[1])
        p = 1 / (1 + np.exp(-z))
        H = X1.T @ (X1 * (p * (1 - p))[:, None]) / len(F) + exp.settings.alpha * np.eye(X1.shape[1])
        assert np.linalg.eigvalsh(H).max() <= lipschitz(exp) + 1e-12


def test_l1_alpha_max_is_where_every_weight_vanishes() -> None:
    exp = run(penalty="l1", alpha=0.5)
    a_max = l1_alpha_max(exp)
    above = run(penalty="l1", alpha=0.5, epochs=2000)
    assert a_max < 0.5 and not np.any(above.trainer.history.w[-1])
    below = run(penalty="l1", alpha=0.1, epochs=2000)
    assert a_max > 0.1 and np.any(below.trainer.history.w[-1])


def test_gradient_descent_that_does_not_settle_gets_a_smaller_step_that_does() -> None:
    exp = run(learning_rate=50.0)
    assert exp.trainer.status == "running" and exp.trainer.unsettled
    advice = advise(exp)
    fixed = run(**advice.changes)
    assert (
        not fixed.trainer.unsettled
        and fixed.trainer.history.objective[-1] < exp.trainer.history.objective[-1]
    )


def test_a_healthy_run_gets_no_advice() -> None:
    assert advise(run()) is None
