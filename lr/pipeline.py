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
        **_classes_to_json(model.classes_),
        # two classes: w (d,) and b, as ever; K classes: one row of W (K, d) and one b per class
        "coef": _floats(model.coef_[0]) if len(model.coef_) == 1 else [_floats(w) for w in model.coef_],
        "intercept": float(model.intercept_[0]) if len(model.intercept_) == 1 else _floats(model.intercept_),
    }


def _model_from_dict(data: dict) -> LogisticRegression:
    intercept = data["intercept"]
    b = float(intercept) if not isinstance(intercept, list) else np.array(intercept, dtype=float)
    return LogisticRegression.from_weights(
        np.array(data["coef"], dtype=float), b, _classes_from_json(data), **data["params"]
    )


# Class labels keep their kind: a model fitted on the integers 0/1 predicts 0/1 after loading, not the
# strings '0'/'1' (which score 0.0 against the integers). JSON writes each label as its own kind
# (number, true/false, string) and "classes_dtype" names the NumPy dtype to rebuild them with.
_LABEL_KINDS = "biufU"  # booleans, integers, floats, strings; "object" holds Python str/int/float/bool


def _classes_to_json(classes: np.ndarray) -> dict:
    """{"classes": the labels as JSON values of their own kind, "classes_dtype": their NumPy dtype}."""
    classes = np.asarray(classes)
    if classes.dtype.kind == "O":
        values = [v.item() if isinstance(v, np.generic) else v for v in classes]
        if not all(isinstance(v, (str, int, float)) for v in values):
            kinds = sorted({type(v).__name__ for v in values})
            raise TypeError(
                f"cannot save class labels of types {kinds}; lr saves numbers, booleans and strings"
            )
        return {"classes": values, "classes_dtype": "object"}
    if classes.dtype.kind not in _LABEL_KINDS:
        raise TypeError(
            f"cannot save class labels of dtype {classes.dtype}; lr saves numbers, booleans and strings"
        )
    return {"classes": classes.tolist(), "classes_dtype": classes.dtype.str}


def _classes_from_json(data: dict) -> np.ndarray:
    """The labels `_classes_to_json` wrote, of the same kind; files without "classes_dtype" (written
    before it existed) keep the kind their JSON values have, as they always did."""
    values = data["classes"]
    if "classes_dtype" not in data:
        return np.asarray(values)
    name = data["classes_dtype"]
    if not isinstance(values, list) or not all(isinstance(v, (str, int, float)) for v in values):
        raise ValueError(f"the saved classes must be a list of numbers, booleans or strings, got {values!r}")
    if name == "object":
        return np.array(values, dtype=object)
    try:
        dtype = np.dtype(name)
    except TypeError:
        dtype = None
    if dtype is None or dtype.kind not in _LABEL_KINDS:
        raise ValueError(f"classes_dtype {name!r} is not a dtype of numbers, booleans or strings")
    try:  # strings: as wide as the longest label, whatever width the file claims (it sets the memory)
        classes = np.array(values, dtype=np.str_ if dtype.kind == "U" else dtype)
    except (OverflowError, ValueError, TypeError):
        classes = None
    # the labels must be exactly what the dtype holds: 1.5 is no int64, 300 no uint8, 1 no string
    if (
        classes is None
        or classes.tolist() != values
        or [type(v) for v in classes.tolist()] != [type(v) for v in values]
    ):
        raise ValueError(f"the saved classes {values!r} are not all of classes_dtype {name!r}")
    return classes
