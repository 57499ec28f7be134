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
