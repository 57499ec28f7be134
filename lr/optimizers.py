"""Optimizers: one small class each, its update rule in the docstring.

Each `step(theta, g)` moves θ = (w, b) in place against the gradient g of the smooth part of the
objective and returns the step size it used (a number, or one per coordinate for Adam), which the
trainer hands to the penalty's proximal step: with L1 that soft-thresholds w to exact zeros.
"""

import numpy as np


class GD:
    """Gradient descent:  θ ← θ − η·g.  With `batch_size`, g comes from a mini-batch (SGD)."""

    name = "gd"
    default_batch_size: int | None = None  # None: the whole training set every step

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = learning_rate

    def step(self, theta: np.ndarray, g: np.ndarray) -> float | np.ndarray:
        theta -= self.learning_rate * g  # θ ← θ − η·g
        return self.learning_rate


class SGD(GD):
    """Mini-batch stochastic gradient descent:  θ ← θ − η·g_B,  g_B the gradient on a batch B.

    The batches are a fresh shuffle of the training set every epoch, drawn from a seeded generator.
    """

    name = "sgd"
    default_batch_size = 32


class Momentum(GD):
    """Heavy-ball momentum:  v ← β·v + g,  θ ← θ − η·v   (β = 0.9)."""

    name = "momentum"

    def __init__(self, learning_rate: float, beta: float = 0.9) -> None:
        super().__init__(learning_rate)
        self.beta = beta
        self.v: np.ndarray | None = None

    def step(self, theta: np.ndarray, g: np.ndarray) -> float | np.ndarray:
        if self.v is None:
            self.v = np.zeros_like(theta)
        self.v *= self.beta
        self.v += g  # v ← β·v + g
        theta -= self.learning_rate * self.v  # θ ← θ − η·v
        # v settles at g/(1 − β), so each step moves η/(1 − β) along g: the proximal step must
        # threshold with that step, or L1 would end at the optimum of α(1 − β) instead of α
        return self.learning_rate / (1.0 - self.beta)


class Adam(GD):
    """Adam:  m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ),
    θ ← θ − η·m̂/(√v̂ + ε)   (β₁ = 0.9, β₂ = 0.999, ε = 1e-8).
    """

    name = "adam"

    def __init__(
        self, learning_rate: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        super().__init__(learning_rate)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m: np.ndarray | None = None
        self.v: np.ndarray | None = None
        self.t = 0

    def step(self, theta: np.ndarray, g: np.ndarray) -> float | np.ndarray:
        if self.m is None:
            self.m, self.v = np.zeros_like(theta), np.zeros_like(theta)
        self.t += 1
        self.m += (1 - self.beta1) * (g - self.m)  # m ← β₁m + (1−β₁)g
        self.v += (1 - self.beta2) * (g * g - self.v)  # v ← β₂v + (1−β₂)g²
        m_hat = self.m / (1 - self.beta1**self.t)
        v_hat = self.v / (1 - self.beta2**self.t)
        eta = self.learning_rate / (np.sqrt(v_hat) + self.eps)  # one step size per coordinate
        theta -= eta * m_hat  # θ ← θ − η·m̂/(√v̂ + ε)
        return eta


class Newton:
    """Newton's method (IRLS):  θ ← θ − t·H⁻¹g,  H = X₁ᵀ S X₁ / n + α·I_w,  S = diag(p(1 − p)).

    X₁ is X with a column of ones for b, and I_w is the identity on w only (b is not penalised).
    t starts at 1 and is halved until the objective falls enough (Armijo), so each epoch is one
    full Newton step near the optimum, where convergence is quadratic. It needs a smooth
    objective: with L1 the trainer refuses it. The learning rate is not used.
    """

    name = "newton"
    default_batch_size = None

    def __init__(self, learning_rate: float | None = None) -> None:
        self.learning_rate = learning_rate

    @staticmethod
    def direction(g: np.ndarray, H: np.ndarray) -> np.ndarray:
        """Δ = H⁻¹g; least squares when H is singular (separable data without a penalty)."""
        try:
            return np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            return np.linalg.lstsq(H, g, rcond=None)[0]


OPTIMIZERS: dict[str, type] = {
    "gd": GD,
    "sgd": SGD,
    "momentum": Momentum,
    "adam": Adam,
    "newton": Newton,
}


def make_optimizer(optimizer: str, learning_rate: float) -> GD | Newton:
    """The optimizer named `optimizer` ('gd', 'sgd', 'momentum', 'adam', 'newton')."""
    if not isinstance(optimizer, str) or optimizer.lower() not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {list(OPTIMIZERS)}, got {optimizer!r}")
    return OPTIMIZERS[optimizer.lower()](learning_rate)
