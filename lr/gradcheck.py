"""Gradient check: the analytic gradient of J(w, b) against central finite differences."""

import numpy as np

from .functional import bce_from_logits, gradient
from .penalties import make_penalty


def objective(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, penalty: str, alpha: float) -> float:
    """J(w, b) = (1/n) Σ [log(1 + e^(z_i)) − y_i z_i] + R(w),  z = Xw + b."""
    return bce_from_logits(X @ w + b, y) + float(make_penalty(penalty, alpha).value(w))


def objective_gradient(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, penalty: str, alpha: float
) -> tuple[np.ndarray, float]:
    """∂J/∂w = Xᵀ(p − y)/n + ∇R(w),  ∂J/∂b = mean(p − y): b is not penalised."""
    gw, gb = gradient(X, y, w, b)
    return gw + make_penalty(penalty, alpha).grad(w), gb


def check_gradient(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    b: float = 0.0,
    *,
    penalty: str = "l2",
    alpha: float = 0.0,
    fit_intercept: bool = True,
    h: float = 1e-6,
) -> float:
    """‖a − f‖ / (‖a‖ + ‖f‖): the analytic gradient a against central differences
    f_j = (J(θ + h·e_j) − J(θ − h·e_j)) / 2h.

    Norms, not components: near an optimum single components are tiny and their own relative
    errors mean nothing. About 1e-8 or less says the gradient is right. For L1, keep the weights
    away from 0, where |w| has a kink and no derivative.
    """
    w = np.asarray(w, dtype=float)
    gw, gb = objective_gradient(X, y, w, b, penalty, alpha)
    analytic = np.append(gw, gb) if fit_intercept else gw
    theta = np.append(w, b)
    numeric = np.empty_like(analytic)
    for j in range(analytic.size):
        e = np.zeros_like(theta)
        e[j] = h
        up, down = theta + e, theta - e
        numeric[j] = (
            objective(X, y, up[:-1], up[-1], penalty, alpha)
            - objective(X, y, down[:-1], down[-1], penalty, alpha)
        ) / (2 * h)
    scale = max(float(np.linalg.norm(analytic) + np.linalg.norm(numeric)), 1e-12)
    return float(np.linalg.norm(analytic - numeric)) / scale
