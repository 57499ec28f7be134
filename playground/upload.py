"""A visitor's own points: the CSV file they upload, read into X, y, two class names and two axis names.

The standard library's csv module reads the file (the separator sniffed among comma, semicolon, tab
and bar; quoted fields may hold the separator). Anything that cannot be used raises UploadError,
which names the line and the problem; the file's own text in the message is kept apart from the
sentence (`quotes`), so the page can show it as plain text.
"""

import csv
import math
import re
from collections.abc import Callable

import numpy as np

from .points import Points

MAX_UPLOAD_ROWS = 5000
MAX_NAME = 40  # characters in a label or a column name: it becomes a legend entry or an axis title
MAX_COORDINATE = 1e15  # larger values overflow float64 in degree-6 features and their variance
_SEPARATORS = ",;\t|"
_COMMA = re.compile(r"^[+-]?[\d.]*\d,[\d,.]*$")  # 1,5 (a decimal comma) or 1,234 (thousands)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(['\u00a0\u202f ]\d{3})+(\.\d+)?$")
_UNIT = re.compile(r"^([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)\s*([^\d\s.,;+-].*)$")


class UploadError(ValueError):
    """Why a file cannot be used. `template` is the sentence with {} where the file's own text goes
    (`quotes`); str(problem) fills them in with repr, the page with plain-text spans."""

    def __init__(self, template: str, *quotes: str) -> None:
        self.template = template
        self.quotes = tuple(quotes)
        super().__init__(template.format(*(repr(q) for q in quotes)))

    def render(self, quote: Callable[[str], str]) -> str:
        """The sentence with each quote passed through `quote` (e.g. a Markdown code span)."""
        return self.template.format(*(quote(q) for q in self.quotes))


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _not_a_number(line: int, column: str, cell: str) -> UploadError:
    """The reason a cell is not a plain number, as precisely as it can be told."""
    if _COMMA.match(cell):
        return UploadError(
            f"line {line}: {column} is {{}}: write numbers with a decimal point and no thousands separator",
            cell,
        )
    if _THOUSANDS.match(cell):
        return UploadError(f"line {line}: {column} is {{}}, with a thousands separator: leave it out", cell)
    unit = _UNIT.match(cell)
    if unit:
        return UploadError(
            f"line {line}: {column} is {{}}, a number with a unit ({{}}); write the number alone",
            cell,
            unit.group(4),
        )
    return UploadError(f"line {line}: {column} must be a number, got {{}}", cell)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_SEPARATORS)
    except csv.Error:  # one column, or no consistent separator: count them on the first line
        first = sample.split("\n", 1)[0]
        separator = max(_SEPARATORS, key=first.count)

        class Counted(csv.excel):
            delimiter = separator

        return Counted


def read_points_csv(data: bytes, *, max_rows: int = MAX_UPLOAD_ROWS) -> Points:
    """Points from a CSV file's bytes: columns x1, x2, label (a header row is optional and names them).

    The labels may be any two distinct values (0/1, −1/+1, "cat"/"dog"); they become 0 and 1 in
    sorted order (numbers as numbers, so "1.0" and "1" are one class). Raises UploadError saying
    what is wrong and where.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UploadError(f"the file is not UTF-8 text (byte {e.start} is {data[e.start]:#04x})") from None
    if "\x00" in text:
        raise UploadError("the file is binary, not CSV text")
    if not text.strip():
        raise UploadError("the file is empty")
    csv.field_size_limit(1 << 16)
    try:
        rows = [
            (reader.line_num, [cell.strip() for cell in row])
            for reader in [csv.reader(text.splitlines(), _dialect(text))]
            for row in reader
            if any(cell.strip() for cell in row)
        ]
    except csv.Error as e:
        raise UploadError(f"the file is not readable as CSV ({e})") from None
    # a separator at the end of every line (some spreadsheets write one) leaves an empty last column
    rows = [(i, cells[:-1] if len(cells) > 3 and not cells[-1] else cells) for i, cells in rows]

    axis_names = ("x1", "x2")
    first = rows[0][1]
    if len(first) >= 2 and (_number(first[0]) is None or _number(first[1]) is None):
        axis_names = (first[0][:MAX_NAME] or "x1", first[1][:MAX_NAME] or "x2")
        rows = rows[1:]  # a header
    if not rows:
        raise UploadError("the file has a header but no points")
    if len(rows) > max_rows:
        raise UploadError(f"the file has {len(rows)} rows; the playground takes at most {max_rows}")

    X = np.empty((len(rows), 2))
    labels = []
    for k, (i, cells) in enumerate(rows):
        if len(cells) != 3:
            raise UploadError(f"line {i} has {len(cells)} columns; expected 3: x1, x2, label")
        for j, cell in enumerate(cells[:2]):
            column = f"x{j + 1}"  # by position: the file's own names are the visitor's text
            value = _number(cell)
            if value is None:
                raise _not_a_number(i, column, cell)
            if not math.isfinite(value):
                raise UploadError(f"line {i}: {column} must be finite, got {{}}", cell)
            if abs(value) > MAX_COORDINATE:
                raise UploadError(
                    f"line {i}: {column} is {{}}; coordinates must lie between −1e15 and 1e15 "
                    "(rescale the file's units)",
                    cell,
                )
            X[k, j] = value
        if not cells[2]:
            raise UploadError(f"line {i} has no label")
        if len(cells[2]) > MAX_NAME:
            raise UploadError(f"line {i}: the label is {len(cells[2])} characters long; at most {MAX_NAME}")
        labels.append(cells[2])

    as_numbers = [_number(v) for v in labels]
    keys = as_numbers if all(v is not None and math.isfinite(v) for v in as_numbers) else labels
    classes = sorted(set(keys))
    if len(classes) != 2:
        shown = ", ".join("{}" for _ in classes[:5])
        raise UploadError(
            f"the labels must take exactly two values; found {len(classes)}: {shown}",
            *(str(c) for c in classes[:5]),
        )
    y = (np.asarray(keys, dtype=object) == classes[1]).astype(np.int64)
    if min(np.bincount(y, minlength=2)) < 2:
        raise UploadError("each class needs at least 2 points (one to train on, one to test)")
    names = tuple(f"{c:g}" if isinstance(c, float) else str(c) for c in classes)
    return Points(X, y, names, axis_names)
