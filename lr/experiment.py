"""One playground experiment: a dataset, a feature map and a recorded training run, from settings.

Everything a visitor can set is a field of `Settings`, and `LIMITS` bounds each one, so no
combination can make the server compute without bound: besides the per-field ranges, a run's work
is capped so that any change of control answers within about 300 ms of server time (measured in
benchmarks/bench_app.py): at most `MAX_STEPS` optimizer steps (SGD makes ⌈n/B⌉ an epoch), and at
most `MAX_WORK` products of training points × weights × epochs.
"""

from dataclasses import asdict, dataclass, fields, replace

import numpy as np

from . import metrics
from .datasets import DATASETS, make_dataset, train_test_split
from .features import PolynomialFeatures, StandardScaler
from .functional import bce_from_logits
from .optimizers import OPTIMIZERS
from .penalties import PENALTIES
from .trainer import Trainer

MAX_STEPS = 15_000  # optimizer steps: one costs about 14 µs of Python, so ≈ 0.2 s at most
MAX_WORK = 250_000_000  # points × weights × epochs: 5000 full-batch epochs on 3750 × 28 take ≈ 0.45 s
MAX_NEWTON_EPOCHS = 100  # Newton converges in tens of iterations; more only burns time

# field: (low, high) for numbers, or the allowed values for choices
LIMITS: dict[str, tuple] = {
    "dataset": DATASETS,
    "n_samples": (20, 5000),
    "noise": (0.0, 1.0),
    "balance": (0.1, 0.9),
    "test_size": (0.0, 0.5),
    "seed": (0, 2**31 - 1),
    "degree": (1, 6),
    "standardize": (False, True),
    "penalty": tuple(PENALTIES),
    "alpha": (0.0, 10.0),
    "optimizer": tuple(OPTIMIZERS),
    "learning_rate": (1e-4, 10.0),
    "epochs": (1, 5000),
    "batch_size": (8, 512),
    "upload": (),  # a fingerprint (hex digits) or "": checked on its own in check_setting
}
_CHOICES = {"dataset", "penalty", "optimizer", "standardize"}


@dataclass(frozen=True)
class Settings:
    """What the visitor chose. The defaults are the first thing the playground shows."""

    dataset: str = "moons"
    n_samples: int = 300
    noise: float = 0.25
    balance: float = 0.5
    test_size: float = 0.25
    seed: int = 0
    degree: int = 3
    standardize: bool = True
    penalty: str = "l2"
    alpha: float = 1e-3
    optimizer: str = "gd"
    learning_rate: float = 1.0
    epochs: int = 500
    batch_size: int = 32
    upload: str = ""  # "" for generated data; else the fingerprint of the visitor's own CSV file

    def validated(self) -> "Settings":
        """Self, if every field is within LIMITS; otherwise a ValueError naming the field and value."""
        for f in fields(self):
            check_setting(f.name, getattr(self, f.name))
        return self

    def as_dict(self) -> dict:
        return asdict(self)


def check_setting(name: str, value: object) -> object:
    """The value, if it is allowed for `name`; otherwise ValueError('<name> must be …, got …')."""
    if name not in LIMITS:
        raise ValueError(f"unknown setting {name!r}")
    if name == "upload":
        if not isinstance(value, str) or len(value) > 64 or value.strip("0123456789abcdef"):
            raise ValueError(f"upload must be a file fingerprint (hex digits) or empty, got {value!r}")
        return value
    allowed = LIMITS[name]
    if name in _CHOICES:
        if value not in allowed or type(value) is not type(allowed[0]):
            raise ValueError(f"{name} must be one of {list(allowed)}, got {value!r}")
        return value
    low, high = allowed
    is_int = isinstance(low, int)
    ok_type = isinstance(value, int) if is_int else isinstance(value, int | float)
    if isinstance(value, bool) or not ok_type or not np.isfinite(value) or not low <= value <= high:
        kind = "an integer" if is_int else "a number"
        raise ValueError(f"{name} must be {kind} from {low:g} to {high:g}, got {value!r}")
    return value


def n_weights(settings: Settings) -> int:
    """Weights of the model, the intercept included: one per polynomial feature of (x1, x2), + 1."""
    return (settings.degree + 1) * (settings.degree + 2) // 2


def n_train(settings: Settings, n: int | None = None) -> int:
    """Training points out of n (default: settings.n_samples; an uploaded file has its own n)."""
    n = settings.n_samples if n is None else n
    return max(1, n - round(n * settings.test_size))


def steps_per_epoch(settings: Settings, n: int | None = None) -> int:
    """Optimizer steps in one epoch: one for full-batch methods, ⌈n_train / B⌉ for SGD."""
    if settings.optimizer != "sgd":
        return 1
    return -(-n_train(settings, n) // settings.batch_size)


def epoch_budget(settings: Settings, n: int | None = None) -> int:
    """The epochs this run may take: the visitor's choice, capped so the server's work is bounded."""
    if settings.optimizer == "newton":
        return max(1, min(settings.epochs, MAX_NEWTON_EPOCHS))
    work_per_epoch = n_train(settings, n) * n_weights(settings)
    cap = min(MAX_STEPS // steps_per_epoch(settings, n), MAX_WORK // work_per_epoch)
    return max(1, min(settings.epochs, cap))


Points = tuple[np.ndarray, np.ndarray, list[str]]  # X (n, 2), y (n,) in {0, 1}, the class names


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
    class_names: tuple[str, str] = ("0", "1")

    def features(self, X: np.ndarray) -> np.ndarray:
        """Raw points → model inputs: polynomial map, then the training split's standardiser."""
        F = self.poly.transform(X)
        return self.scaler.transform(F) if self.scaler is not None else F

    def logits(self, X: np.ndarray, epoch: int | None = None) -> np.ndarray:
        """z = φ(x)·w + b with the weights of `epoch` (default: the last)."""
        h = self.trainer.history
        e = h.n_epochs if epoch is None else epoch
        return self.features(X) @ h.w[e] + h.b[e]


def run_experiment(settings: Settings, points: Points | None = None) -> Experiment:
    """Make the data (or take the visitor's `points` when settings.upload is set), fit the feature
    map on the training split, and train for the epoch budget."""
    s = settings.validated()
    if s.upload:
        if points is None:
            raise ValueError("settings.upload names a file, but no points were given")
        X, y, names = points
    else:
        X, y = make_dataset(s.dataset, s.n_samples, noise=s.noise, balance=s.balance, random_state=s.seed)
        names = ["0", "1"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=s.test_size, random_state=s.seed)
    poly = PolynomialFeatures(s.degree).fit(X_train)
    F_train = poly.transform(X_train)
    scaler = StandardScaler().fit(F_train) if s.standardize else None  # training split only
    exp_features = (lambda F: scaler.transform(F)) if scaler is not None else (lambda F: F)
    trainer = Trainer(
        exp_features(F_train),
        y_train,
        penalty=s.penalty,
        alpha=s.alpha,
        optimizer=s.optimizer,
        learning_rate=s.learning_rate,
        batch_size=s.batch_size if s.optimizer == "sgd" else None,
        tol=1e-6,
        random_state=s.seed,
        X_test=exp_features(poly.transform(X_test)) if len(X_test) else None,
        y_test=y_test if len(X_test) else None,
    ).run(epoch_budget(s, len(y)))
    return Experiment(s, X_train, y_train, X_test, y_test, poly, scaler, trainer, tuple(names))


def with_changes(settings: Settings, **changes: object) -> Settings:
    """A copy of settings with some fields changed (each checked against LIMITS)."""
    for name, value in changes.items():
        check_setting(name, value)
    return replace(settings, **changes)


@dataclass(frozen=True)
class SplitReport:
    """How the model of one epoch scores on one split."""

    n: int
    accuracy: float
    precision: float
    recall: float
    f1: float
    log_loss: float
    auc: float | None  # None when the split holds one class only
    confusion: np.ndarray  # 2×2, rows true class, columns predicted
    fpr: np.ndarray
    tpr: np.ndarray


def report(exp: Experiment, epoch: int | None = None) -> dict[str, SplitReport]:
    """Metrics of the model at `epoch` (default: the last) on the train and test splits."""
    out = {}
    for name, X, y in (("train", exp.X_train, exp.y_train), ("test", exp.X_test, exp.y_test)):
        if len(y) == 0:
            continue
        z = exp.logits(X, epoch)
        y_pred = (z > 0).astype(int)
        two = np.unique(y).size == 2
        fpr, tpr, _ = metrics.roc_curve(y, z) if two else (np.array([0.0, 1.0]),) * 2 + (None,)
        out[name] = SplitReport(
            n=len(y),
            accuracy=metrics.accuracy_score(y, y_pred),
            precision=metrics.precision_score(y, y_pred),
            recall=metrics.recall_score(y, y_pred),
            f1=metrics.f1_score(y, y_pred),
            log_loss=bce_from_logits(z, y),
            auc=metrics.roc_auc_score(y, z) if two else None,
            confusion=metrics.confusion_matrix(y, y_pred, labels=[0, 1]),
            fpr=fpr,
            tpr=tpr,
        )
    return out
