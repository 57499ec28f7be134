"""A visitor's drawn points: the points clicked on the boundary chart, and their compact code for a link.

A drawing lives on a grid over a fixed frame (the chart's axes when drawing began), so that its
points stay where they were clicked and its code is exact: each coordinate is one of `LEVELS` steps
across the frame (4096 steps: a tenth of a pixel on a 500-pixel chart).

A drawing has up to `MAX_CLASSES` classes, 0 to K − 1, each drawn in its palette colour (class 2
is green on the picker, on the chart and in the trained run). The code (`encode`/`decode`),
base64url without padding, of these bytes:

    1 byte       format version: 1 when every class is 0 or 1, else 2
    16 bytes     the frame x1_lo, x1_hi, x2_lo, x2_hi as little-endian float32
    2 bytes      n, the number of points, little-endian
    3n bytes     each point's two 12-bit grid steps: x1 in bits 0-11, x2 in bits 12-23
    version 1:   ⌈n/8⌉ bytes, the classes, one bit per point, first point in the lowest bit
    version 2:   ⌈3n/8⌉ bytes, the classes, 3 bits per point (0 to 5), point i in bits 3i to 3i + 2
                 (lowest bit first), the bits after the last point 0

Two-class drawings keep version 1, so their links and fingerprints are the ones written before
drawings had more classes. A link carries at most `LINK_POINTS` points (about 860 characters with two
classes, 926 with more); a larger drawing stays in the visitor's session. `decode` accepts only what
`encode` writes and says in words what is wrong.
"""

import base64
import binascii
import hashlib
import math
import re
from dataclasses import dataclass

import numpy as np

from .palette import CLASS_COLOR_NAMES
from .points import Points
from .upload import MAX_COORDINATE, MAX_UPLOAD_ROWS

VERSION = 2  # the newest format (a two-class drawing is still written as version 1)
MAX_CLASSES = len(CLASS_COLOR_NAMES)  # 6: classes 0 to 5, 3 bits each in a version 2 code
LEVELS = 4096  # grid steps per axis: 12 bits
LINK_POINTS = 200  # a link carries drawings up to this size
MAX_POINTS = MAX_UPLOAD_ROWS  # a drawing in the session: as many points as a file may have
_HEADER = 1 + 16 + 2
_CLASS_BITS = {1: 1, 2: 3}  # bits a point's class takes, per version
MAX_CODE = -(-4 * (_HEADER + 3 * LINK_POINTS + -(-3 * LINK_POINTS // 8)) // 3)  # 926 characters
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")
CLASS_WORDS = tuple(f"class {k} ({c})" for k, c in enumerate(CLASS_COLOR_NAMES))  # palette.CLASS_COLORS


def _class_bytes(n: int, version: int) -> int:
    return -(-_CLASS_BITS[version] * n // 8)


class DrawingError(ValueError):
    """Why a drawing's code or a drawing sent by the browser cannot be used, in words that do not
    repeat the visitor's text (the caller shows that itself, as plain text)."""


def make_frame(bounds: tuple[float, float, float, float] | list[float]) -> tuple[float, float, float, float]:
    """A frame the code stores exactly (float32 values) around bounds [x1_lo, x1_hi, x2_lo, x2_hi]."""
    values = [float(v) for v in bounds]
    if len(values) != 4 or not all(math.isfinite(v) and abs(v) <= MAX_COORDINATE for v in values):
        raise DrawingError(f"the frame must be four finite numbers between ±{MAX_COORDINATE:g}")
    frame = []
    for lo, hi in (values[:2], values[2:]):
        lo32, hi32 = np.float32(lo), np.float32(hi)
        if not hi32 > lo32:
            raise DrawingError("the frame must be wider than zero on both axes")
        frame += [float(lo32), float(hi32)]
    return tuple(frame)


@dataclass(frozen=True, eq=False)
class Drawing:
    """Points on a LEVELS x LEVELS grid over `frame` (x1_lo, x1_hi, x2_lo, x2_hi); y in 0 .. 5."""

    frame: tuple[float, float, float, float]
    cells: np.ndarray  # (n, 2) grid steps, 0 .. LEVELS - 1
    y: np.ndarray  # (n,) the class of each point, 0 .. MAX_CLASSES - 1

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def X(self) -> np.ndarray:
        """The points' coordinates: each grid step mapped into the frame."""
        lo = np.array(self.frame[0::2])
        hi = np.array(self.frame[1::2])
        return lo + self.cells * ((hi - lo) / (LEVELS - 1))

    @property
    def n_classes(self) -> int:
        """K: the classes 0 .. K − 1 up to the highest one drawn (at least 2, the two of an empty
        drawing): a class below the highest with no point is one of them, still to be drawn."""
        return max(2, int(self.y.max()) + 1) if self.n else 2

    def counts(self) -> tuple[int, ...]:
        """Points of each class 0 .. K − 1 (two numbers for a two-class drawing, as ever)."""
        return tuple(np.bincount(self.y, minlength=self.n_classes).tolist())

    def missing(self) -> str | None:
        """What the drawing lacks before it can train (each class 0 .. K − 1 needs 2 points), or None.
        A class left empty between drawn ones is named too (class 1 when 0 and 2 are drawn): classes
        stay numbered as drawn, so that each keeps its colour from the picker to the trained run."""
        counts = self.counts()
        short = [(k, c) for k, c in enumerate(counts) if c < 2]
        if not short:
            return None
        has = " and ".join(f"{CLASS_WORDS[k]} has {c}" for k, c in short)
        return f"Add at least 2 points of each class to train a model: {has}"

    def points(self) -> Points:
        """The drawing as the points an experiment takes: labels y as drawn, K = `n_classes` classes
        named "0" .. "K − 1". The labels are not renumbered: a drawing of classes 0 and 2 has K = 3
        with class 1 empty, which `missing` names and the experiment refuses, rather than training
        class 2 under class 1's number and colour."""
        K = self.n_classes
        return Points(self.X, self.y.astype(np.int64), tuple(map(str, range(K))), classes=tuple(range(K)))

    def fingerprint(self) -> str:
        """Hex digits naming the drawing (Settings.upload): the same points give the same run."""
        return hashlib.sha256(_pack(self)).hexdigest()[:16]

    def in_link(self) -> bool:
        """Whether a link can carry it."""
        return self.n <= LINK_POINTS


def from_points(X: np.ndarray, y: np.ndarray, frame: tuple[float, float, float, float]) -> Drawing:
    """Points snapped to the frame's grid (a point outside the frame lands on its edge)."""
    X = np.asarray(X, dtype=float).reshape(-1, 2)
    y = np.asarray(y).reshape(-1)
    if len(X) != len(y):
        raise DrawingError(f"{len(X)} points but {len(y)} classes")
    if len(y) > MAX_POINTS:
        raise DrawingError(f"a drawing has at most {MAX_POINTS} points, got {len(y)}")
    if not np.isfinite(X).all():
        raise DrawingError("every coordinate must be a finite number")
    if not np.isin(y, range(MAX_CLASSES)).all():
        raise DrawingError(_CLASS_RANGE)
    lo = np.array(frame[0::2])
    hi = np.array(frame[1::2])
    steps = np.rint((X - lo) / (hi - lo) * (LEVELS - 1))
    cells = np.clip(steps, 0, LEVELS - 1).astype(np.uint16)
    return Drawing(tuple(frame), cells, y.astype(np.uint8))


def empty(frame: tuple[float, float, float, float]) -> Drawing:
    return Drawing(tuple(frame), np.zeros((0, 2), np.uint16), np.zeros(0, np.uint8))


def from_report(report: object) -> Drawing:
    """The drawing the browser sent: {"frame": [4 numbers], "x1": [...], "x2": [...], "y": [...]}."""
    if not isinstance(report, dict):
        raise DrawingError("a drawing must be an object with frame, x1, x2 and y")
    frame = make_frame(_numbers(report.get("frame"), "frame", 4))
    y = report.get("y")
    n = len(y) if isinstance(y, list) else -1
    if n < 0:
        raise DrawingError("y must be a list of classes")
    if n > MAX_POINTS:
        raise DrawingError(f"a drawing has at most {MAX_POINTS} points, got {n}")
    x1 = _numbers(report.get("x1"), "x1", n)
    x2 = _numbers(report.get("x2"), "x2", n)
    if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < MAX_CLASSES for v in y):
        raise DrawingError(_CLASS_RANGE)
    X = np.column_stack([x1, x2]) if n else np.zeros((0, 2))
    return from_points(X, np.array(y, dtype=np.int64), frame)


_CLASS_RANGE = f"every class must be a whole number from 0 to {MAX_CLASSES - 1}"


def _numbers(values: object, name: str, n: int) -> list[float]:
    if not isinstance(values, list) or len(values) != n:
        raise DrawingError(f"{name} must be a list of {n} numbers")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in values):
        raise DrawingError(f"{name} must hold finite numbers only")
    return [float(v) for v in values]


def _version(drawing: Drawing) -> int:
    return 1 if drawing.n_classes == 2 else 2


def _pack(drawing: Drawing) -> bytes:
    n = drawing.n
    version = _version(drawing)
    head = bytes([version]) + np.asarray(drawing.frame, dtype="<f4").tobytes() + n.to_bytes(2, "little")
    x = drawing.cells[:, 0].astype(np.uint32)
    y = drawing.cells[:, 1].astype(np.uint32)
    packed = x | (y << 12)  # 24 bits a point
    body = np.column_stack([packed & 0xFF, (packed >> 8) & 0xFF, packed >> 16]).astype(np.uint8)
    if version == 1:
        bits = drawing.y.astype(np.uint8)
    else:  # point i's class in bits 3i, 3i + 1, 3i + 2, lowest first
        bits = ((drawing.y.astype(np.uint8)[:, None] >> np.arange(3, dtype=np.uint8)) & 1).reshape(-1)
    classes = np.packbits(bits, bitorder="little")
    return head + body.tobytes() + classes.tobytes()


def encode(drawing: Drawing) -> str:
    """The drawing's code for a link (base64url, no padding); DrawingError if it is too large."""
    if not drawing.in_link():
        raise DrawingError(f"a link carries at most {LINK_POINTS} points; the drawing has {drawing.n}")
    return base64.urlsafe_b64encode(_pack(drawing)).rstrip(b"=").decode("ascii")


def decode(text: str) -> Drawing:
    """The drawing a link's code describes; DrawingError says why a code is refused."""
    if not isinstance(text, str):
        raise DrawingError("is not text")
    if len(text) > MAX_CODE:
        raise DrawingError(
            f"is longer than {MAX_CODE} characters (a link carries {LINK_POINTS} points at most)"
        )
    if not _BASE64URL.match(text) or len(text) % 4 == 1:
        raise DrawingError("is not a drawing's code (letters, digits, - and _ only)")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise DrawingError("is not a drawing's code") from None
    if len(data) < _HEADER:
        raise DrawingError("is not a drawing's code")
    version = data[0]
    if version not in _CLASS_BITS:
        raise DrawingError(f"is not a drawing's code (format {version}; this app reads formats 1 and 2)")
    frame = np.frombuffer(data[1:17], dtype="<f4").astype(float)
    if not (np.isfinite(frame).all() and np.abs(frame).max() <= MAX_COORDINATE):
        raise DrawingError("has a frame that is not finite")
    if not (frame[1] > frame[0] and frame[3] > frame[2]):
        raise DrawingError("has an empty frame")
    n = int.from_bytes(data[17:19], "little")
    if n > LINK_POINTS:
        raise DrawingError(f"has {n} points; a link carries at most {LINK_POINTS}")
    if len(data) != _HEADER + 3 * n + _class_bytes(n, version):
        raise DrawingError("is cut short or has bytes to spare")
    body = np.frombuffer(data[_HEADER : _HEADER + 3 * n], dtype=np.uint8).reshape(n, 3).astype(np.uint32)
    packed = body[:, 0] | (body[:, 1] << 8) | (body[:, 2] << 16)
    cells = np.column_stack([packed & 0xFFF, packed >> 12]).astype(np.uint16)
    bits = np.unpackbits(np.frombuffer(data[_HEADER + 3 * n :], dtype=np.uint8), bitorder="little")
    per = _CLASS_BITS[version]
    if bits[per * n :].any():
        raise DrawingError("is not a drawing's code (stray class bits)")
    y = (bits[: per * n].reshape(n, per) << np.arange(per, dtype=np.uint8)).sum(axis=1).astype(np.uint8)
    if version == 2:
        if (y >= MAX_CLASSES).any():
            raise DrawingError(
                f"has a point of class {int(y.max())}; a drawing has classes 0 to {MAX_CLASSES - 1}"
            )
        if not n or y.max() < 2:  # encode writes a two-class drawing as version 1: one drawing, one code
            raise DrawingError("is not a drawing's code (two classes in format 2)")
    return Drawing(tuple(float(v) for v in frame), cells, y)
