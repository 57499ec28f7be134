"""What a visitor can set, and the bounds that keep every run quick.

Everything a visitor can set is a field of `Settings`, and `LIMITS` bounds each one, so no
combination can make the server compute without bound: besides the per-field ranges, a run's work
is capped so that any change of control answers within about 300 ms of server time (measured in
benchmarks/bench_app.py and bench_worst_k.py): at most `MAX_STEPS` optimizer steps (SGD makes ⌈n/B⌉
an epoch; K classes get a K-th of them, `max_steps`), and at
most `MAX_WORK` products of points × weights × epochs, the test split's points included: every
epoch scores them too. With K ≥ 3 classes a model has K score functions, so the weights count K times.
"""

import math
import re
from collections.abc import Collection
from dataclasses import asdict, dataclass, fields, replace

from lr.datasets import DATASETS, MAX_CLASSES, MULTICLASS_DATASETS
from lr.optimizers import OPTIMIZERS
from lr.penalties import PENALTIES

from .real_data import REAL_DATA

MAX_STEPS = 15_000  # optimizer steps: one costs about 14 µs of Python, so ≈ 0.2 s at most
MAX_WORK = 250_000_000  # points × weights × epochs: 5000 full-batch epochs on 3750 × 28 take ≈ 0.45 s
MAX_NEWTON_EPOCHS = 100  # second-order methods converge in tens of iterations; more only burns time

# The values the log-scale sliders offer (1, 2, 5 per decade); their ends are the fields' limits.
# Up to 100: with standardised features gradient descent first diverges between 20 and 50, and the
# "too large a learning rate" lesson must be showable on them.
LEARNING_RATES = [float(f"{m}e{k}") for k in range(-4, 2) for m in (1, 2, 5)] + [100.0]
ALPHAS = [float(f"{m}e{k}") for k in range(-5, 0) for m in (1, 2, 5)] + [1.0]
EPOCHS = [1, 2, 5, 10, 20, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000]
BATCH_SIZES = [8, 16, 32, 64, 128, 256, 512]
STEPS = {"learning_rate": LEARNING_RATES, "alpha": ALPHAS, "epochs": EPOCHS, "batch_size": BATCH_SIZES}

# field: (low, high) for numbers, or the allowed values for choices
LIMITS: dict[str, Collection] = {
    # blobs after the two-class shapes: the first generated shape a Classes control acts on
    "dataset": DATASETS + tuple(d for d in MULTICLASS_DATASETS if d not in DATASETS) + tuple(REAL_DATA),
    "n_classes": (2, MAX_CLASSES),
    "n_samples": (20, 5000),
    "noise": (0.0, 1.0),
    "balance": (0.1, 0.9),
    "test_size": (0.0, 0.5),
    "seed": (0, 99_999),
    "degree": (1, 6),
    "standardize": (False, True),
    "penalty": tuple(PENALTIES),
    "alpha": (ALPHAS[0], ALPHAS[-1]),
    "optimizer": OPTIMIZERS.keys(),  # a live view: an optimizer registered later is allowed too
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
    n_classes: int = 2  # for the shapes that take K (MULTICLASS_DATASETS); the others have two
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


# What each setting is called on screen: widget labels and messages use the same words.
LABELS = {
    "dataset": "Dataset",
    "n_samples": "Samples",
    "noise": "Noise",
    "n_classes": "Classes",
    "balance": "Class 1 share",
    "test_size": "Test split",
    "seed": "Seed",
    "degree": "Polynomial degree",
    "standardize": "Standardise",
    "penalty": "Penalty",
    "alpha": "Penalty strength α",
    "optimizer": "Optimizer",
    "learning_rate": "Learning rate",
    "epochs": "Epochs",
    "batch_size": "Batch size",
    "upload": "Your file",
}


# What the Penalty control shows for each choice (the sidebar, the offline file's header)
PENALTY_LABELS = {"none": "None", "l2": "L2 (ridge)", "l1": "L1 (lasso)"}


def rule(name: str) -> str:
    """What `name` accepts, in words: "an integer from 20 to 5000", "one of moons, xor", "true or false"."""
    allowed = LIMITS[name]
    if name == "upload":
        return "a file fingerprint (hex digits) or empty"
    if name == "standardize":
        return "true or false"
    if name in _CHOICES:
        return "one of " + ", ".join(map(str, allowed))
    low, high = allowed
    return f"{'an integer' if isinstance(low, int) else 'a number'} from {low:g} to {high:g}"


def check_setting(name: str, value: object) -> object:
    """The value, if it is allowed for `name`; otherwise ValueError('<name> must be …, got …')."""
    if name not in LIMITS:
        raise ValueError(f"unknown setting {name!r}")
    message = f"{name} must be {rule(name)}, got {value!r}"
    if name == "upload":
        if not isinstance(value, str) or len(value) > 64 or value.strip("0123456789abcdef"):
            raise ValueError(message)
        return value
    allowed = tuple(LIMITS[name])
    if name in _CHOICES:
        if value not in allowed or type(value) is not type(allowed[0]):
            raise ValueError(message)
        return value
    low, high = allowed
    wanted = int if isinstance(low, int) else int | float
    # comparisons, not np.isfinite: they hold for integers of any size, and NaN fails them
    if isinstance(value, bool) or not isinstance(value, wanted) or not low <= value <= high:
        raise ValueError(message)
    return value


def nearest(options: list, value: float) -> float:
    """The option nearest to a positive value on a log scale (the sliders' own scale)."""
    return min(options, key=lambda o: abs(math.log(o) - math.log(value)))


MAX_TEXT = 32  # a link's value longer than this is refused unread

# The one way a link writes a number: ASCII digits only (re's [0-9] is exactly those, where
# str.isdigit() and int() also take '²', '①', '٣' or '１２'), no space, no underscore, no 0x; a real
# number may have a sign, a decimal point and an exponent. fullmatch: not even a trailing newline.
_WHOLE = re.compile(r"[0-9]+")
_REAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_number(text: str, low: float, high: float, *, whole: bool, what: str | None = None) -> int | float:
    """A number from a link, by the one rule every number in the URL follows: at most MAX_TEXT
    characters, written in ASCII digits (a real one like 0.25, -1.5 or 1e-3), finite and from `low`
    to `high`. ValueError says which part of the rule the text breaks, in words (`what` names what is
    wanted: "an integer from 0 to 99999" by default) that do not repeat the text."""
    what = what or f"{'an integer' if whole else 'a number'} from {low:g} to {high:g}"
    if len(text) > MAX_TEXT:
        raise ValueError(f"is longer than {MAX_TEXT} characters")
    if not (_WHOLE if whole else _REAL).fullmatch(text):
        written = "with the digits 0 to 9 only" if whole else "with the digits 0 to 9, like 0.25 or 1e-3"
        raise ValueError(f"must be {what}, written {written}")
    value = int(text) if whole else float(text) + 0.0  # + 0.0: -0 is 0
    # comparisons: 1e999 is inf and fails them, as NaN cannot reach here (the pattern has no letters)
    if not (low <= value <= high and math.isfinite(value)):
        raise ValueError(f"must be {what}")
    return value


def parse_setting(name: str, text: str) -> object:
    """A value written as text (a link's query value) as the setting's type: numbers by
    parse_number's rule, checked against LIMITS, then snapped to the nearest value its slider offers.
    ValueError says why it is refused, in words that do not repeat the text (the caller shows the
    visitor's text itself, as plain text)."""
    if name not in LIMITS or name == "upload":
        raise ValueError(f"unknown setting {name!r}")
    default = getattr(Settings(), name)
    if len(text) > MAX_TEXT:
        raise ValueError(f"is longer than {MAX_TEXT} characters")
    if isinstance(default, bool):
        if text.lower() not in ("true", "false", "1", "0"):
            raise ValueError(f"must be {rule(name)}")
        return text.lower() in ("true", "1")
    if isinstance(default, str):
        value = text.lower()
        if value not in LIMITS[name]:
            raise ValueError(f"must be {rule(name)}")
        return value
    low, high = LIMITS[name]
    value = parse_number(text, low, high, whole=isinstance(default, int), what=rule(name))
    if name in STEPS and value not in STEPS[name]:
        value = type(default)(nearest(STEPS[name], value))
    return value


def n_weights(settings: Settings) -> int:
    """Weights of the model, the intercept included: one per polynomial feature of (x1, x2), + 1."""
    return (settings.degree + 1) * (settings.degree + 2) // 2


def classes_of(settings: Settings) -> int:
    """K, the number of classes the settings' data has: the Classes control for a shape that takes it,
    the file's own count for shipped data, else 2 (an upload's count comes with its points)."""
    if settings.dataset in REAL_DATA and not settings.upload:
        return REAL_DATA[settings.dataset].n_classes
    if settings.dataset in MULTICLASS_DATASETS and not settings.upload:
        return settings.n_classes
    return 2


def score_functions(k: int) -> int:
    """How many score functions z a model of k classes has: one (z = w·φ + b) for two, k for softmax."""
    return 1 if k <= 2 else k


def n_train(settings: Settings, n: int | None = None) -> int:
    """Training points out of n (default: settings.n_samples; an uploaded file has its own n)."""
    n = settings.n_samples if n is None else n
    return max(1, n - round(n * settings.test_size))


def steps_per_epoch(settings: Settings, n: int | None = None) -> int:
    """Optimizer steps in one epoch: one for full-batch methods, ⌈n_train / B⌉ for mini-batch ones."""
    if not OPTIMIZERS[settings.optimizer].uses_batches:
        return 1
    return -(-n_train(settings, n) // settings.batch_size)


def max_steps(k: int) -> int:
    """The optimizer steps a run of k classes may take: MAX_STEPS for two; a softmax step costs about
    K times a binary one (a mini-batch of 8 at degree 6: 14 µs for two classes, about 12·K µs for K,
    benchmarks/bench_worst_k.py), so K score functions get MAX_STEPS / K."""
    return MAX_STEPS // score_functions(k)


def epoch_budget(settings: Settings, n: int | None = None, k: int | None = None) -> int:
    """The epochs this run may take: the visitor's choice, capped so the server's work is bounded.
    n: the number of points (default settings.n_samples), k: of classes (default classes_of)."""
    if OPTIMIZERS[settings.optimizer].second_order:
        return max(1, min(settings.epochs, MAX_NEWTON_EPOCHS))
    # Every epoch trains on the training split and scores the test split: both pass each of their
    # points through the model, so an epoch costs about n_samples × weights whatever the split.
    n = settings.n_samples if n is None else n
    k = classes_of(settings) if k is None else k
    work_per_epoch = n * n_weights(settings) * score_functions(k)
    cap = min(max_steps(k) // steps_per_epoch(settings, n), MAX_WORK // work_per_epoch)
    return max(1, min(settings.epochs, cap))


def needs_smooth_penalty(optimizer: str) -> bool:
    """Whether the optimizer needs a smooth objective (Newton uses the Hessian, which L1 lacks)."""
    return OPTIMIZERS[optimizer].smooth_only


def in_sentence(optimizer: str, start: bool = False) -> str:
    """The optimizer's name inside a sentence ("gradient descent"), or at its start ("Gradient descent")."""
    words = OPTIMIZERS[optimizer].in_sentence
    return words[:1].upper() + words[1:] if start else words


def listed(names: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return " and ".join(filter(None, (", ".join(names[:-1]), names[-1]))) if names else ""


def with_learning_rate(settings: Settings) -> Settings:
    """The settings, or with the default optimizer when theirs takes no learning rate (Newton)."""
    if OPTIMIZERS[settings.optimizer].uses_learning_rate:
        return settings
    return replace(settings, optimizer=Settings.optimizer)


def reconcile(settings: Settings, changed: str) -> tuple[Settings, str | None]:
    """Settings that can run together, and a sentence when a control had to give way.

    An optimizer that needs a smooth objective (Newton) cannot take L1, which has no Hessian: the
    control the visitor just changed (`changed`, a field name) wins and the other moves: the penalty
    to L2, or the optimizer to the default, gradient descent.
    """
    if settings.penalty != "l1" or not needs_smooth_penalty(settings.optimizer):
        return settings, None
    who = in_sentence(settings.optimizer)
    if changed == "penalty":
        fallback = Settings.optimizer
        return replace(settings, optimizer=fallback), (
            f"L1 has no Hessian, so {who} cannot use it: the optimizer is now {in_sentence(fallback)}."
        )
    return replace(settings, penalty="l2"), (
        f"{in_sentence(settings.optimizer, start=True)} needs a smooth penalty and L1 has no Hessian: "
        "the penalty is now L2."
    )
