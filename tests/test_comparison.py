"""Comparing runs, the domain: pins, the labels that tell runs apart, the one-click comparisons."""

from dataclasses import replace

import numpy as np

from lr.optimizers import OPTIMIZERS
from playground.comparison import (
    MAX_PINS,
    Pin,
    add_pin,
    curves,
    data_key,
    differing,
    labels,
    learning_rate_comparison,
    optimizer_comparison,
    remove_pin,
)
from playground.experiment import run_experiment
from playground.optimum import find_optimum
from playground.settings import LABELS, LEARNING_RATES, Settings

S = Settings()


def test_pins_refuse_a_duplicate_and_a_fifth_and_unpin() -> None:
    pins: tuple[Pin, ...] = ()
    for eta in (0.1, 0.2, 0.5, 1.0):
        pins, message = add_pin(pins, Pin(replace(S, learning_rate=eta)))
        assert message.startswith(f"Pinned as run {len(pins)}")
    assert len(pins) == MAX_PINS == 4
    same, message = add_pin(pins, Pin(replace(S, learning_rate=0.2)))
    assert same == pins and "pinned already, as run 2" in message
    same, message = add_pin(pins, Pin(replace(S, learning_rate=2.0)))
    assert same == pins and "unpin one first" in message
    assert [p.settings.learning_rate for p in remove_pin(pins, 1)] == [0.1, 0.5, 1.0]
    assert remove_pin(pins, 9) == pins


def test_labels_say_what_differs_in_the_controls_words() -> None:
    runs = [S, replace(S, learning_rate=0.1)]
    assert labels(runs) == [f"{LABELS['learning_rate']} = 1", f"{LABELS['learning_rate']} = 0.1"]
    assert labels([S, replace(S, optimizer="adam")]) == [OPTIMIZERS["gd"].label, OPTIMIZERS["adam"].label]
    assert labels([S, replace(S, degree=1, penalty="none")]) == [
        "Polynomial degree = 3, Penalty L2 (ridge)",
        "Polynomial degree = 1, Penalty None",
    ]
    assert labels([S]) == ["this run"]


def test_a_setting_a_run_does_not_use_does_not_set_it_apart() -> None:
    newton = replace(S, optimizer="newton", learning_rate=0.1)
    assert differing([S, newton]) == ["optimizer"]  # Newton's learning rate plays no part
    assert labels([S, replace(S, learning_rate=0.1), newton]) == [
        "Gradient descent, Learning rate = 1",
        "Gradient descent, Learning rate = 0.1",
        "Newton (IRLS)",
    ]
    # SGD's batch size only labels SGD
    sgd = replace(S, optimizer="sgd", batch_size=8)
    assert labels([S, sgd, replace(sgd, batch_size=64)]) == [
        "Gradient descent",
        "Mini-batch SGD, Batch size = 8",
        "Mini-batch SGD, Batch size = 64",
    ]
    assert labels([S, replace(S, seed=0, epochs=500)]) == ["run 1", "run 2"]


def test_a_file_shows_as_its_dataset_and_runs_on_other_data_are_told_apart() -> None:
    own = replace(S, upload="0123abcd")
    assert labels([S, own]) == ["Dataset Moons", "Your file 0123ab"]
    assert data_key(S) != data_key(own) and data_key(S) == data_key(replace(S, optimizer="adam"))
    assert data_key(S) != data_key(replace(S, seed=1)) and data_key(S) != data_key(replace(S, test_size=0.5))
    iris = replace(S, dataset="iris")
    assert data_key(iris) == data_key(replace(iris, noise=0.9))  # real data: no noise to change


def test_the_five_optimizers_on_the_current_settings() -> None:
    comparison = optimizer_comparison(replace(S, learning_rate=0.5, dataset="xor"))
    assert [s.optimizer for s in comparison.runs] == list(OPTIMIZERS)
    assert {s.learning_rate for s in comparison.runs} == {0.5} and comparison.note is None
    assert {s.dataset for s in comparison.runs} == {"xor"}
    l1 = optimizer_comparison(replace(S, penalty="l1"))
    assert "newton" not in [s.optimizer for s in l1.runs] and len(l1.runs) == 4
    assert "Newton (IRLS) left out" in l1.note


def test_three_learning_rates_a_decade_apart_on_the_sliders_values() -> None:
    def rates(eta: float, optimizer: str = "gd") -> list[float]:
        return [
            s.learning_rate
            for s in learning_rate_comparison(replace(S, learning_rate=eta, optimizer=optimizer)).runs
        ]

    assert rates(1.0) == [0.1, 1.0, 10.0]
    assert rates(0.2) == [0.02, 0.2, 2.0]
    assert rates(LEARNING_RATES[0]) == [1e-4, 1e-3, 1e-2]  # the slider's ends: the three nearest
    assert rates(100.0) == [1.0, 10.0, 100.0]
    assert rates(50.0) == [0.5, 5.0, 50.0]
    assert all(r in LEARNING_RATES for eta in LEARNING_RATES for r in rates(eta))
    comparison = learning_rate_comparison(replace(S, optimizer="newton"))
    assert {s.optimizer for s in comparison.runs} == {"gd"} and "uses no learning rate" in comparison.note


def test_a_runs_curves_against_its_optimum() -> None:
    exp = run_experiment(replace(S, epochs=50))
    c = curves(exp, find_optimum(exp.trainer.objective), "GD")
    h = exp.trainer.history
    assert c.label == "GD" and len(c.objective) == len(c.gap) == 51
    np.testing.assert_allclose(c.gap, h.objective - c.optimum.value)
    np.testing.assert_array_equal(c.test_loss, h.test_loss)


# K ≥ 3 classes (issue 18): runs of different K may be pinned side by side; each has its own data, its
# own objective and its own J*, and the legend names the Classes setting when it differs.
BLOBS4 = replace(S, dataset="blobs", n_classes=4)


def test_labels_name_the_classes_when_they_differ() -> None:
    assert labels([BLOBS4, replace(BLOBS4, n_classes=3)]) == [
        f"{LABELS['n_classes']} = 4",
        f"{LABELS['n_classes']} = 3",
    ]
    assert labels([S, BLOBS4]) == ["Dataset Moons", "Dataset Blobs, Classes = 4"]  # 2 against 4 classes
    assert labels([replace(BLOBS4, n_classes=2), S]) == ["Dataset Blobs", "Dataset Moons"]  # both two
    assert labels([replace(BLOBS4, n_classes=3), replace(S, dataset="iris3")]) == [
        "Dataset Blobs",
        "Dataset Iris: three species",
    ]
    assert labels([BLOBS4, replace(BLOBS4, optimizer="adam")]) == ["Gradient descent", "Adam"]
    # equal shares for K ≥ 3 classes: the balance slider sets nothing apart
    assert labels([BLOBS4, replace(BLOBS4, balance=0.3)]) == ["run 1", "run 2"]


def test_runs_of_other_classes_trained_on_other_data() -> None:
    assert data_key(BLOBS4) != data_key(replace(BLOBS4, n_classes=3))
    assert data_key(BLOBS4) == data_key(replace(BLOBS4, optimizer="newton", balance=0.3))
    assert data_key(replace(BLOBS4, n_classes=2)) != data_key(replace(BLOBS4, n_classes=2, balance=0.3))


def test_k_class_comparisons_run_every_optimizer_and_three_rates() -> None:
    every = optimizer_comparison(BLOBS4)
    assert [s.optimizer for s in every.runs] == list(OPTIMIZERS) and {s.n_classes for s in every.runs} == {4}
    rates = learning_rate_comparison(BLOBS4)
    assert [s.learning_rate for s in rates.runs] == [0.1, 1.0, 10.0]
    assert {data_key(s) for s in (*every.runs, *rates.runs)} == {data_key(BLOBS4)}


def test_pinned_runs_of_different_classes_each_against_their_own_optimum() -> None:
    runs = [replace(BLOBS4, epochs=60), replace(BLOBS4, n_classes=3, epochs=60), replace(S, epochs=60)]
    experiments = [run_experiment(s) for s in runs]
    assert [e.n_classes for e in experiments] == [4, 3, 2]
    got = [
        curves(e, find_optimum(e.trainer.objective), name)
        for e, name in zip(experiments, labels(runs), strict=True)
    ]
    values = [c.optimum.value for c in got]
    assert len(set(values)) == 3  # three data sets, three objectives, three J*
    for c, exp in zip(got, experiments, strict=True):
        assert c.optimum.exact and np.all(exp.trainer.history.objective >= c.optimum.value - 1e-12)
        np.testing.assert_allclose(c.gap, exp.trainer.history.objective - c.optimum.value)
