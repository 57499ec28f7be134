"""Settings, bounds and the recorded run handed to the browser player."""

import base64
import json
from dataclasses import replace

import numpy as np
import pytest

from playground.experiment import run_experiment
from playground.payload import build_payload
from playground.points import Points
from playground.reports import report
from playground.settings import (
    LIMITS,
    MAX_NEWTON_EPOCHS,
    MAX_STEPS,
    MAX_WORK,
    Settings,
    check_setting,
    classes_of,
    epoch_budget,
    max_steps,
    n_weights,
    steps_per_epoch,
)


@pytest.fixture(scope="module")
def default_run():
    return run_experiment(Settings())


def decode(b64: str, shape: tuple[int, ...], dtype: str = "float32") -> np.ndarray:
    """Weights or biases of the payload, base64 float32 or float64 (its weights_dtype)."""
    little_endian = {"float32": "<f4", "float64": "<f8"}[dtype]
    return np.frombuffer(base64.b64decode(b64), dtype=little_endian).reshape(shape)


def test_defaults_are_within_limits() -> None:
    assert Settings().validated() == Settings()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("n_samples", 10, "n_samples must be an integer from 20 to 5000, got 10"),
        ("n_samples", 2.5, "n_samples must be an integer"),
        ("learning_rate", 0.0, "learning_rate must be a number from 0.0001 to 100, got 0.0"),
        ("learning_rate", float("nan"), "got nan"),
        ("epochs", 6000, "epochs must be an integer from 1 to 5000, got 6000"),
        ("dataset", "banana", "dataset must be one of"),
        ("standardize", 1, "standardize must be true or false, got 1"),
        ("degree", True, "degree must be an integer"),
    ],
)
def test_out_of_range_settings_are_named(name: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        check_setting(name, value)
    with pytest.raises(ValueError, match=name):
        replace(Settings(), **{name: value}).validated()


def test_every_field_has_a_limit() -> None:
    assert set(LIMITS) == set(Settings().as_dict())


def test_sgd_work_is_capped() -> None:
    s = replace(Settings(), optimizer="sgd", batch_size=8, n_samples=5000, epochs=5000)
    budget = epoch_budget(s)
    assert budget * -(-3750 // 8) <= MAX_STEPS and budget < 5000
    exp = run_experiment(replace(s, n_samples=400))
    assert exp.trainer.epoch <= epoch_budget(replace(s, n_samples=400))


def test_newton_epochs_are_capped() -> None:
    assert epoch_budget(replace(Settings(), optimizer="newton", epochs=5000)) == MAX_NEWTON_EPOCHS


def test_the_caps_read_the_optimizers_capabilities(monkeypatch) -> None:
    """A new mini-batch or second-order optimizer is capped like SGD or Newton, by what it declares."""
    from lr import optimizers

    class Batched(optimizers.GD):
        name, uses_batches, default_batch_size = "batched", True, 16

    class Curved(optimizers.Newton):
        name = "curved"

    monkeypatch.setitem(optimizers.OPTIMIZERS, "batched", Batched)
    monkeypatch.setitem(optimizers.OPTIMIZERS, "curved", Curved)
    s = Settings(optimizer="batched", batch_size=8, n_samples=5000, epochs=5000)
    assert steps_per_epoch(s) == -(-3750 // 8)
    assert epoch_budget(s) * steps_per_epoch(s) <= MAX_STEPS
    assert steps_per_epoch(Settings(optimizer="momentum", batch_size=8)) == 1
    assert epoch_budget(Settings(optimizer="curved", epochs=5000)) == MAX_NEWTON_EPOCHS


@pytest.mark.parametrize("test_size", [0.0, 0.25, 0.5])
def test_the_work_cap_counts_the_scored_test_split(test_size: float) -> None:
    # Every epoch scores the test split as well as training on the rest, so a larger test split
    # must not buy more epochs: 0.5 was the worst case when only training points were counted.
    s = replace(Settings(), n_samples=5000, degree=6, epochs=5000, test_size=test_size)
    assert epoch_budget(s) * 5000 * n_weights(s) <= MAX_WORK
    assert epoch_budget(s) == epoch_budget(replace(s, test_size=0.0))


def test_a_half_test_split_run_stays_within_the_work_cap() -> None:
    s = replace(Settings(), n_samples=2000, degree=6, epochs=5000, test_size=0.5, learning_rate=0.01)
    exp = run_experiment(s)
    n_points = len(exp.y_train) + len(exp.y_test)
    assert exp.trainer.epoch == epoch_budget(s) < s.epochs  # the cap binds, and the run used it all
    assert exp.trainer.epoch * n_points * n_weights(s) <= MAX_WORK


def test_the_scaler_sees_only_the_training_split(default_run) -> None:
    F = default_run.poly.transform(default_run.X_train)
    np.testing.assert_allclose(default_run.scaler.mean_, F.mean(axis=0))


def test_payload_is_strict_json_and_matches_the_history(default_run) -> None:
    d = build_payload(default_run)
    text = json.dumps(d, allow_nan=False)  # raises on NaN or inf
    d = json.loads(text)
    h = default_run.trainer.history
    E, k = h.n_epochs, h.w.shape[1]
    np.testing.assert_allclose(decode(d["weights"], (E + 1, k)), h.w, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(decode(d["bias"], (E + 1,)), h.b, rtol=1e-6, atol=1e-6)
    assert d["train_loss"] == pytest.approx(h.train_loss.tolist(), abs=1e-6)
    assert d["n_epochs"] == E == d["start_epoch"]


def test_the_browser_feature_map_reproduces_the_model(default_run) -> None:
    """The player computes φ_k = (x1^a · x2^b − mean_k) / scale_k; it must give lr's logits."""
    d = build_payload(default_run)
    f = d["features"]
    X = np.column_stack([d["points"]["x1"], d["points"]["x2"]])
    P = np.array(f["powers"])
    phi = (X[:, :1] ** P[:, 0] * X[:, 1:] ** P[:, 1] - np.array(f["mean"])) / np.array(f["scale"])
    E = d["n_epochs"]
    W = decode(d["weights"], (E + 1, len(f["names"])))
    b = decode(d["bias"], (E + 1,))
    for e in (0, E // 2, E):
        z = phi @ W[e] + b[e]
        z_lr = default_run.logits(np.vstack([default_run.X_train, default_run.X_test]), e)
        np.testing.assert_allclose(z, z_lr, atol=1e-4)


def test_a_diverged_run_sends_only_finite_epochs() -> None:
    exp = run_experiment(replace(Settings(), standardize=False, degree=6, learning_rate=1.0))
    d = build_payload(exp)
    assert d["status"] == "diverged" and "too large" in d["message"]
    assert d["suggested_learning_rate"] == 0.1
    json.dumps(d, allow_nan=False)
    shape = (d["n_epochs"] + 1, len(d["features"]["names"]))
    assert np.isfinite(decode(d["weights"], shape, d["weights_dtype"])).all()


def test_report_scores_any_epoch(default_run) -> None:
    first, last = report(default_run, 0), report(default_run)
    assert set(last) == {"train", "test"}
    assert first["train"].log_loss == pytest.approx(np.log(2))
    assert last["train"].accuracy > first["train"].accuracy
    assert last["test"].confusion.sum() == len(default_run.y_test)
    assert 0.9 < last["test"].auc <= 1.0


def test_no_test_split() -> None:
    exp = run_experiment(replace(Settings(), test_size=0.0, epochs=20))
    d = build_payload(exp)
    assert d["test_loss"] is None and not any(d["points"]["test"])
    assert set(report(exp)) == {"train"}


def test_an_uploaded_file_runs_with_its_class_names() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 2))
    y = (X[:, 0] > 0).astype(np.int64)
    s = replace(Settings(), upload="0123abcd", degree=1, epochs=100)
    exp = run_experiment(s, Points(X, y, ("no", "yes")))
    d = build_payload(exp)
    assert d["class_names"] == ["no", "yes"] and len(d["points"]["y"]) == 60
    assert exp.trainer.history.train_acc[-1] > 0.9
    with pytest.raises(ValueError, match="no points were given"):
        run_experiment(s)
    with pytest.raises(ValueError, match="upload must be a file fingerprint"):
        replace(Settings(), upload="../etc/passwd").validated()


# ---------------------------------------------------------------- K classes (issue 18)


@pytest.fixture(scope="module")
def four_blobs():
    return run_experiment(Settings(dataset="blobs", n_classes=4, degree=1))


def test_a_shape_with_k_classes_trains_softmax_regression(four_blobs) -> None:
    exp = four_blobs
    h = exp.trainer.history
    assert exp.n_classes == 4 and exp.class_names == ("0", "1", "2", "3") and exp.classes == (0, 1, 2, 3)
    assert h.w.shape == (h.n_epochs + 1, 4, 2) and h.b.shape == (h.n_epochs + 1, 4)
    assert set(np.unique(exp.y_train)) == {0, 1, 2, 3}
    P = exp.probabilities(exp.X_test)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    # the most probable class is the largest score's, and it gets the blobs right
    assert (P.argmax(axis=1) == exp.logits(exp.X_test).argmax(axis=1)).all()
    assert (P.argmax(axis=1) == exp.y_test).mean() > 0.9
    assert h.train_acc[-1] == pytest.approx((exp.logits(exp.X_train).argmax(axis=1) == exp.y_train).mean())


def test_two_classes_keep_one_score_function(default_run) -> None:
    P = default_run.probabilities(default_run.X_test)
    z = default_run.logits(default_run.X_test)
    assert z.ndim == 1 and P.shape == (len(z), 2)
    np.testing.assert_allclose(P[:, 1], 1 / (1 + np.exp(-z)))
    # blobs with 2 classes is a binary run, whatever the Classes control held before
    assert run_experiment(Settings(dataset="blobs", n_classes=2)).trainer.history.w.ndim == 2


def test_the_classes_control_acts_only_on_shapes_that_take_k() -> None:
    assert classes_of(Settings(dataset="spiral", n_classes=5)) == 5
    assert classes_of(Settings(dataset="moons", n_classes=5)) == 2
    assert classes_of(Settings(dataset="iris3")) == 3 and classes_of(Settings(dataset="iris")) == 2
    assert run_experiment(Settings(dataset="moons", n_classes=5)).n_classes == 2
    # balance is a two-class share: K classes come in equal shares whatever it says
    a = run_experiment(Settings(dataset="blobs", n_classes=3, balance=0.1, epochs=1))
    b = run_experiment(Settings(dataset="blobs", n_classes=3, balance=0.9, epochs=1))
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert np.bincount(np.r_[a.y_train, a.y_test]).tolist() == [100, 100, 100]


def test_iris_three_species_is_a_three_class_run() -> None:
    exp = run_experiment(Settings(dataset="iris3", degree=1))
    assert exp.class_names == ("setosa", "versicolor", "virginica")
    assert exp.trainer.history.train_acc[-1] > 0.9


@pytest.mark.parametrize("k", [3, 6])
def test_the_work_cap_counts_every_class_score(k: int) -> None:
    # K score functions: an epoch passes each point through K·d weights, so K times the work
    s = Settings(dataset="blobs", n_classes=k, n_samples=5000, degree=6, epochs=5000)
    budget = epoch_budget(s)
    assert budget * 5000 * n_weights(s) * k <= MAX_WORK < (budget + 1) * 5000 * n_weights(s) * k
    assert epoch_budget(replace(s, n_classes=2)) > budget * (k - 1)


def test_a_drawing_with_a_class_of_one_point_names_every_class() -> None:
    X = np.random.default_rng(0).normal(size=(7, 2))
    names = {"class_names": ("0", "1", "2"), "classes": (0, 1, 2)}
    fine = Points(X, np.array([0, 0, 1, 1, 2, 2, 2]), **names)
    assert run_experiment(replace(Settings(), upload="ab", test_size=0.0), fine).n_classes == 3
    short = Points(X, np.array([0, 0, 1, 1, 1, 2, 1]), **names)
    with pytest.raises(ValueError, match="class 0 has 2, class 1 has 4, class 2 has 1"):
        run_experiment(replace(Settings(), upload="ab"), short)


def test_a_k_class_payload_carries_k_rows_of_weights(four_blobs) -> None:
    d = json.loads(json.dumps(build_payload(four_blobs), allow_nan=False))
    h = four_blobs.trainer.history
    E = h.n_epochs
    assert d["n_classes"] == 4 and d["class_names"] == ["0", "1", "2", "3"]
    W = decode(d["weights"], (E + 1, 4, 2), d["weights_dtype"])
    b = decode(d["bias"], (E + 1, 4), d["weights_dtype"])
    np.testing.assert_allclose(W, h.w, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(b, h.b, rtol=1e-6, atol=1e-6)
    assert sorted(set(d["points"]["y"])) == [0, 1, 2, 3]
    assert len(d["timeline"]) == E + 1 and d["timeline"][-1] > 0


def test_the_step_cap_counts_every_class_score() -> None:
    # a softmax step costs about K binary ones (benchmarks/bench_worst_k.py): K classes get a K-th
    s = Settings(dataset="blobs", n_classes=6, n_samples=5000, degree=6, optimizer="sgd", batch_size=8)
    assert max_steps(6) == MAX_STEPS // 6 and max_steps(2) == MAX_STEPS
    assert epoch_budget(s) * steps_per_epoch(s) <= MAX_STEPS // 6
    assert epoch_budget(replace(s, n_classes=2)) * steps_per_epoch(s) > MAX_STEPS // 2
