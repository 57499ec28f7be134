"""The recorded run, packed for the browser-side player.

The player draws every epoch itself, so it receives the whole run at once: the points, the
feature map (exponents, training mean and scale) and the weights of every epoch. It then needs
only matrix-vector products per frame. Weights travel as base64 float32, a quarter of their size as
JSON numbers (benchmarks/README.md, Figures in the code). A run float32 cannot draw faithfully
(weights beyond its range, which the browser would read as infinite, or so small they lose their
digits, or rounding that could move a logit on the chart) travels as float64: `weights_dtype` says
which.
"""

import base64
import hashlib
import json
from dataclasses import dataclass

import numpy as np

from lr.stopping import RUNNING

from . import pacing, palette
from .drawing import Drawing
from .experiment import Experiment
from .settings import Settings

_MARGIN = 0.08  # fraction of the data's range added around it, so no point sits on the frame
_F32 = np.finfo(np.float32)
LOGIT_TOLERANCE = 1e-3  # float32 is faithful when its rounding moves no logit on the chart by more


def _b64(a: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")


def feature_reach(powers: np.ndarray, mean: np.ndarray, scale: np.ndarray, bounds: list[float]) -> np.ndarray:
    """The largest |φ_k| anywhere on the chart: |x1^a·x2^b| is largest at a corner of the frame, so
    |φ_k| = |x1^a·x2^b − mean_k| / scale_k ≤ (max|x1|^a·max|x2|^b + |mean_k|) / scale_k."""
    m1 = max(abs(bounds[0]), abs(bounds[1]))
    m2 = max(abs(bounds[2]), abs(bounds[3]))
    with np.errstate(over="ignore"):
        raw = np.power(m1, powers[:, 0], dtype=float) * np.power(m2, powers[:, 1], dtype=float)
        return (raw + np.abs(mean)) / np.abs(scale)


def weights_dtype(w: np.ndarray, b: np.ndarray, reach: np.ndarray) -> str:
    """ "float32", or "float64" when float32 would misdraw the run: a weight beyond float32's range (it
    arrives as ±inf), one below its smallest normal number (it loses digits or becomes 0), or rounding
    (at most 2^-24 of each weight) that could move a logit z = φ·w + b on the chart by more than
    LOGIT_TOLERANCE. reach: feature_reach() of the run's features. For K classes w is (E + 1, K, d)
    and b (E + 1, K): each class's score function is held to the same rule."""
    d = w.shape[-1]
    a = np.abs(np.column_stack([np.reshape(w, (-1, d)), np.reshape(b, -1)]))
    if (a > _F32.max).any() or ((a > 0) & (a < _F32.tiny)).any():
        return "float64"
    with np.errstate(over="ignore", invalid="ignore"):
        moved = (a[:, :-1] @ reach + a[:, -1]) * 2.0**-24
    return "float32" if (moved <= LOGIT_TOLERANCE).all() else "float64"


def _floats(a: np.ndarray | None, digits: int = 6) -> list[float | None] | None:
    """An array as a JSON list of rounded floats; a non-finite value becomes null, never NaN."""
    if a is None:
        return None
    a = np.round(np.asarray(a, dtype=float), digits)
    out = a.tolist()  # one C pass: a loop over NumPy scalars took 10 ms at 5000 points and 2000 epochs
    for i in np.flatnonzero(~np.isfinite(a)).tolist():
        out[i] = None
    return out


def plot_bounds(X: np.ndarray) -> list[float]:
    """[x1_min, x1_max, x2_min, x2_max] around the points, with a margin."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = _MARGIN * np.maximum(hi - lo, 1e-9)
    return [float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1])]


def run_id(settings: Settings) -> str:
    """A short fingerprint of the run: settings determine it (an upload carries its own hash)."""
    key = json.dumps(settings.as_dict(), sort_keys=True)
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def build_payload(
    exp: Experiment,
    *,
    discretize: bool = False,
    log_scale: bool = False,
    drawing: Drawing | None = None,
) -> dict:
    """The player's `data`: JSON-safe, free of NaN (a diverged run keeps only finite epochs).

    drawing: the visitor's drawing when it is the run's data: the chart keeps the drawing's frame, so
    the axes stay put while points are added."""
    h = exp.trainer.history
    X = np.vstack([exp.X_train, exp.X_test])
    y = np.concatenate([exp.y_train, exp.y_test]).astype(int)
    d = h.w.shape[-1]
    mean = exp.scaler.mean_ if exp.scaler is not None else np.zeros(d)
    scale = exp.scaler.scale_ if exp.scaler is not None else np.ones(d)
    has_test = h.test_loss is not None
    bounds = list(drawing.frame) if drawing is not None else plot_bounds(X)
    powers = np.asarray(exp.poly.powers_)
    dtype = weights_dtype(h.w, h.b, feature_reach(powers, mean, scale, bounds))
    return {
        "run_id": run_id(exp.settings),
        "n_epochs": int(h.n_epochs),
        "start_epoch": int(h.n_epochs),
        # K: with 2, `weights` is w per epoch (E + 1, d) and `bias` b (E + 1,), one score function
        # z = w·φ + b; with K ≥ 3, W per epoch (E + 1, K, d) and b (E + 1, K), row-major, one z_k per class
        "n_classes": exp.n_classes,
        "points": {
            "x1": _floats(X[:, 0]),
            "x2": _floats(X[:, 1]),
            "y": y.tolist(),
            "test": [False] * len(exp.y_train) + [True] * len(exp.y_test),
        },
        "bounds": bounds,
        "class_names": list(exp.class_names),
        "axis_names": list(exp.axis_names),
        "features": {
            "names": exp.poly.get_feature_names_out(),
            "powers": powers.tolist(),
            "mean": _floats(mean, 12),
            "scale": _floats(scale, 12),
        },
        "weights_dtype": dtype,
        "weights": _b64(h.w, "<f4" if dtype == "float32" else "<f8"),
        "bias": _b64(h.b, "<f4" if dtype == "float32" else "<f8"),
        # when epoch e is reached at 1× playback speed, in ms (playground/pacing.py)
        "timeline": np.rint(pacing.timeline(h.w, h.b) * 1000).astype(int).tolist(),
        "train_loss": _floats(h.train_loss),
        "test_loss": _floats(h.test_loss) if has_test else None,
        "train_acc": _floats(h.train_acc),
        "test_acc": _floats(h.test_acc) if has_test else None,
        "grad_norm": _floats(h.grad_norm, 9),
        "status": "max_epochs" if exp.trainer.status == RUNNING else exp.trainer.status,
        "message": exp.trainer.message,
        "suggested_learning_rate": exp.trainer.suggested_learning_rate,
        "discretize": bool(discretize),
        "log_scale": bool(log_scale),
        "autoplay": False,  # the page sets it for the landing run: the player plays it once
        "present": False,  # presentation mode: larger type for a shared screen
        "drawing": None,  # the page's drawing state, see drawing_state()
        "theme": None,
        "palette": palette.as_dict(),
    }


@dataclass(frozen=True)
class Packed:
    """A payload as the page hands it on: its JSON text, encoded once per run, and the few fields
    the page itself reads. Streamlit encodes the player's data twice a rerun (to send it, and sorted,
    for the element's identity) and st.cache_data copies a cached value out by unpickling it: for a
    run's lists of floats both cost tens of ms at thousands of points, for one string a copy."""

    json: str
    run_id: str
    n_epochs: int
    status: str
    message: str
    n_points: int
    n_classes: int = 2


def pack(payload: dict) -> Packed:
    """The payload's JSON (NaN-free, as build_payload makes it) and its page-facing fields."""
    return Packed(
        json=json.dumps(payload, separators=(",", ":")),
        run_id=payload["run_id"],
        n_epochs=payload["n_epochs"],
        status=payload["status"],
        message=payload["message"],
        n_points=len(payload["points"]["y"]),
        n_classes=payload.get("n_classes", 2),  # a drawing's canvas has no run: two classes' caps
    )


def canvas_payload(drawing: Drawing, message: str, settings: Settings) -> dict:
    """The player's `data` for a drawing that cannot train yet: its points on its frame, no run (zero
    epochs, the weights all 0), and `message`, the sentence saying what is missing."""
    n = drawing.n
    X = drawing.X
    k = max(2, int(drawing.y.max()) + 1 if n else 2)  # the classes drawn so far keep their colours
    return {
        "run_id": "canvas-" + drawing.fingerprint() + "-" + run_id(settings)[:6],
        "n_epochs": 0,
        "start_epoch": 0,
        "points": {
            "x1": _floats(X[:, 0]),
            "x2": _floats(X[:, 1]),
            "y": drawing.y.astype(int).tolist(),
            "test": [False] * n,
        },
        "bounds": list(drawing.frame),
        "n_classes": k,
        "class_names": [str(c) for c in range(k)],
        "axis_names": ["x1", "x2"],
        "features": {"names": ["x1", "x2"], "powers": [[1, 0], [0, 1]], "mean": [0, 0], "scale": [1, 1]},
        "weights_dtype": "float32",
        "weights": _b64(np.zeros(2), "<f4"),
        "bias": _b64(np.zeros(1), "<f4"),
        "timeline": [0],
        "train_loss": None,
        "test_loss": None,
        "train_acc": None,
        "test_acc": None,
        "grad_norm": None,
        "status": "no_run",
        "message": message,
        "suggested_learning_rate": None,
        "discretize": False,
        "log_scale": False,
        "autoplay": False,
        "present": False,
        "drawing": None,
        "theme": None,
        "palette": palette.as_dict(),
    }
