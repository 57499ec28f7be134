"""One playground experiment: a dataset, a feature map and a recorded training run, from settings."""

from dataclasses import dataclass

import numpy as np

from lr.datasets import make_dataset, train_test_split
from lr.features import PolynomialFeatures, StandardScaler
from lr.functional import softmax
from lr.optimizers import OPTIMIZERS
from lr.trainer import Trainer

from . import real_data
from .points import Points
from .real_data import REAL_DATA
from .settings import Settings, classes_of, epoch_budget


@dataclass(frozen=True)
class Experiment:
    """The data, the fitted feature map and the finished run for one Settings."""

    settings: Settings
    X_train: np.ndarray  # raw 2-D points
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    poly: PolynomialFeatures
    scaler: StandardScaler | None
    trainer: Trainer
    class_names: tuple[str, ...] = ("0", "1")  # K of them
    axis_names: tuple[str, str] = ("x1", "x2")
    classes: tuple = (0, 1)  # the labels y = 0, 1 stand for, of their own kind (points.classes)

    def features(self, X: np.ndarray) -> np.ndarray:
        """Raw points → model inputs: polynomial map, then the training split's standardiser."""
        F = self.poly.transform(X)
        return self.scaler.transform(F) if self.scaler is not None else F

    @property
    def n_classes(self) -> int:
        """K: 2 for a binary run (one score function), 3 to 6 for softmax (K score functions)."""
        return len(self.class_names)

    def logits(self, X: np.ndarray, epoch: int | None = None) -> np.ndarray:
        """z = φ(x)·w + b with the weights of `epoch` (default: the last): (n,) for two classes;
        Z = φ(x)·Wᵀ + b, (n, K), the K class scores, for K ≥ 3."""
        h = self.trainer.history
        e = h.n_epochs if epoch is None else epoch
        return self.features(X) @ h.w[e].T + h.b[e]

    def probabilities(self, X: np.ndarray, epoch: int | None = None) -> np.ndarray:
        """P (n, K): p_k = softmax(z)_k for K ≥ 3; [1 − σ(z), σ(z)] for two classes."""
        z = self.logits(X, epoch)
        if z.ndim == 2:
            return softmax(z)
        p = 0.5 * (1.0 + np.tanh(0.5 * z))  # σ(z), without overflow warnings at large |z|
        return np.column_stack([1.0 - p, p])


class ExperimentError(ValueError):
    """Settings and points that cannot make a run; the message says why and what to change."""


def trainer_options(s: Settings) -> dict:
    """The Trainer's options the settings choose: what every run of the playground trains with."""
    return {
        "penalty": s.penalty,
        "alpha": s.alpha,
        "optimizer": s.optimizer,
        "learning_rate": s.learning_rate,
        "batch_size": s.batch_size if OPTIMIZERS[s.optimizer].uses_batches else None,
        "tol": 1e-6,
        "random_state": s.seed,
    }


def run_experiment(settings: Settings, points: Points | None = None) -> Experiment:
    """Make the data (or take the visitor's `points` when settings.upload is set), fit the feature
    map on the training split, and train for the epoch budget."""
    s = settings.validated()
    if s.upload:
        if points is None:
            raise ValueError("settings.upload names a file, but no points were given")
    elif s.dataset in REAL_DATA:
        points = real_data.load(s.dataset)
    else:
        K = classes_of(s)
        more = {"n_classes": K} if K > 2 else {"balance": s.balance}  # K classes come in equal shares
        X, y = make_dataset(s.dataset, s.n_samples, noise=s.noise, random_state=s.seed, **more)
        points = Points(X, y, tuple(map(str, range(K))), classes=tuple(range(K)))
    X, y = points.X, points.y
    K = points.n_classes
    counts = np.bincount(np.asarray(y, dtype=np.int64), minlength=K)
    if counts.min() < 2:  # a drawing in progress (a file is refused earlier, by the reader)
        have = ", ".join(f"class {k} has {c}" for k, c in enumerate(counts.tolist()))
        raise ExperimentError(f"each class needs at least 2 points to train; {have}")
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=s.test_size, random_state=s.seed)
    poly = PolynomialFeatures(s.degree).fit(X_train)
    with np.errstate(over="ignore"):  # an overflow shows as inf, named below
        F_train = poly.transform(X_train)
        scaler = StandardScaler().fit(F_train) if s.standardize and np.isfinite(F_train).all() else None
        F_train = scaler.transform(F_train) if scaler is not None else F_train
        F_test = poly.transform(X_test)
        F_test = scaler.transform(F_test) if scaler is not None else F_test
    if not (np.isfinite(F_train).all() and np.isfinite(F_test).all()):
        raise ExperimentError(
            f"the points' coordinates span too wide a range for degree {s.degree} features (they "
            "overflow 64-bit floats); rescale the points or choose a lower degree"
        )
    trainer = Trainer(
        F_train,
        y_train,
        **trainer_options(s),
        X_test=F_test if len(X_test) else None,
        y_test=y_test if len(X_test) else None,
        n_classes=K if K > 2 else None,
    ).run(epoch_budget(s, len(y), K))
    names = (points.class_names, points.axis_names, points.classes)
    return Experiment(s, X_train, y_train, X_test, y_test, poly, scaler, trainer, *names)
