"""A visitor's own points (from a CSV file), as the experiment takes them."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Points:
    """X (n, 2) raw coordinates, y (n,) labels in {0, …, K−1}, the names of the K classes (2 to 6) and
    of the two axes, and the K classes as the file wrote them (ints, floats or strings: what a saved
    model predicts). Names come from the visitor's file: show them as plain text."""

    X: np.ndarray
    y: np.ndarray
    class_names: tuple[str, ...] = ("0", "1")
    axis_names: tuple[str, str] = ("x1", "x2")
    classes: tuple = (0, 1)

    @property
    def n_classes(self) -> int:
        return len(self.class_names)
