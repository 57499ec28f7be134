"""Comparing runs: pinned settings, the words that tell them apart, the classic comparisons, and each
run's curves against the optimum of its own objective.

A pin keeps settings, not a run: runs are recomputed (and cached) from their settings. A run on the
visitor's own file needs the file's points too, so its pin keeps them.
"""

from dataclasses import dataclass, fields, replace

import numpy as np

from lr.optimizers import OPTIMIZERS

from .experiment import Experiment
from .optimum import Optimum, distance
from .points import Points
from .real_data import REAL_DATA
from .settings import (
    LABELS,
    LEARNING_RATES,
    Settings,
    classes_of,
    in_sentence,
    listed,
    nearest,
    with_learning_rate,
)
from .words import acts, in_words

MAX_PINS = 4  # pinned by hand; a one-click comparison may hold every registered optimizer
# settings that change the points a run trains on (the test split and seed choose its training part);
# the number of classes is counted by classes_of, and balance only shapes two classes
_DATA_FIELDS = ("dataset", "n_samples", "noise", "test_size", "seed", "upload")


@dataclass(frozen=True, eq=False)
class Pin:
    """A run kept for comparison: its settings, and the visitor's points when it ran on their file."""

    settings: Settings
    points: Points | None = None
    file_name: str = ""  # the visitor's file name: visitor text, shown as plain text only


@dataclass(frozen=True)
class Comparison:
    """A one-click comparison: the runs it makes from the current settings, and what it had to leave out."""

    title: str
    runs: tuple[Settings, ...]
    note: str | None = None


def add_pin(pins: tuple[Pin, ...], pin: Pin) -> tuple[tuple[Pin, ...], str]:
    """The pins with `pin` added, and a sentence saying what happened (refused when it is pinned
    already, or when MAX_PINS are pinned)."""
    for i, other in enumerate(pins, 1):
        if other.settings == pin.settings:
            return pins, f"This run is pinned already, as run {i}."
    if len(pins) >= MAX_PINS:
        return pins, f"{len(pins)} runs are pinned, the most there is room for: unpin one first."
    return (*pins, pin), f"Pinned as run {len(pins) + 1}: open Compare to see it beside the others."


def remove_pin(pins: tuple[Pin, ...], index: int) -> tuple[Pin, ...]:
    """The pins without the one at `index` (0-based); an index out of range changes nothing."""
    return tuple(p for i, p in enumerate(pins) if i != index)


def data_key(settings: Settings) -> tuple:
    """What determines the points a run trains on: runs with equal keys saw the same data."""
    if settings.upload:
        return ("upload", settings.upload, settings.test_size, settings.seed)
    if settings.dataset in REAL_DATA:
        return (settings.dataset, settings.test_size, settings.seed)
    k = classes_of(settings)  # blobs of 3 and of 4 are other points; K ≥ 3 classes come in equal shares
    shares = ("classes", k) if k > 2 else ("balance", settings.balance)
    return (*(getattr(settings, name) for name in _DATA_FIELDS), shares)


def describe(settings: Settings, name: str) -> str:
    """One setting in words, with the control's own name and value: "Learning rate = 0.1", "Adam",
    "Dataset Breast cancer: radius and texture", "Your file 0123ab"."""
    value = getattr(settings, name)
    if name == "dataset" and settings.upload:
        return f"{LABELS['upload']} {settings.upload[:6]}"
    if name == "optimizer":
        return in_words(name, value)
    if name in ("dataset", "penalty", "standardize"):
        return f"{LABELS[name]} {in_words(name, value)}"
    return f"{LABELS[name]} = {in_words(name, value)}"


def _value(settings: Settings, name: str) -> object:
    """A setting's value for telling runs apart (a file counts as its dataset)."""
    if name == "dataset" and settings.upload:
        return ("upload", settings.upload)
    return getattr(settings, name)


def _differs(runs: list[Settings], name: str) -> bool:
    if name == "n_classes":  # the classes the runs learn, shipped data's own count too (iris3's three)
        counts = {classes_of(s) for s in runs if not s.upload}
        return any(acts(s, name) for s in runs) and len(counts) > 1
    return len({repr(_value(s, name)) for s in runs if acts(s, name)}) > 1


def differing(runs: list[Settings]) -> list[str]:
    """The Settings fields whose value differs among the runs that use them (in the sidebar's order):
    Newton's unused learning rate does not set it apart from gradient descent. Classes differ when
    the runs learn different numbers of classes: blobs of 4 beside moons' two is "Classes = 4"."""
    names = [f.name for f in fields(Settings) if f.name != "upload"]
    return [name for name in names if _differs(runs, name)]


def labels(runs: list[Settings]) -> list[str]:
    """Legend labels that say what differs between the runs: "Gradient descent" vs "Adam",
    "Learning rate = 0.1" vs "Learning rate = 1". A run alone is "this run"; runs with nothing to
    tell them apart are numbered."""
    names = differing(runs)
    out = []
    for i, s in enumerate(runs, 1):
        words = [describe(s, name) for name in names if acts(s, name)]
        out.append(", ".join(words) if words else ("this run" if len(runs) == 1 else f"run {i}"))
    return out


def optimizer_comparison(settings: Settings) -> Comparison:
    """Every registered optimizer on the current data, objective and learning rate (those that need a
    smooth penalty left out with L1)."""
    runs, left_out = [], []
    for name, method in OPTIMIZERS.items():
        if method.smooth_only and settings.penalty == "l1":
            left_out.append(method.label)
            continue
        runs.append(replace(settings, optimizer=name))
    note = None
    if left_out:
        it = "it needs" if len(left_out) == 1 else "they need"
        note = f"{listed(left_out)} left out: {it} a smooth penalty, and L1 has no Hessian."
    return Comparison("Optimizers", tuple(runs), note)


def learning_rate_comparison(settings: Settings) -> Comparison:
    """Three learning rates a decade apart around the current one (η/10, η, 10η on the slider's values;
    at an end of the slider, the three nearest it). An optimizer that uses no learning rate (Newton)
    gives way to gradient descent."""
    note, given = None, settings
    settings = with_learning_rate(settings)
    if settings != given:
        who, instead = OPTIMIZERS[given.optimizer].label, in_sentence(settings.optimizer)
        note = f"{who} uses no learning rate: compared with {instead}."
    eta = settings.learning_rate
    if eta / 10 < LEARNING_RATES[0]:
        wanted = (eta, 10 * eta, 100 * eta)
    elif 10 * eta > LEARNING_RATES[-1]:
        wanted = (eta / 100, eta / 10, eta)
    else:
        wanted = (eta / 10, eta, 10 * eta)
    rates = sorted({nearest(LEARNING_RATES, r) for r in wanted})
    return Comparison("Learning rates", tuple(replace(settings, learning_rate=r) for r in rates), note)


@dataclass(frozen=True)
class RunCurves:
    """What the Compare charts draw of one run, epoch by epoch."""

    label: str
    objective: np.ndarray  # J(θ_e) on the training split: what the optimizer minimises
    test_loss: np.ndarray | None  # mean log loss on the test split
    gap: np.ndarray  # J − J*, NaN below rounding
    optimum: Optimum  # of this run's own objective


def curves(exp: Experiment, optimum: Optimum, label: str) -> RunCurves:
    """A run's curves against the optimum of its own objective."""
    h = exp.trainer.history
    return RunCurves(label, h.objective, h.test_loss, distance(h.objective, optimum), optimum)
