"""A model's logits on a regular grid over the points: the views draw boundaries from them (p = t where
z = logit t, the p = ½ boundary where z = 0)."""

from dataclasses import dataclass

import numpy as np

from .experiment import Experiment
from .payload import plot_bounds

RESOLUTION = 80  # grid points per axis: a smooth line, 25 KB of float32 per run
_CLIP = 1e6  # logits beyond ±1e6 are drawn as ±1e6: every line sits far closer to 0


@dataclass(frozen=True, eq=False)
class PointsView:
    """A run's points as the views draw them, over the frame and grid their boundaries are drawn on."""

    X: np.ndarray  # all the points, training first
    y: np.ndarray  # their labels, 0 … K−1
    is_test: np.ndarray  # which are test points
    bounds: list[float]  # the frame [x1_min, x1_max, x2_min, x2_max]
    x1: np.ndarray  # the grid's x1 values over the frame
    x2: np.ndarray  # and its x2 values
    class_names: tuple[str, ...]  # K of them
    axis_names: tuple[str, str]

    @property
    def n_classes(self) -> int:
        return len(self.class_names)


def points_view(exp: Experiment) -> PointsView:
    """The run's points, their frame and the grid over it."""
    X = np.vstack([exp.X_train, exp.X_test])
    y = np.concatenate([exp.y_train, exp.y_test]).astype(int)
    is_test = np.r_[np.zeros(len(exp.y_train), bool), np.ones(len(exp.y_test), bool)]
    bounds = plot_bounds(X)
    x1, x2 = grid_axes(bounds)
    return PointsView(X, y, is_test, bounds, x1, x2, tuple(exp.class_names), tuple(exp.axis_names))


def grid_axes(bounds: list[float], resolution: int = RESOLUTION) -> tuple[np.ndarray, np.ndarray]:
    """The grid's x1 and x2 values over bounds [x1_min, x1_max, x2_min, x2_max]."""
    return np.linspace(bounds[0], bounds[1], resolution), np.linspace(bounds[2], bounds[3], resolution)


def logits_on_grid(
    exp: Experiment, bounds: list[float], resolution: int = RESOLUTION, epoch: int | None = None
) -> np.ndarray:
    """z = φ(x)·w + b of the model at `epoch` (default: the last) on the grid, shape (len(x2), len(x1));
    for K ≥ 3 classes the K scores z_k, shape (len(x2), len(x1), K)."""
    x1, x2 = grid_axes(bounds, resolution)
    A, B = np.meshgrid(x1, x2)
    with np.errstate(over="ignore", invalid="ignore"):  # far outside the data high powers can overflow
        z = exp.logits(np.column_stack([A.ravel(), B.ravel()]), epoch)
    z = np.nan_to_num(z, nan=0.0, posinf=_CLIP, neginf=-_CLIP)
    return np.clip(z, -_CLIP, _CLIP).reshape(len(x2), len(x1), *z.shape[1:])
