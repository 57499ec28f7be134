"""What went wrong with a run, its cause in one sentence, and a one-click fix that is tried first.

A diverged run is not always "the learning rate is too large": unscaled polynomial features (x1⁶ in
the thousands beside x1 near 1) make any single step size wrong for most of them, and turning
Standardise on fixes the same step. L1 with a large α is not a failure at all: every weight is
exactly 0, because α exceeds the largest gradient of the data term at w = 0.
"""

from dataclasses import dataclass, replace

import numpy as np

from lr.optimizers import OPTIMIZERS

from .experiment import Experiment, run_experiment
from .points import Points
from .settings import ALPHAS, LEARNING_RATES, Settings, needs_smooth_penalty

_TRIAL_EPOCHS = 100  # a candidate fix is run this long: divergence shows within a few epochs


@dataclass(frozen=True)
class Advice:
    sentence: str  # the cause, for people
    changes: dict  # the settings the fix changes
    button: str  # the fix's label


def lipschitz(exp: Experiment) -> float:
    """L = λ_max(X₁ᵀX₁)/(4n) + α (L2) of the run's objective: gradient descent with η ≤ 1/L cannot
    overshoot (lr.Objective.smoothness)."""
    return exp.trainer.objective.smoothness()


def l1_alpha_max(exp: Experiment) -> float:
    """The smallest α at which L1 makes every weight 0: max_j |∂J_data/∂w_j| at w = 0 and the
    intercept at its optimum, the class log-odds (there ∂J/∂b = 0, so p = mean(y) everywhere)."""
    F = exp.features(exp.X_train)
    y = exp.y_train.astype(float)
    residual = y.mean() - y  # p − y with p = mean(y)
    return float(np.abs(F.T @ residual).max() / len(y))


def _works(settings: Settings, points: Points | None) -> bool:
    """Whether a run with these settings neither diverges nor keeps overshooting (trial length)."""
    trial = run_experiment(replace(settings, epochs=min(settings.epochs, _TRIAL_EPOCHS)), points)
    return trial.trainer.status != "diverged" and not trial.trainer.unsettled


def _smaller_step(exp: Experiment, points: Points | None, what: str) -> Advice | None:
    """The largest slider step below min(1/L, η/2) that works, tried in turn (four at most)."""
    s = exp.settings
    L = lipschitz(exp)
    candidates = [lr for lr in LEARNING_RATES if lr <= min(1 / L, s.learning_rate / 2)][::-1]
    for lr in candidates[:4]:
        if _works(replace(s, learning_rate=lr), points):
            why = (
                f"the slope of the loss changes by up to L = {L:.3g} per unit step, and gradient "
                f"descent cannot overshoot with η ≤ 1/L = {1 / L:.3g}"
                if OPTIMIZERS[s.optimizer].monotone
                else f"{lr:g} (below 1/L = {1 / L:.3g}) does not"
            )
            return Advice(
                f"A step of {s.learning_rate:g} {what}: {why}.",
                {"learning_rate": lr},
                f"Use learning rate {lr:g}",
            )
    return None


def advise(exp: Experiment, points: Points | None = None) -> Advice | None:
    """The cause of a diverged, unsettled or all-zero L1 run, with a fix that was checked to work
    (`points`: the visitor's own points, when the run used them)."""
    s, t = exp.settings, exp.trainer
    if t.status == "diverged":
        if not s.standardize and _works(replace(s, standardize=True), points):
            F = exp.features(exp.X_train)
            spread = np.abs(F).max(axis=0)
            big = int(np.argmax(spread))
            return Advice(
                f"The features are not standardised: {exp.poly.get_feature_names_out()[big]} reaches "
                f"{spread[big]:.3g}, so a step of {s.learning_rate:g} moves the logits by far too much. "
                "Standardised (mean 0, std 1), the same step descends.",
                {"standardize": True},
                "Standardise the features",
            )
        if needs_smooth_penalty(s.optimizer):
            return Advice(
                "Newton's method diverges when the data are separable and nothing bounds the weights: "
                "an L2 penalty does.",
                {"penalty": "l2", "alpha": max(s.alpha, 1e-3)},
                "Add an L2 penalty",
            )
        return _smaller_step(exp, points, "overshoots")
    if t.unsettled:
        return _smaller_step(exp, points, "keeps overshooting the valley's floor")
    if s.penalty == "l1" and not np.any(t.history.w[-1]):
        alpha_max = l1_alpha_max(exp)
        smaller = [a for a in ALPHAS if a <= alpha_max / 3]
        if not smaller:
            return None
        return Advice(
            f"α = {s.alpha:g} is strong enough to set every weight to exactly 0: any α above "
            f"{alpha_max:.3g} does here, so the boundary vanishes.",
            {"alpha": smaller[-1]},
            f"Use α = {smaller[-1]:g}",
        )
    return None
