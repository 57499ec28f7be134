"""Gradient check: the gradient training uses, Objective.gradient, against central differences of
Objective's own loss.

The error is ‖a − f‖ / s: a the analytic gradient, f the finite differences, s the gradient's
scale, ‖∇f‖ at θ = 0 (where training starts, away from the optimum) or at the point itself if
larger. Relative to ‖a‖ + ‖f‖ the check would mean nothing near an optimum, where the gradient
itself is rounding noise and the ratio of two noises reads 1e-3 on any converged run.
"""

from dataclasses import dataclass

import numpy as np

from .objective import Objective


@dataclass(frozen=True)
class GradientCheck:
    """The result of check_gradient: the largest error over the points, each point's, what was checked."""

    error: float  # max over the points of ‖a − f‖ / scale; about 1e-8 or less means right
    errors: tuple[float, ...]  # one per point
    points: tuple[np.ndarray, ...]  # the θ = (w, b) checked (Θ (K, d+1) for K classes)
    scale: float  # ‖∇f(0)‖, the gradient where training starts
    checked: str  # which function's gradient, in words


def check_gradient(objective: Objective, *points: np.ndarray, h: float = 1e-6) -> GradientCheck:
    """Objective.gradient at each θ in `points` (default θ = 0) against central differences
    f_j = (f(θ + h·e_j) − f(θ − h·e_j)) / 2h of f = Objective.smooth_loss: J itself, or for L1
    the data term alone, since |w| has no derivative at the zeros L1 makes (the result says so).
    """
    zero = np.zeros(objective.theta_shape)  # (d+1,), or Θ (K, d+1) for K classes
    points = tuple(np.array(p, dtype=float) for p in points) or (zero,)
    for theta in points:
        if theta.shape != zero.shape:
            raise ValueError(
                f"θ must have {zero.size} entries, shape {zero.shape} (w, then b if fitted; one row per "
                f"class for K ≥ 3), got shape {theta.shape}"
            )
    scale = float(np.linalg.norm(objective.gradient(zero)))
    errors = []
    for theta in points:
        analytic = objective.gradient(theta)
        numeric = np.empty_like(analytic)
        for j in range(theta.size):  # each entry of θ (of Θ, row by row)
            up, down = theta.copy(), theta.copy()
            up.flat[j] += h
            down.flat[j] -= h
            numeric.flat[j] = (objective.smooth_loss(up) - objective.smooth_loss(down)) / (2 * h)
        own_scale = max(scale, float(np.linalg.norm(analytic)), 1e-12)
        errors.append(float(np.linalg.norm(analytic - numeric)) / own_scale)
    return GradientCheck(max(errors), tuple(errors), points, scale, _what(objective))


def _what(objective: Objective) -> str:
    penalty = objective.penalty
    if not penalty.smooth and penalty.alpha > 0:
        return (
            f"the data term (1/n)Σℓ only: the {penalty.name.upper()} penalty α‖w‖₁ has no derivative "
            "where a weight is 0 and enters training through its proximal step"
        )
    if penalty.name == "none" or penalty.alpha == 0:
        return "∇J of the data term (1/n)Σℓ (no penalty)"
    return f"∇J: the data term (1/n)Σℓ and the {penalty.name.upper()} penalty"
