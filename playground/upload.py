"""A visitor's own points: the CSV file they upload, read into X, y and two class names."""

import numpy as np

MAX_UPLOAD_ROWS = 5000


def read_points_csv(
    data: bytes, *, max_rows: int = MAX_UPLOAD_ROWS
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Points from a CSV file's bytes: columns x1, x2, label (a header row is optional).

    The separator may be a comma, a semicolon or a tab. The labels may be any two distinct values
    (0/1, −1/+1, "cat"/"dog"); they become 0 and 1 in sorted order. Returns X (n, 2), y (n,) and
    the two class names. Anything else raises ValueError saying what is wrong and where.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"the file is not UTF-8 text (byte {e.start} is {data[e.start]:#04x})") from None
    if "\x00" in text:
        raise ValueError("the file is binary, not CSV text")
    lines = [(i + 1, line.strip()) for i, line in enumerate(text.splitlines()) if line.strip()]
    if not lines:
        raise ValueError("the file is empty")
    sep = max((",", ";", "\t"), key=lines[0][1].count)
    rows = [(i, [cell.strip().strip('"') for cell in line.split(sep)]) for i, line in lines]

    def number(cell: str) -> float | None:
        try:
            return float(cell)
        except ValueError:
            return None

    if len(rows[0][1]) >= 2 and (number(rows[0][1][0]) is None or number(rows[0][1][1]) is None):
        rows = rows[1:]  # a header
    if len(rows) > max_rows:
        raise ValueError(f"the file has {len(rows)} rows; the playground takes at most {max_rows}")
    X = np.empty((len(rows), 2))
    labels = []
    for k, (i, cells) in enumerate(rows):
        if len(cells) != 3:
            raise ValueError(f"line {i} has {len(cells)} columns; expected 3: x1, x2, label")
        x1, x2 = number(cells[0]), number(cells[1])
        if x1 is None or x2 is None:
            raise ValueError(f"line {i}: x1 and x2 must be numbers, got {cells[0]!r} and {cells[1]!r}")
        if not (np.isfinite(x1) and np.isfinite(x2)):
            raise ValueError(f"line {i}: x1 and x2 must be finite, got {cells[0]!r} and {cells[1]!r}")
        if not cells[2]:
            raise ValueError(f"line {i} has no label")
        X[k] = x1, x2
        labels.append(cells[2])
    # numeric labels compare as numbers, so "1.0" and "1" are one class
    as_numbers = [number(v) for v in labels]
    keys = as_numbers if all(v is not None for v in as_numbers) else labels
    classes = sorted(set(keys))
    if len(classes) != 2:
        shown = ", ".join(repr(c) for c in classes[:5])
        raise ValueError(f"the labels must take exactly two values; found {len(classes)}: {shown}")
    y = (np.asarray(keys, dtype=object) == classes[1]).astype(np.int64)
    if min(np.bincount(y, minlength=2)) < 2:
        raise ValueError("each class needs at least 2 points (one to train on, one to test)")
    names = [f"{c:g}" if isinstance(c, float) else str(c) for c in classes]
    return X, y, names
