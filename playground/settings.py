"""What a visitor can set, and the bounds that keep every run quick.

Everything a visitor can set is a field of `Settings`, and `LIMITS` bounds each one, so no
combination can make the server compute without bound: besides the per-field ranges, a run's work
is capped so that any change of control answers within about 300 ms of server time (measured in
benchmarks/bench_app.py): at most `MAX_STEPS` optimizer steps (SGD makes ⌈n/B⌉ an epoch), and at
most `MAX_WORK` products of points × weights × epochs, the test split's points included: every
epoch scores them too.
"""

from dataclasses import asdict, dataclass, fields, replace

import numpy as np

from lr.datasets import DATASETS
from lr.optimizers import OPTIMIZERS
from lr.penalties import PENALTIES

MAX_STEPS = 15_000  # optimizer steps: one costs about 14 µs of Python, so ≈ 0.2 s at most
MAX_WORK = 250_000_000  # points × weights × epochs: 5000 full-batch epochs on 3750 × 28 take ≈ 0.45 s
MAX_NEWTON_EPOCHS = 100  # Newton converges in tens of iterations; more only burns time

# The values the log-scale sliders offer (1, 2, 5 per decade); their ends are the fields' limits.
LEARNING_RATES = [float(f"{m}e{k}") for k in range(-4, 1) for m in (1, 2, 5)] + [10.0]
ALPHAS = [float(f"{m}e{k}") for k in range(-5, 0) for m in (1, 2, 5)] + [1.0]
EPOCHS = [1, 2, 5, 10, 20, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000]
BATCH_SIZES = [8, 16, 32, 64, 128, 256, 512]
STEPS = {"learning_rate": LEARNING_RATES, "alpha": ALPHAS, "epochs": EPOCHS, "batch_size": BATCH_SIZES}

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
    "alpha": (ALPHAS[0], ALPHAS[-1]),
    "optimizer": tuple(OPTIMIZERS),
    "learning_rate": (LEARNING_RATES[0], LEARNING_RATES[-1]),
    "epochs": (EPOCHS[0], EPOCHS[-1]),
    "batch_size": (BATCH_SIZES[0], BATCH_SIZES[-1]),
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
    # Every epoch trains on the training split and scores the test split: both pass each of their
    # points through the model, so an epoch costs about n_samples × weights whatever the split.
    n = settings.n_samples if n is None else n
    work_per_epoch = n * n_weights(settings)
    cap = min(MAX_STEPS // steps_per_epoch(settings, n), MAX_WORK // work_per_epoch)
    return max(1, min(settings.epochs, cap))


def with_changes(settings: Settings, **changes: object) -> Settings:
    """A copy of settings with some fields changed (each checked against LIMITS)."""
    for name, value in changes.items():
        check_setting(name, value)
    return replace(settings, **changes)
