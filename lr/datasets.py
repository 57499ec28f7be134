"""Toy 2-D classification datasets (two classes, or K from 2 to 6), and a stratified train/test split.

Each dataset is first drawn in its *natural* coordinates, where the shape has size about 1.
Gaussian noise with standard deviation ``noise`` is added there, so ``noise`` means the same
thing for every dataset: a fraction of the shape's own size. The result is then multiplied by a
fixed ``scale`` so that, at the default noise, every dataset sits roughly inside
[-3, 3] x [-3, 3] and all of them can be drawn on one shared grid.

=======  ====================================================================  =====
name     clean shape, natural coordinates (class 0 / class 1 / … class K−1)     scale
=======  ====================================================================  =====
linear   Gaussian blobs N((-1, -1), 0.5²·I) / N((1, 1), 0.5²·I)                1
moons    sklearn's two interleaving half circles of radius 1, centred on 0      1.5
circles  circle of radius 1 / concentric circle of radius 0.5                   2
xor      uniform in quadrants I and III / quadrants II and IV of [-1, 1]²       2
spiral   K arms r = t, θ = (6π/K)·t + 2πk/K for t in [0.1, 1]: arm k is      2.5
         arm 0 rotated by k/K of a turn. Two arms wind 1.5 turns (the second
         is the first rotated by π), three one turn, six half a turn
blobs    K points c_k = (cos θ_k, sin θ_k), θ_k = π/2 + 2πk/K: the corners of   2
         a regular K-gon on the unit circle; the noise alone spreads them
=======  ====================================================================  =====

``spiral`` and ``blobs`` take ``n_classes`` = K from 2 to 6 (``MULTICLASS_DATASETS``); the other
shapes have two classes. The K-armed spiral is CS231n's classic linear-classifier example
(cs231n.github.io/neural-networks-case-study): no line, and no K lines, separate its arms until the
model gets features. With K ≥ 3 the classes are equal in size (n // K each, the first n mod K
classes one point more); ``balance`` is for two classes.

Blobs: ``noise`` is the standard deviation of each class around its centre, in units of the
circle's radius, so it sets the separation: neighbouring centres are 2·sin(π/K) apart (1 for
K = 6), clean at 0.1, overlapping at 0.5, mostly mixed at 1; ``noise=0`` puts every point on its
class's centre. The spiral is the other exception: along a ray its neighbouring arms are only
1/3 apart for every K (fewer turns as K grows keep them so, and keep the points as dense along
each arm), so its noise is 0.3 × ``noise``, which blurs it about as much as the other shapes at
the same setting.

The shapes on curves (moons, circles, spiral) place their points evenly along the curve, as
sklearn does, so ``noise=0`` gives the bare shape. Rows are shuffled before being returned.
"""

import csv
import io
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ._validation import check_number, check_random_state

# The two-class shapes the playground offers.
DATASETS: tuple[str, ...] = ("linear", "moons", "circles", "xor", "spiral")
# The shapes drawn with any number of classes from 2 to MAX_CLASSES (n_classes).
MULTICLASS_DATASETS: tuple[str, ...] = ("blobs", "spiral")
MAX_CLASSES = 6

MAX_SAMPLES = 100_000


def _linear(counts: list[int], rng: np.random.Generator) -> tuple[np.ndarray, float]:
    n0, n1 = counts
    X0 = rng.normal(loc=(-1.0, -1.0), scale=0.5, size=(n0, 2))
    X1 = rng.normal(loc=(1.0, 1.0), scale=0.5, size=(n1, 2))
    return np.vstack([X0, X1]), 1.0


def _moons(counts: list[int], rng: np.random.Generator) -> tuple[np.ndarray, float]:
    n0, n1 = counts
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n1)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])  # upper half circle centred on (0, 0)
    inner = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])  # lower one, centred on (1, 0.5)
    # Together they span [-1, 2] x [-0.5, 1]; move the centre of that box to the origin.
    return np.vstack([outer, inner]) - (0.5, 0.25), 1.5


def _circles(counts: list[int], rng: np.random.Generator) -> tuple[np.ndarray, float]:
    n0, n1 = counts
    t0 = np.linspace(0.0, 2.0 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2.0 * np.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = 0.5 * np.column_stack([np.cos(t1), np.sin(t1)])  # inner radius factor 0.5
    return np.vstack([outer, inner]), 2.0


def _quadrants(n: int, signs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    # Half of the points go to the quadrant with signs (s1, s2), the other half to (-s1, -s2).
    flip = np.where(np.arange(n) < n // 2, 1.0, -1.0)[:, None]
    return rng.uniform(0.0, 1.0, size=(n, 2)) * signs * flip


def _xor(counts: list[int], rng: np.random.Generator) -> tuple[np.ndarray, float]:
    n0, n1 = counts
    X0 = _quadrants(n0, np.array([1.0, 1.0]), rng)  # sign(x1) == sign(x2)
    X1 = _quadrants(n1, np.array([-1.0, 1.0]), rng)  # sign(x1) != sign(x2)
    return np.vstack([X0, X1]), 2.0


def _spiral_arm(n: int, turns: float, offset: float) -> np.ndarray:
    # Start at t = 0.1: the arms meet at the origin, where the label would be a coin flip.
    t = np.linspace(0.1, 1.0, n)
    theta = turns * np.pi * t + offset  # turns·π = 3π for two arms: 1.5 turns
    return t[:, None] * np.column_stack([np.cos(theta), np.sin(theta)])  # r = t


def _spiral(counts: list[int], rng: np.random.Generator) -> tuple[np.ndarray, float]:
    K = len(counts)
    # θ grows by 6π/K over r ∈ [0, 1] and the arms are 2π/K apart in angle, so along a ray the next
    # arm is (2π/K)/(6π/K) = 1/3 further out for every K. K = 2 gives exactly the two-armed spiral
    # of before (3.0·π·t + 0 or π, the same floating-point operations).
    return np.vstack([_spiral_arm(n_k, 6.0 / K, 2.0 * np.pi * k / K) for k, n_k in enumerate(counts)]), 2.5


def _blobs(counts: list[int], rng: np.random.Generator) -> tuple[np.ndarray, float]:
    K = len(counts)
    theta = np.pi / 2 + 2.0 * np.pi * np.arange(K) / K  # class 0 at the top, then anticlockwise
    centres = np.column_stack([np.cos(theta), np.sin(theta)])
    return np.repeat(centres, counts, axis=0), 2.0


# The spiral's arms are only 1/3 apart (the other shapes' classes about 1), so its noise is
# scaled down to blur it about as much as the others at the same setting.
_NOISE_UNIT = {"spiral": 0.3}


# Each shape takes (counts, rng), counts[k] points of class k, and returns the clean points, class 0
# rows first, then class 1, …, and the scale.
_SHAPES = {
    "linear": _linear,
    "moons": _moons,
    "circles": _circles,
    "xor": _xor,
    "spiral": _spiral,
    "blobs": _blobs,
}


def make_dataset(
    name: str,
    n_samples: int = 200,
    *,
    noise: float = 0.1,
    balance: float = 0.5,
    n_classes: int | None = None,
    random_state: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw a 2-D classification dataset.

    Parameters: ``name`` is one of ``DATASETS`` or ``MULTICLASS_DATASETS``; ``n_samples`` in
    [2, 100000]; ``noise`` in [0, 1] is the standard deviation of the Gaussian noise, in units of
    the shape's size (see the module docstring); ``balance`` in [0.1, 0.9] is the fraction of
    class 1 of two classes, so there are round(balance·n_samples) class-1 points, but at least one
    point of each class; ``n_classes`` K in [2, 6] for ``"blobs"`` and ``"spiral"`` (None means 2;
    the two-class spiral is the same with n_classes=2 as without), with K ≥ 3 classes of equal size.

    Returns ``X`` float64 of shape (n_samples, 2) and ``y`` int64 of shape (n_samples,) in
    {0, …, K−1}. The same ``random_state`` gives the same arrays.
    """
    if not isinstance(name, str) or name not in _SHAPES:
        choices = ", ".join(repr(d) for d in dict.fromkeys(DATASETS + MULTICLASS_DATASETS))
        raise ValueError(f"name must be one of {choices}; got {name!r}")
    n = check_number(n_samples, "n_samples", low=2, high=MAX_SAMPLES, integer=True)
    noise = check_number(noise, "noise", low=0, high=1)
    balance = check_number(balance, "balance", low=0.1, high=0.9)
    K = (
        2
        if n_classes is None
        else check_number(n_classes, "n_classes", low=2, high=MAX_CLASSES, integer=True)
    )
    if K > 2:
        if name not in MULTICLASS_DATASETS:
            shapes = " or ".join(repr(d) for d in MULTICLASS_DATASETS)
            raise ValueError(f"{name!r} has two classes; n_classes={K} needs {shapes}")
        if balance != 0.5:
            raise ValueError(
                f"balance={balance:g} sets the share of class 1 of two classes; with n_classes={K} "
                f"the classes are equal in size: leave balance at 0.5"
            )
        if n < K:
            raise ValueError(f"n_samples={n} is too few for n_classes={K}: each class needs a point")
    rng = np.random.default_rng(check_random_state(random_state))

    if K == 2:
        n1 = min(max(round(balance * n), 1), n - 1)  # keep both classes, even for tiny n
        counts = [n - n1, n1]
    else:
        counts = [n // K + (k < n % K) for k in range(K)]  # equal sizes, within one point
    X_clean, scale = _SHAPES[name](counts, rng)
    y = np.repeat(np.arange(K, dtype=np.int64), counts)

    sd = noise * _NOISE_UNIT.get(name, 1.0)
    X = scale * (X_clean + sd * rng.standard_normal(X_clean.shape))
    order = rng.permutation(n)  # the shapes are built class by class; mix the rows
    return X[order], y[order]


def train_test_split(
    X: np.ndarray,
    y: np.ndarray,
    *,
    test_size: float = 0.25,
    random_state: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split ``X``, ``y`` into shuffled train and test parts, stratified by class.

    Each class sends round(test_size·n_class) of its points to the test part, but keeps at least
    one for training, so every class is split in (nearly) the same proportion and the model can
    always see every class. ``test_size`` is in [0, 0.9]; 0 gives empty test arrays of shapes
    (0, n_features) and (0,).

    Returns ``X_train, X_test, y_train, y_test``. The same ``random_state`` gives the same split.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {X.shape}")
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (n_samples,), got shape {y.shape}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y have different numbers of rows ({X.shape[0]} and {y.shape[0]})")
    if y.size == 0:
        raise ValueError("X and y are empty")
    test_size = check_number(test_size, "test_size", low=0, high=0.9)
    rng = np.random.default_rng(check_random_state(random_state))

    train_parts, test_parts = [], []
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        n_test = min(round(test_size * idx.size), idx.size - 1)
        test_parts.append(idx[:n_test])
        train_parts.append(idx[n_test:])
    # Shuffle across classes too, so neither part comes sorted by label.
    train = rng.permutation(np.concatenate(train_parts))
    test = rng.permutation(np.concatenate(test_parts))
    return X[train], X[test], y[train], y[test]


# -- Reading points from a CSV file -------------------------------------------------------------------
# One rule, used by the playground for a visitor's upload and by the script it downloads to reproduce
# the run, so both read the same numbers and the same labels from the same file.

_SEPARATORS = ",;\t|"
# Written so that no cell can make them backtrack: \d+(\.\d*)? rather than \d+\.?\d*, which tries every
# split of a long run of digits (minutes for a 60 KB cell of digits followed by a letter).
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|infinity|nan)", re.I | re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
_COMMA = re.compile(r"^[+-]?[\d.]*\d,[\d,.]*$")  # 1,5 (a decimal comma) or 1,234 (thousands)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(['\u00a0\u202f ]\d{3})+(\.\d+)?$")
_UNIT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*(?P<unit>([^\W\d_]|[%°‰µ])\D*)$")
# Header names that say "this column is the label" (compared lowercased, without a trailing "(...)").
LABEL_NAMES = frozenset(
    {"label", "labels", "class", "classes", "class label", "class_label", "true label", "true_label"}
    | {"target", "category", "categories", "species", "outcome", "diagnosis"}
)
MAX_QUOTE = 80  # characters of the file's own text quoted in a message


class CSVError(ValueError):
    """Why a file cannot be read as points. `template` is the sentence with {} where the file's own
    text goes (`quotes`), so an app can show that text apart from the sentence; str() fills in reprs."""

    def __init__(self, template: str, *quotes: str) -> None:
        self.template = template
        # a quote is a cell or a header from the file: a few words, not a megabyte, in the message
        self.quotes = tuple(q if len(q) <= MAX_QUOTE else q[: MAX_QUOTE - 1] + "…" for q in quotes)
        super().__init__(template.format(*(repr(q) for q in self.quotes)))


class PointsCSV(NamedTuple):
    """What `read_csv` read: X (n, 2) float64, the labels as their kind (int64 when every label is
    written as an integer, float64 when every one is a number, else strings), the column names (the
    header's, or x1, x2, label) and the file line of each point (for messages)."""

    X: np.ndarray
    labels: np.ndarray
    feature_names: tuple[str, str]
    label_name: str
    lines: np.ndarray


def _is_number(cell: str) -> bool:
    return _NUMBER.fullmatch(cell) is not None


def _is_name(cell: str) -> bool:
    """A header's cell: not a number, nor a number written for people (1,5 · 1 234 · 12 cm)."""
    return not (_is_number(cell) or _COMMA.match(cell) or _THOUSANDS.match(cell) or _UNIT.match(cell))


def _not_a_number(where: str, cell: str, *quotes: str) -> CSVError:
    """The reason a cell is not a plain number, as precisely as it can be told."""
    if _COMMA.match(cell):
        return CSVError(
            f"{where} is {{}}: write numbers with a decimal point and no thousands separator", *quotes, cell
        )
    if _THOUSANDS.match(cell):
        return CSVError(f"{where} is {{}}, with a thousands separator: leave it out", *quotes, cell)
    unit = _UNIT.match(cell)
    if unit:
        return CSVError(
            f"{where} is {{}}, a number with a unit ({{}}); write the number alone",
            *quotes,
            cell,
            unit["unit"],
        )
    return CSVError(f"{where} must be a number, got {{}}", *quotes, cell)


def _dialect(text: str) -> type[csv.Dialect]:
    """The separator among , ; tab |: sniffed from the first 20 lines, else the most frequent on line 1."""
    sample = "\n".join(text[: 1 << 16].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_SEPARATORS)
    except csv.Error:  # one column, or no consistent separator
        first = sample.split("\n", 1)[0]

        class Counted(csv.excel):
            delimiter = max(_SEPARATORS, key=first.count)

        return Counted


def _is_label_name(name: str, names: list[str]) -> bool:
    """label, class, target, category… (any case); y too, unless a column is named x (then x, y are axes)."""
    key = re.sub(r"\s*[(\[].*$", "", name).strip().lower()
    if key == "y":
        return "x" not in {n.strip().lower() for n in names}
    return key in LABEL_NAMES


def _place_columns(header: list[str]) -> tuple[int, int, int]:
    """The columns of x1, x2 and the label, by the header's names; CSVError for what cannot be placed."""
    shown = ",".join(header)
    if len(header) != 3:
        raise CSVError(
            f"the header {{}} has {len(header)} columns; a file of points has 3, two coordinates and the "
            "label (e.g. x1,x2,label)",
            shown,
        )
    keys = [name.strip().lower() for name in header]
    for k, key in enumerate(keys):
        if key and key in keys[:k]:
            raise CSVError(
                "the header {} names the column {} twice; give each column its own name", shown, header[k]
            )
    label = [k for k, name in enumerate(header) if _is_label_name(name, header)]
    if len(label) > 1:
        raise CSVError(
            "the header {} has two label columns, {} and {}; keep one and rename the other (a label "
            "column is named label, class, target, category, y…)",
            shown,
            header[label[0]],
            header[label[1]],
        )
    j = label[0] if label else 2  # no name says "label": the last column is, as in a file without header
    x1, x2 = (k for k in range(3) if k != j)
    return x1, x2, j


def read_csv(source: str | Path | bytes, *, max_rows: int | None = None) -> PointsCSV:
    """Two coordinates and a label per line from a CSV file (a path, or the file's bytes).

    The separator is a comma, semicolon, tab or bar; cells may be quoted; a UTF-8 byte-order mark,
    CRLF line ends and a separator at the end of every line are accepted. The first line is a header
    when at least two of its cells are names, not numbers: then the label column is the one named label,
    class, y, target, category… (any case) and the other two are x1 and x2 in the file's order; with
    no such name, or with no header, the columns are x1, x2, label. Numbers are written plainly
    (1, -3e-03, .5). A file of more than `max_rows` points is refused before its numbers are read.
    Raises CSVError naming the line and the problem.
    """
    data = bytes(source) if isinstance(source, (bytes, bytearray)) else Path(source).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CSVError(f"the file is not UTF-8 text (byte {e.start} is {data[e.start]:#04x})") from None
    if "\x00" in text:
        raise CSVError("the file is binary, not CSV text")
    if not text.strip():
        raise CSVError("the file is empty")
    enough = None if max_rows is None else max_rows + 2  # a header and one point too many
    rows = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, [cell.strip() for cell in row]))
                if len(rows) == enough:
                    break
    except csv.Error as e:
        raise CSVError(f"the file is not readable as CSV ({e})") from None
    # a separator at the end of every line (some spreadsheets write one) leaves an empty last column
    rows = [(i, cells[:-1] if len(cells) > 3 and not cells[-1] else cells) for i, cells in rows]

    header = rows[0][1] if sum(_is_name(c) for c in rows[0][1]) >= 2 else None
    if header is None:
        columns, names, expected = (0, 1, 2), ("x1", "x2", "label"), "expected 3: x1, x2, label"
    else:
        columns, expected = _place_columns(header), "the header has 3"
        names = tuple(header[k] for k in columns)
        rows = rows[1:]
    if not rows:
        raise CSVError("the file has a header but no points")
    if max_rows is not None and len(rows) > max_rows:
        raise CSVError(f"the file has more than {max_rows} points; at most {max_rows} are taken")

    X = np.empty((len(rows), 2))
    texts = []
    for k, (i, cells) in enumerate(rows):
        if len(cells) != 3:
            raise CSVError(f"line {i} has {len(cells)} columns; {expected}")
        for j in range(2):
            cell = cells[columns[j]]
            where = (f"line {i}: column {{}}", names[j]) if header else (f"line {i}: x{j + 1}",)
            if not _is_number(cell):
                problem = _not_a_number(where[0], cell, *where[1:])
                if header is None and problem.template.endswith("must be a number, got {}"):
                    problem = CSVError(
                        problem.template + " (a file without a header has the columns x1, x2, label; "
                        "a header line such as label,x1,x2 places them in another order)",
                        *problem.quotes,
                    )
                raise problem
            X[k, j] = float(cell)
            if not np.isfinite(X[k, j]):
                raise CSVError(f"{where[0]} must be finite, got {{}}", *where[1:], cell)
        texts.append(cells[columns[2]])
        if not texts[-1]:
            raise CSVError(f"line {i} has no label")

    labels = np.array(texts, dtype=str)
    if all(_is_number(t) for t in texts) and np.isfinite(numbers := np.array(texts, dtype=float)).all():
        labels = numbers  # numbers as numbers: "1.0" and "1" are one class
        if all(_INTEGER.fullmatch(t) for t in texts) and np.all(np.abs(numbers) < 2.0**63):
            labels = np.array([int(t) for t in texts], dtype=np.int64)
    lines = np.array([i for i, _ in rows])
    return PointsCSV(X, labels, (names[0], names[1]), names[2], lines)
