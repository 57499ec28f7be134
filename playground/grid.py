"""A model's logits on a regular grid over the points: the views draw boundaries from them (p = t where
z = logit t, the p = ½ boundary where z = 0)."""

import numpy as np

from .experiment import Experiment
from .payload import plot_bounds

RESOLUTION = 80  # grid points per axis: a smooth line, 25 KB of float32 per run
_CLIP = 1e6  # logits beyond ±1e6 are drawn as ±1e6: every line sits far closer to 0


def points_of(exp: Experiment) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All the run's points (training first), their labels, and which are test points."""
    X = np.vstack([exp.X_train, exp.X_test])
    y = np.concatenate([exp.y_train, exp.y_test]).astype(int)
    is_test = np.r_[np.zeros(len(exp.y_train), bool), np.ones(len(exp.y_test), bool)]
    return X, y, is_test


def grid_axes(bounds: list[float], resolution: int = RESOLUTION) -> tuple[np.ndarray, np.ndarray]:
    """The grid's x1 and x2 values over bounds [x1_min, x1_max, x2_min, x2_max]."""
    return np.linspace(bounds[0], bounds[1], resolution), np.linspace(bounds[2], bounds[3], resolution)


def logits_on_grid(
    exp: Experiment, bounds: list[float], resolution: int = RESOLUTION, epoch: int | None = None
) -> np.ndarray:
    """z = φ(x)·w + b of the model at `epoch` (default: the last) on the grid, shape (len(x2), len(x1))."""
    x1, x2 = grid_axes(bounds, resolution)
    A, B = np.meshgrid(x1, x2)
    with np.errstate(over="ignore", invalid="ignore"):  # far outside the data high powers can overflow
        z = exp.logits(np.column_stack([A.ravel(), B.ravel()]), epoch)
    z = np.nan_to_num(z, nan=0.0, posinf=_CLIP, neginf=-_CLIP)
    return np.clip(z, -_CLIP, _CLIP).reshape(len(x2), len(x1))


def bounds_of(exp: Experiment) -> list[float]:
    """The plotting frame around all the run's points."""
    return plot_bounds(points_of(exp)[0])
