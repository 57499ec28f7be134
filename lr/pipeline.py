"""Feature maps then a model, fitted together, saved to JSON and loaded back with identical predictions.

    model = lr.Pipeline([lr.PolynomialFeatures(3), lr.StandardScaler()], lr.LogisticRegression())
    model.fit(X, y).save("model.json")
    lr.Pipeline.load("model.json").predict_proba(X_new)  # the same numbers

JSON keeps every float exactly (Python writes the shortest decimal that reads back to the same
float64), so a loaded model predicts bit for bit what the saved one did.
"""

import json
from pathlib import Path

import numpy as np

from .features import PolynomialFeatures, StandardScaler
from .model import LogisticRegression

FORMAT = "lr.Pipeline"
VERSION = 1


class Pipeline:
    """`steps` (feature maps with fit/transform), then `model` (a LogisticRegression) on their output."""

    def __init__(self, steps: list, model: LogisticRegression) -> None:
        self.steps = steps
        self.model = model

    def __repr__(self) -> str:
        return f"Pipeline({self.steps!r}, {self.model!r})"

    def fit(self, X: object, y: object) -> "Pipeline":
        """Fit each step on the output of the previous one, then the model; returns self."""
        F = X
        for step in self.steps:
            F = step.fit(F).transform(F)
        self.model.fit(F, y)
        return self

    def transform(self, X: object) -> np.ndarray:
        """The model's inputs: X through every step."""
        F = X
        for step in self.steps:
            F = step.transform(F)
        return np.asarray(F, dtype=float)

    def decision_function(self, X: object) -> np.ndarray:
        return self.model.decision_function(self.transform(X))

    def predict_proba(self, X: object) -> np.ndarray:
        return self.model.predict_proba(self.transform(X))

    def predict(self, X: object) -> np.ndarray:
        return self.model.predict(self.transform(X))

    def score(self, X: object, y: object) -> float:
        return self.model.score(self.transform(X), y)

    # -- JSON ----------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The fitted pipeline as JSON-ready data (lists of numbers, strings)."""
        model = _model_to_dict(self.model)  # first: it says when the pipeline is not fitted
        return {
            "format": FORMAT,
            "version": VERSION,
            "steps": [_step_to_dict(step) for step in self.steps],
            "model": model,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Pipeline":
        """The pipeline `to_dict` described, fitted; ValueError names what is missing or wrong."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a saved lr.Pipeline: 'format' must be {FORMAT!r}")
        if data.get("version") != VERSION:
            raise ValueError(f"saved with format version {data.get('version')!r}; this lr reads {VERSION}")
        try:
            return cls([_step_from_dict(s) for s in data["steps"]], _model_from_dict(data["model"]))
        except (KeyError, TypeError) as e:
            raise ValueError(f"the saved pipeline is incomplete or malformed ({e!r})") from None

    def to_json(self, **extra: object) -> str:
        """JSON text; `extra` fields (e.g. the settings that made the model) are stored beside it."""
        return json.dumps({**self.to_dict(), **extra}, indent=1, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> "Pipeline":
        return cls.from_dict(json.loads(text))

    def save(self, path: str | Path, **extra: object) -> None:
        Path(path).write_text(self.to_json(**extra), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "Pipeline":
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


def _floats(a: np.ndarray) -> list[float]:
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def _step_to_dict(step: object) -> dict:
    if isinstance(step, PolynomialFeatures):
        return {
            "type": "PolynomialFeatures",
            "degree": int(step.degree),
            "n_features_in": step.n_features_in_,
        }
    if isinstance(step, StandardScaler):
        return {"type": "StandardScaler", "mean": _floats(step.mean_), "scale": _floats(step.scale_)}
    raise TypeError(
        f"cannot save a {type(step).__name__} step; lr saves PolynomialFeatures and StandardScaler"
    )


def _step_from_dict(data: dict) -> object:
    if data["type"] == "PolynomialFeatures":
        return PolynomialFeatures(int(data["degree"])).fit(np.zeros((1, int(data["n_features_in"]))))
    if data["type"] == "StandardScaler":
        scaler = StandardScaler()
        scaler.mean_ = np.array(data["mean"], dtype=float)
        scaler.scale_ = np.array(data["scale"], dtype=float)
        if scaler.mean_.shape != scaler.scale_.shape or not np.all(scaler.scale_ > 0):
            raise ValueError("a saved StandardScaler needs as many means as scales, every scale > 0")
        scaler.n_features_in_ = scaler.mean_.size
        return scaler
    raise ValueError(f"unknown step type {data['type']!r}")


def _model_to_dict(model: LogisticRegression) -> dict:
    if not hasattr(model, "coef_"):
        raise ValueError("fit the pipeline before saving it")
    return {
        "params": model.get_params(),
        "classes": np.asarray(model.classes_).tolist(),
        # two classes: w (d,) and b, as ever; K classes: one row of W (K, d) and one b per class
        "coef": _floats(model.coef_[0]) if len(model.coef_) == 1 else [_floats(w) for w in model.coef_],
        "intercept": float(model.intercept_[0]) if len(model.intercept_) == 1 else _floats(model.intercept_),
    }


def _model_from_dict(data: dict) -> LogisticRegression:
    intercept = data["intercept"]
    b = float(intercept) if not isinstance(intercept, list) else np.array(intercept, dtype=float)
    return LogisticRegression.from_weights(
        np.array(data["coef"], dtype=float), b, data["classes"], **data["params"]
    )
