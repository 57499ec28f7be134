"""lr.Pipeline: feature maps then a model; saved to JSON and loaded back with identical predictions."""

import json

import numpy as np
import pytest

import lr


@pytest.fixture(scope="module")
def fitted():
    X, y = lr.make_dataset("moons", 300, noise=0.2, random_state=0)
    labels = np.where(y == 1, "yes", "no")
    steps = [lr.PolynomialFeatures(3), lr.StandardScaler()]
    model = lr.Pipeline(steps, lr.LogisticRegression(optimizer="newton", alpha=1e-3)).fit(X, labels)
    return model, X, labels


def test_the_pipeline_is_the_steps_then_the_model(fitted) -> None:
    model, X, labels = fitted
    F = lr.StandardScaler().fit_transform(lr.PolynomialFeatures(3).fit_transform(X))
    direct = lr.LogisticRegression(optimizer="newton", alpha=1e-3).fit(F, labels)
    np.testing.assert_allclose(model.predict_proba(X), direct.predict_proba(F), rtol=0, atol=1e-15)
    assert model.score(X, labels) > 0.9 and set(model.predict(X)) == {"no", "yes"}


def test_json_round_trip_predicts_bit_for_bit(fitted, tmp_path) -> None:
    model, X, _ = fitted
    path = tmp_path / "model.json"
    model.save(path, note="made in a test")
    loaded = lr.Pipeline.load(path)
    assert np.array_equal(loaded.predict_proba(X), model.predict_proba(X))
    assert np.array_equal(loaded.predict(X), model.predict(X))
    assert loaded.model.get_params() == model.model.get_params()
    assert json.loads(path.read_text())["note"] == "made in a test"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a saved lr.Pipeline"),
        (lambda d: d.update(version=99), "format version 99"),
        (lambda d: d.pop("model"), "incomplete or malformed"),
        (lambda d: d["steps"][1].update(scale=[0.0] * 9), "every scale > 0"),
        (lambda d: d["model"].update(classes=["a", "a"]), "two distinct labels"),
        (lambda d: d["model"].update(coef=[float("nan")] * 9), "w contains NaN"),
    ],
)
def test_a_damaged_file_is_named(fitted, change, message) -> None:
    data = fitted[0].to_dict()
    change(data)
    with pytest.raises(ValueError, match=message):
        lr.Pipeline.from_dict(data)


def test_an_unfitted_pipeline_cannot_be_saved() -> None:
    with pytest.raises(ValueError, match="fit the pipeline before saving"):
        lr.Pipeline([lr.PolynomialFeatures(2)], lr.LogisticRegression()).to_json()


# Labels keep their kind through a file: a model fitted on the integers 0/1 must predict 0/1 after
# loading, not the strings '0'/'1' (which score 0.0 against the integers the model was fitted on).
LABEL_KINDS = {
    "python ints": [0, 1],
    "numpy int64": np.array([0, 1], dtype=np.int64),
    "numpy uint8": np.array([3, 7], dtype=np.uint8),
    "negative ints": [-1, 1],
    "floats 0.0/1.0": [0.0, 1.0],
    "floats 2.5/7.0": [2.5, 7.0],
    "numpy float32": np.array([0.25, 1.5], dtype=np.float32),
    "bools": [False, True],
    "strings": ["no", "yes"],
    "the string '1'": ["0", "1"],
    "unicode": ["chat é", "狗 🐕"],
    "quotes": ['say "hi"', "it's \\ here"],
    "object strings": np.array(["cat", "dog"], dtype=object),
}


@pytest.mark.parametrize("pair", LABEL_KINDS.values(), ids=LABEL_KINDS.keys())
def test_labels_of_every_kind_survive_save_and_load(pair, tmp_path) -> None:
    X, y01 = lr.make_dataset("moons", 200, noise=0.2, random_state=1)
    labels = np.asarray(pair)[y01]
    model = lr.Pipeline([lr.PolynomialFeatures(2)], lr.LogisticRegression(optimizer="newton")).fit(X, labels)
    model.save(tmp_path / "model.json")
    loaded = lr.Pipeline.load(tmp_path / "model.json")
    before, after = model.predict(X), loaded.predict(X)
    assert after.dtype == before.dtype and after.tolist() == before.tolist()
    assert [type(v) for v in after.tolist()] == [type(v) for v in before.tolist()]
    assert loaded.score(X, labels) == model.score(X, labels) > 0.8


def test_the_file_names_the_labels_kind(fitted) -> None:
    X, y01 = lr.make_dataset("linear", 50, random_state=0)
    text = lr.Pipeline([], lr.LogisticRegression()).fit(X, y01).to_json()
    model = json.loads(text)["model"]
    assert model["classes"] == [0, 1] and all(type(c) is int for c in model["classes"])
    assert model["classes_dtype"] == np.dtype(np.int64).str
    assert json.loads(fitted[0].to_json())["model"]["classes_dtype"] == "<U3"


OLD_FILE = """{"format": "lr.Pipeline", "version": 1,
 "steps": [{"type": "PolynomialFeatures", "degree": 1, "n_features_in": 2}],
 "model": {"params": {"penalty": "l2", "alpha": 0.0, "optimizer": "newton"},
           "classes": %s, "coef": [1.0, -2.0], "intercept": 0.5}}"""


@pytest.mark.parametrize(("classes", "expected"), [('["0", "1"]', ["0", "1"]), ("[-1, 1]", [-1, 1])])
def test_a_file_written_before_the_kind_was_recorded_still_loads(classes, expected) -> None:
    model = lr.Pipeline.from_json(OLD_FILE % classes)
    X = np.array([[0.0, 1.0], [3.0, 0.0]])  # z = -1.5, 3.5
    assert model.predict(X).tolist() == [expected[0], expected[1]]
    assert model.score(X, np.array(expected)) == 1.0


@pytest.mark.parametrize(
    ("classes", "dtype"),
    [
        ([0, 1.5], "<i8"),  # 1.5 is no integer
        ([0, 300], "|u1"),  # 300 does not fit a byte
        ([0, 1], "<U1"),  # numbers are not strings
        ([0.0, 1.0], "|V1000000000"),  # not a label dtype (and a gigabyte if it were allocated)
        ([0, 1], "not a dtype"),
        ([[0], [1]], "object"),
    ],
)
def test_a_damaged_classes_dtype_is_named(fitted, classes, dtype) -> None:
    data = fitted[0].to_dict()
    data["model"].update(classes=classes, classes_dtype=dtype)
    with pytest.raises(ValueError, match="classes"):
        lr.Pipeline.from_dict(data)
