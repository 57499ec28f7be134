"""Penalties on the weights w (never on the intercept b): value, gradient and proximal step side by side.

The objective is J(w, b) = (1/n) Σ ℓ_i + R(w), which is scikit-learn's objective with C = 1/(n·α).
"""

import numpy as np


def soft_threshold(x: np.ndarray | float, t: float | np.ndarray) -> np.ndarray:
    """S_t(x) = sign(x) · max(|x| − t, 0): L1's proximal map, x moved t towards 0 and stopped there."""
    return np.sign(x) * np.maximum(np.abs(x) - t, 0.0)


class Penalty:
    """R(w) = 0. Subclasses give a value, a gradient (or subgradient) and a proximal step."""

    name = "none"
    smooth = True  # a smooth penalty goes into the gradient; a non-smooth one into the proximal step

    def __init__(self, alpha: float = 0.0) -> None:
        self.alpha = alpha

    def value(self, w: np.ndarray) -> np.ndarray:
        """R(w); for a stack of weight vectors W (k, d), one value per row."""
        return np.zeros(np.shape(w)[:-1])

    def grad(self, w: np.ndarray) -> np.ndarray:
        """∇R(w)."""
        return np.zeros_like(w)

    def prox(self, w: np.ndarray, step: float | np.ndarray) -> np.ndarray:
        """argmin_v R(v) + ‖v − w‖² / (2·step), in place. Identity unless R is non-smooth."""
        return w

    def curvature(self) -> float:
        """c with ∇²R(w) = c·I: what Newton adds to the Hessian."""
        return 0.0

    def min_norm_subgradient(self, w: np.ndarray, g: np.ndarray) -> np.ndarray:
        """The smallest element of g + ∂R(w), given g = ∇ of the smooth part: zero at the optimum."""
        return g + self.grad(w)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(alpha={self.alpha!r})"


class L2(Penalty):
    """R(w) = α/2 · ‖w‖²  (ridge)."""

    name = "l2"

    def value(self, w: np.ndarray) -> np.ndarray:
        return 0.5 * self.alpha * np.sum(w * w, axis=-1)  # α/2 · ‖w‖²

    def grad(self, w: np.ndarray) -> np.ndarray:
        return self.alpha * w  # ∇ = α·w

    def curvature(self) -> float:
        return self.alpha  # ∇² = α·I


class L1(Penalty):
    """R(w) = α · ‖w‖₁  (lasso): drives useless weights to exactly zero."""

    name = "l1"
    smooth = False

    def value(self, w: np.ndarray) -> np.ndarray:
        return self.alpha * np.sum(np.abs(w), axis=-1)  # α · Σ|w_j|

    def grad(self, w: np.ndarray) -> np.ndarray:
        return self.alpha * np.sign(w)  # a subgradient: α·sign(w), 0 at w_j = 0

    def prox(self, w: np.ndarray, step: float | np.ndarray) -> np.ndarray:
        # soft threshold at step·α: exact zeros, not tiny numbers
        np.copyto(w, soft_threshold(w, step * self.alpha) + 0.0)  # + 0.0 turns −0 into 0
        return w

    def min_norm_subgradient(self, w: np.ndarray, g: np.ndarray) -> np.ndarray:
        # w_j ≠ 0: g_j + α·sign(w_j);  w_j = 0: ∂|·| = [−1, 1], so the smallest is soft(g_j, α)
        return np.where(w != 0, g + self.alpha * np.sign(w), soft_threshold(g, self.alpha))


PENALTIES: dict[str, type[Penalty]] = {"none": Penalty, "l2": L2, "l1": L1}


def make_penalty(penalty: str | None, alpha: float) -> Penalty:
    """The penalty named `penalty` ('none', 'l2', 'l1'; None means 'none') with strength α ≥ 0."""
    key = "none" if penalty is None else penalty
    if not isinstance(key, str) or key.lower() not in PENALTIES:
        raise ValueError(f"penalty must be one of {sorted(PENALTIES)}, got {penalty!r}")
    if isinstance(alpha, bool) or not isinstance(alpha, int | float | np.number):
        raise TypeError(f"alpha must be a number, got {alpha!r}")
    if not np.isfinite(alpha) or alpha < 0:
        raise ValueError(f"alpha must be a finite number ≥ 0, got {alpha!r}")
    return PENALTIES[key.lower()](float(alpha))
