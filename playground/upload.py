"""A visitor's own points: the CSV file they upload, read into X, y, its class names and two axis names.

The file is read by lr's own reader (`lr.datasets.read_csv`): the script the playground hands out
reads it with the same function, so it trains on the same numbers and labels. Columns are placed by
the header's names when there is a header (label, class, target… is the label), else x1, x2, label.
On top of the reader, the playground's limits: rows, coordinate range, label length, 2 to
`MAX_CLASSES` classes of at least 2 points each. Anything that cannot be used raises UploadError, which
names the line and the problem; the file's own text in the message is kept apart from the sentence
(`quotes`), so the page can show it as plain text.
"""

from collections.abc import Callable

import numpy as np

from lr.datasets import MAX_CLASSES, CSVError, read_csv

from .points import Points

MAX_UPLOAD_ROWS = 5000
MAX_NAME = 40  # characters in a label or a column name: it becomes a legend entry or an axis title
MAX_COORDINATE = 1e15  # larger values overflow float64 in degree-6 features and their variance


class UploadError(CSVError):
    """Why a file cannot be used. `template` is the sentence with {} where the file's own text goes
    (`quotes`); str(problem) fills them in with repr, the page with plain-text spans."""

    def render(self, quote: Callable[[str], str]) -> str:
        """The sentence with each quote passed through `quote` (e.g. a Markdown code span)."""
        return self.template.format(*(quote(q) for q in self.quotes))


def class_name(label: object) -> str:
    """A class as the visitor wrote it: 1 for 1 and 1.0, 2.5 for 2.5, strings as they are."""
    if isinstance(label, float):
        return str(int(label)) if label.is_integer() else repr(label)
    return str(label)


def read_points_csv(data: bytes, *, max_rows: int = MAX_UPLOAD_ROWS) -> Points:
    """Points from a CSV file's bytes: two coordinates and a label per line (lr.datasets.read_csv).

    The labels may be any 2 to MAX_CLASSES distinct values (0/1, −1/+1, "cat"/"dog"/"fox"); they become
    0, 1, … in sorted order (numbers as numbers, so "1.0" and "1" are one class), the encoding the
    reproduce script repeats with np.unique. Raises UploadError saying what is wrong and where.
    """
    try:
        read = read_csv(data, max_rows=max_rows)
    except CSVError as e:
        raise UploadError(e.template, *e.quotes) from None
    X, labels, lines = read.X, read.labels, read.lines
    far = np.argwhere(np.abs(X) > MAX_COORDINATE)
    if far.size:
        k, j = far[0]
        name = read.feature_names[j]  # the file's own name is the visitor's text: quoted apart
        column = ("x1", "x2")[j] if name == ("x1", "x2")[j] else "column {}"
        raise UploadError(
            f"line {lines[k]}: {column} is {{}}; coordinates must lie between −1e15 and 1e15 "
            "(rescale the file's units)",
            *([name] if column != name else []),
            f"{X[k, j]:g}",
        )
    if labels.dtype.kind == "U":
        long = np.flatnonzero(np.char.str_len(labels) > MAX_NAME)
        if long.size:
            k = long[0]
            raise UploadError(
                f"line {lines[k]}: the label is {len(labels[k])} characters long; at most {MAX_NAME}"
            )
    classes, y = np.unique(labels, return_inverse=True)
    K = len(classes)
    if not 2 <= K <= MAX_CLASSES:
        shown = ", ".join("{}" for _ in classes[: MAX_CLASSES + 1]) + (", …" if K > MAX_CLASSES + 1 else "")
        raise UploadError(
            f"the labels must take 2 to {MAX_CLASSES} values; found {K}: {shown}",
            *(class_name(c) for c in classes[: MAX_CLASSES + 1].tolist()),
        )
    y = y.astype(np.int64)
    counts = np.bincount(y, minlength=K)
    if counts.min() < 2:
        k = int(counts.argmin())
        raise UploadError(
            f"each class needs at least 2 points (one to train on, one to test); class {{}} has {counts[k]}",
            class_name(classes[k].item()),
        )
    names = tuple(class_name(c.item()) for c in classes)
    axis_names = tuple(name[:MAX_NAME] or f"x{j + 1}" for j, name in enumerate(read.feature_names))
    return Points(X, y, names, axis_names, classes=tuple(classes.tolist()))
