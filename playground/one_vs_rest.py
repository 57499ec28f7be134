"""Softmax against one-vs-rest: K separate binary models, class k against the rest, trained on the
same points as a softmax run, and the regions each approach gives the plane.

Binary model k predicts p_k = σ(z_k), z_k = w_k·φ(x) + b_k, and "claims" x where p_k > ½, that is
where z_k > 0. Each model is trained alone, so nothing makes their claims fit together: some of the
plane no model claims, some two or more claim. One-vs-rest must then still answer by comparing
scores trained apart (argmax_k z_k, scikit-learn's OneVsRestClassifier rule). Softmax trains the K
scores together, p_k = e^{z_k} / Σ_j e^{z_j}: the K probabilities sum to 1, and argmax_k p_k gives
every point of the plane exactly one class.

NumPy and lr only: the page (app_pages/one_vs_rest.py) and the figures (viz/one_vs_rest_figures.py)
draw what this module computes.
"""

from dataclasses import dataclass

import numpy as np

from lr.optimizers import OPTIMIZERS
from lr.trainer import Trainer

from .experiment import Experiment, trainer_options
from .grid import grid_axes, points_view
from .settings import MAX_STEPS, Settings, epoch_budget, steps_per_epoch

_CLIP = 1e6  # scores beyond ±1e6 (far outside the data, high powers) are drawn as ±1e6


def epoch_budget_per_model(settings: Settings, n: int, k: int) -> int:
    """Epochs each of the k binary models may take. Together they pass every point through k score
    functions an epoch, the work of one softmax run of k classes, which epoch_budget(settings, n, k)
    already caps; and they make k times one model's optimizer steps, so the step cap is shared by k."""
    budget = epoch_budget(settings, n, k)
    if OPTIMIZERS[settings.optimizer].second_order:  # at most MAX_NEWTON_EPOCHS each, d ≤ 28 weights
        return budget
    return max(1, min(budget, MAX_STEPS // (k * steps_per_epoch(settings, n))))


@dataclass(frozen=True, eq=False)
class OneVsRest:
    """K binary logistic models, class k against the rest, trained on the training split of a run and
    its features φ. Model k's recorded weights: w[k] (E_k+1, d), b[k] (E_k+1,); row e is the model
    after e epochs (each stops on its own when it converges). Only numbers: cheap to cache and copy."""

    w: tuple[np.ndarray, ...]
    b: tuple[np.ndarray, ...]
    status: tuple[str, ...]  # each model's "converged", "diverged", …
    epochs: int  # the epoch budget each model had

    @property
    def n_classes(self) -> int:
        return len(self.w)

    def logits(self, F: np.ndarray, epoch: int | None = None) -> np.ndarray:
        """Z (n, K) on features F = φ(X): column k is z_k = φ(x)·w_k + b_k of binary model k after
        `epoch` epochs (default: its last; a model that stopped earlier keeps its last weights)."""
        columns = []
        for w, b in zip(self.w, self.b, strict=True):
            e = len(b) - 1 if epoch is None else min(epoch, len(b) - 1)
            columns.append(F @ w[e] + b[e])
        return np.column_stack(columns)

    def claims(self, F: np.ndarray, epoch: int | None = None) -> np.ndarray:
        """(n, K) booleans: model k claims a point where p_k = σ(z_k) > ½, i.e. z_k > 0."""
        with np.errstate(over="ignore", invalid="ignore"):
            return np.nan_to_num(self.logits(F, epoch), nan=0.0) > 0

    def predict(self, F: np.ndarray, epoch: int | None = None) -> np.ndarray:
        """One-vs-rest's answer: the class whose model scores highest, argmax_k z_k (ties to the lowest)."""
        with np.errstate(over="ignore", invalid="ignore"):
            return np.argmax(np.nan_to_num(self.logits(F, epoch), nan=-np.inf), axis=1)


def train_one_vs_rest(exp: Experiment) -> OneVsRest:
    """K binary models (class k: y = 1, every other class: y = 0) trained with lr's Trainer on the
    run's training split and features, with its penalty, optimizer, learning rate and batch size,
    each for at most epoch_budget_per_model epochs."""
    s = exp.settings
    K = exp.n_classes
    F = exp.features(exp.X_train)
    y = np.asarray(exp.y_train).astype(int)
    epochs = epoch_budget_per_model(s, len(exp.y_train) + len(exp.y_test), K)
    w, b, status = [], [], []
    for k in range(K):
        trainer = Trainer(F, (y == k).astype(np.float64), **trainer_options(s)).run(epochs)
        h = trainer.history
        w.append(np.array(h.w))  # copies: the history's arrays are views of the trainer's record
        b.append(np.array(h.b))
        status.append(trainer.status)
    return OneVsRest(tuple(w), tuple(b), tuple(status), epochs)


def region_codes(claims: np.ndarray) -> np.ndarray:
    """Each point's region in one-vs-rest from its claims (..., K): k where model k alone claims it,
    K where no model does, K + 1 where two or more do."""
    K = claims.shape[-1]
    count = claims.sum(axis=-1)
    return np.where(count == 1, np.argmax(claims, axis=-1), np.where(count == 0, K, K + 1))


def claim_shares(claims: np.ndarray) -> tuple[float, float]:
    """(unclaimed, doubly claimed): the shares of points (grid nodes) no model claims, and two or more
    claim. A partition of the plane has (0, 0)."""
    count = claims.sum(axis=-1)
    return float(np.mean(count == 0)), float(np.mean(count >= 2))


@dataclass(frozen=True, eq=False)
class Regions:
    """Both approaches on a grid over the run's points: x1 (m1,), x2 (m2,); one-vs-rest's p_k = σ(z_k)
    and claims (m2, m1, K); softmax's p_k and its predicted class argmax_k p_k (m2, m1)."""

    x1: np.ndarray
    x2: np.ndarray
    ovr_p: np.ndarray
    ovr_claims: np.ndarray
    softmax_p: np.ndarray
    softmax_class: np.ndarray

    @property
    def ovr_codes(self) -> np.ndarray:
        return region_codes(self.ovr_claims)

    @property
    def shares(self) -> tuple[float, float]:
        """One-vs-rest's (unclaimed, doubly claimed) shares of the frame."""
        return claim_shares(self.ovr_claims)

    @property
    def softmax_claims(self) -> np.ndarray:
        """Softmax's regions as claims (m2, m1, K): exactly one True per node, its argmax class."""
        K = self.softmax_p.shape[-1]
        return self.softmax_class[..., None] == np.arange(K)


def regions(exp: Experiment, ovr: OneVsRest, epoch: int | None = None, resolution: int = 80) -> Regions:
    """Both approaches' regions on a resolution × resolution grid over the frame of the softmax run
    `exp`, after `epoch` epochs (default: the last) of it and of each of its binary models `ovr`."""
    bounds = points_view(exp).bounds
    x1, x2 = grid_axes(bounds, resolution)
    A, B = np.meshgrid(x1, x2)
    X = np.column_stack([A.ravel(), B.ravel()])
    shape = (len(x2), len(x1), -1)
    with np.errstate(over="ignore", invalid="ignore"):  # far outside the data high powers can overflow
        z = np.clip(np.nan_to_num(ovr.logits(exp.features(X), epoch), nan=0.0), -_CLIP, _CLIP)
        softmax_p = np.nan_to_num(exp.probabilities(X, epoch), nan=0.0)
    p = 0.5 * (1.0 + np.tanh(0.5 * z))  # σ(z), without overflow warnings at large |z|
    return Regions(
        x1,
        x2,
        p.reshape(shape),
        (z > 0).reshape(shape),
        softmax_p.reshape(shape),
        np.argmax(softmax_p, axis=1).reshape(shape[:2]),
    )


@dataclass(frozen=True)
class Accuracy:
    split: str  # "test", or "train" when the run has no test split
    softmax: float
    one_vs_rest: float


def accuracies(exp: Experiment, ovr: OneVsRest, epoch: int | None = None) -> Accuracy:
    """Both approaches' accuracy on the test split (the training split when there is none)."""
    split, X, y = ("test", exp.X_test, exp.y_test) if len(exp.y_test) else ("train", exp.X_train, exp.y_train)
    y = np.asarray(y).astype(int)
    with np.errstate(over="ignore", invalid="ignore"):
        softmax = np.argmax(np.nan_to_num(exp.probabilities(X, epoch), nan=0.0), axis=1)
    return Accuracy(
        split, float(np.mean(softmax == y)), float(np.mean(ovr.predict(exp.features(X), epoch) == y))
    )
