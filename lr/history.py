"""The record of a run: one row per epoch, kept in arrays that grow by doubling.

Row e is the model after e epochs (row 0 is the start), so a player can show any epoch exactly
as it was.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class History:
    """Per-epoch record of a run; every array has one row per epoch 0..n_epochs."""

    w: np.ndarray  # (E+1, d) weights; (E+1, K, d) for K ≥ 3 classes, one row per class
    b: np.ndarray  # (E+1,) intercepts; (E+1, K) for K ≥ 3 classes
    train_loss: np.ndarray  # mean log-loss on the training set (BCE; cross-entropy for K classes)
    objective: np.ndarray  # train_loss + R(w): what the optimizer minimises
    grad_norm: np.ndarray  # ‖∇J(w, b)‖ (with L1, the smallest subgradient): 0 at the optimum
    train_acc: np.ndarray
    test_loss: np.ndarray | None = None
    test_acc: np.ndarray | None = None

    @property
    def n_epochs(self) -> int:
        """The number of epochs run: the last row's index."""
        return self.b.shape[0] - 1


class Record:
    """Growable per-epoch arrays: θ, and the scores, NaN until an epoch is scored.

    Doubling the capacity keeps appends amortised O(1); the trainer writes rows in place.
    """

    SCORES = ("train_loss", "objective", "grad_norm", "train_acc", "test_loss", "test_acc")

    def __init__(self, theta_shape: int | tuple[int, ...], rows: int = 256) -> None:
        self.theta = np.zeros((rows, *np.atleast_1d(theta_shape)))  # row e: θ (d+1,) or Θ (K, d+1)
        for name in self.SCORES:
            setattr(self, name, np.full(rows, np.nan))

    @property
    def capacity(self) -> int:
        return self.theta.shape[0]

    def reserve(self, rows: int) -> None:
        """Room for at least `rows` rows (at least double the present capacity when growing)."""
        if rows <= self.capacity:
            return
        rows = max(rows, 2 * self.capacity)
        old, self.theta = self.theta, np.zeros((rows, *self.theta.shape[1:]))
        self.theta[: old.shape[0]] = old
        for name in self.SCORES:
            old = getattr(self, name)
            grown = np.full(rows, np.nan)
            grown[: old.size] = old
            setattr(self, name, grown)

    def history(self, epochs: int, n_features: int, fit_intercept: bool, has_test: bool) -> History:
        """Rows 0..epochs as a History (views, not copies: treat them as read-only)."""
        E = epochs + 1
        theta = self.theta[:E]
        return History(
            w=theta[..., :n_features],
            b=theta[..., n_features] if fit_intercept else np.zeros(theta.shape[:-1]),
            train_loss=self.train_loss[:E],
            objective=self.objective[:E],
            grad_norm=self.grad_norm[:E],
            train_acc=self.train_acc[:E],
            test_loss=self.test_loss[:E] if has_test else None,
            test_acc=self.test_acc[:E] if has_test else None,
        )
