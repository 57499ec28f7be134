"""The recorded run, packed for the browser-side player.

The player draws every epoch itself, so it receives the whole run at once: the points, the
feature map (exponents, training mean and scale) and the weights of every epoch. It then needs
only matrix-vector products per frame. Weights travel as base64 float32: 5000 epochs × 28
features is 750 KB that way, against about 3 MB as JSON numbers.
"""

import base64
import hashlib
import json

import numpy as np

from . import palette
from .experiment import Experiment
from .settings import Settings

_MARGIN = 0.08  # fraction of the data's range added around it, so no point sits on the frame


def _b64_float32(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode("ascii")


def _floats(a: np.ndarray | None, digits: int = 6) -> list[float | None] | None:
    """An array as a JSON list of rounded floats; a non-finite value becomes null, never NaN."""
    if a is None:
        return None
    a = np.round(np.asarray(a, dtype=float), digits)
    return [float(v) if np.isfinite(v) else None for v in a]


def plot_bounds(X: np.ndarray) -> list[float]:
    """[x1_min, x1_max, x2_min, x2_max] around the points, with a margin."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = _MARGIN * np.maximum(hi - lo, 1e-9)
    return [float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1])]


def run_id(settings: Settings) -> str:
    """A short fingerprint of the run: settings determine it (an upload carries its own hash)."""
    key = json.dumps(settings.as_dict(), sort_keys=True)
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def build_payload(exp: Experiment, *, discretize: bool = False, log_scale: bool = False) -> dict:
    """The player's `data`: JSON-safe, free of NaN (a diverged run keeps only finite epochs)."""
    h = exp.trainer.history
    X = np.vstack([exp.X_train, exp.X_test])
    y = np.concatenate([exp.y_train, exp.y_test]).astype(int)
    d = h.w.shape[1]
    mean = exp.scaler.mean_ if exp.scaler is not None else np.zeros(d)
    scale = exp.scaler.scale_ if exp.scaler is not None else np.ones(d)
    has_test = h.test_loss is not None
    return {
        "run_id": run_id(exp.settings),
        "n_epochs": int(h.n_epochs),
        "start_epoch": int(h.n_epochs),
        "points": {
            "x1": _floats(X[:, 0]),
            "x2": _floats(X[:, 1]),
            "y": y.tolist(),
            "test": [False] * len(exp.y_train) + [True] * len(exp.y_test),
        },
        "bounds": plot_bounds(X),
        "class_names": list(exp.class_names),
        "axis_names": list(exp.axis_names),
        "features": {
            "names": exp.poly.get_feature_names_out(),
            "powers": exp.poly.powers_.tolist(),
            "mean": _floats(mean, 12),
            "scale": _floats(scale, 12),
        },
        "weights": _b64_float32(h.w),
        "bias": _b64_float32(h.b),
        "train_loss": _floats(h.train_loss),
        "test_loss": _floats(h.test_loss) if has_test else None,
        "train_acc": _floats(h.train_acc),
        "test_acc": _floats(h.test_acc) if has_test else None,
        "grad_norm": _floats(h.grad_norm, 9),
        "status": "max_epochs" if exp.trainer.status == "running" else exp.trainer.status,
        "message": exp.trainer.message,
        "suggested_learning_rate": exp.trainer.suggested_learning_rate,
        "discretize": bool(discretize),
        "log_scale": bool(log_scale),
        "theme": None,
        "palette": palette.as_dict(),
    }
