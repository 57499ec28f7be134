"""The advice on a failed run: the cause is right and the offered fix works (it was tried first)."""

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lr.optimizers import OPTIMIZERS
from lr.stopping import loss, number
from playground import advice as advice_module
from playground.advice import advise, alert_text, l1_alpha_max, lipschitz, safe_step
from playground.experiment import run_experiment
from playground.settings import Settings

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run(**changes):
    return run_experiment(replace(Settings(), **changes))


@pytest.mark.parametrize(
    "changes",
    [
        {"degree": 6, "standardize": False},
        {"dataset": "cancer", "degree": 1, "standardize": False},
        {"learning_rate": 100.0},
        {"optimizer": "adam", "learning_rate": 50.0},
        {"dataset": "linear", "degree": 6, "standardize": False, "optimizer": "momentum"},
    ],
)
def test_every_diverged_run_gets_a_fix_that_does_not_diverge(changes) -> None:
    exp = run(**changes)
    assert exp.trainer.status == "diverged"
    advice = advise(exp)
    assert advice is not None
    fixed = run(**{**changes, **advice.changes})
    assert fixed.trainer.status != "diverged"
    assert fixed.trainer.history.train_loss[-1] < exp.trainer.history.train_loss[0]


def test_unscaled_features_are_named_as_the_cause() -> None:
    advice = advise(run(degree=6, standardize=False))
    assert advice.changes == {"standardize": True} and "x1⁶ reaches" in advice.sentence


def test_lipschitz_constant_is_the_largest_curvature_bound() -> None:
    exp = run(degree=2)
    F = exp.features(exp.X_train)
    X1 = np.column_stack([F, np.ones(len(F))])
    # the Hessian X₁ᵀSX₁/n + αI with S ≤ ¼ never exceeds L: check at random weights
    rng = np.random.default_rng(0)
    for _ in range(5):
        z = X1 @ rng.normal(size=X1.shape[1])
        p = 1 / (1 + np.exp(-z))
        H = X1.T @ (X1 * (p * (1 - p))[:, None]) / len(F) + exp.settings.alpha * np.eye(X1.shape[1])
        assert np.linalg.eigvalsh(H).max() <= lipschitz(exp) + 1e-12


def test_l1_alpha_max_is_where_every_weight_vanishes() -> None:
    exp = run(penalty="l1", alpha=0.5)
    a_max = l1_alpha_max(exp)
    above = run(penalty="l1", alpha=0.5, epochs=2000)
    assert a_max < 0.5 and not np.any(above.trainer.history.w[-1])
    below = run(penalty="l1", alpha=0.1, epochs=2000)
    assert a_max > 0.1 and np.any(below.trainer.history.w[-1])


def test_gradient_descent_that_does_not_settle_gets_a_smaller_step_that_does() -> None:
    exp = run(learning_rate=50.0)
    assert exp.trainer.status == "running" and exp.trainer.unsettled
    advice = advise(exp)
    fixed = run(**advice.changes)
    assert (
        not fixed.trainer.unsettled
        and fixed.trainer.history.objective[-1] < exp.trainer.history.objective[-1]
    )


def test_a_healthy_run_gets_no_advice() -> None:
    assert advise(run()) is None


# Each optimizer at a rate that diverges, and at settings that stop before converging (too small a
# step, too few epochs, mini-batch noise, Adam rising and falling): the alert's sentence and its
# button name the same value, and the run the button starts does what the sentence promises.
TABLE = [
    {"learning_rate": 100.0},
    {"optimizer": "sgd", "learning_rate": 100.0},
    {"optimizer": "momentum", "learning_rate": 100.0},
    {"optimizer": "adam", "learning_rate": 100.0},
    {"learning_rate": 0.01},
    {"optimizer": "momentum", "learning_rate": 0.01},
    {"optimizer": "adam", "learning_rate": 0.001},
    {"optimizer": "adam", "learning_rate": 10.0},
    {"optimizer": "sgd", "learning_rate": 1.0},
    {"optimizer": "sgd", "learning_rate": 5.0, "batch_size": 8},
    {"optimizer": "sgd", "learning_rate": 20.0, "degree": 1},
    {"optimizer": "newton", "epochs": 2},
    {"epochs": 20},
]


def numbers_after(text: str, word: str) -> set[str]:
    return set(re.findall(rf"{word} ([0-9.e+-]+)", text))


@pytest.mark.parametrize("changes", TABLE, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
def test_the_shown_sentence_and_its_button_agree_and_are_true(changes) -> None:
    exp = run(**changes)
    t, advice = exp.trainer, advise(exp)
    shown = alert_text(t.message, advice)
    J = t.history.objective
    if t.status == "diverged":
        assert advice is not None, shown
    if advice is None:
        assert "larger learning rate" not in shown and "try " not in shown
    else:
        fixed = run(**{**changes, **advice.changes})
        value = next(iter(advice.changes.values()))
        if "learning_rate" in advice.changes or "batch_size" in advice.changes:
            assert advice.button.endswith(number(value)) and number(value) in advice.sentence
            # one value on screen: the library's untried guess is gone, every "try" names the button's
            assert numbers_after(shown, "try") <= {number(value)}, shown
        if t.status == "diverged" or t.unsettled:  # "… does not diverge", "… settles"
            assert fixed.trainer.status != "diverged" and not fixed.trainer.unsettled
        promised = re.search(
            r"ends at ([0-9.]+), against ([0-9.]+)\.$|reaches ([0-9.]+) in the same", advice.sentence
        )
        if promised:  # the fixed run ends where the sentence says, below this one
            J_fixed = fixed.trainer.history.objective
            assert loss(J_fixed[-1]) == (promised[1] or promised[3]) and J_fixed[-1] < J[-1]
            assert fixed.trainer.status != "diverged"
        sooner = re.search(
            r"reaches ([0-9.]+) in (\d+) epochs, below this run's final ([0-9.]+) after (\d+),",
            advice.sentence,
        )
        if sooner:  # the fixed run's J first shows below this run's last J at the epoch named, and falls on
            J_fixed, m = fixed.trainer.history.objective, int(sooner[2])
            assert sooner[3] == loss(J[-1]) and int(sooner[4]) == t.epoch and sooner[1] == loss(J_fixed[m])
            shows_lower = [float(loss(v)) < float(loss(J[-1])) for v in J_fixed]
            assert shows_lower.index(True) == m < t.epoch
            assert np.all(np.diff(J_fixed) <= 0) and float(loss(J_fixed[-1])) < float(loss(J[-1]))
        named = promised or sooner or "learning_rate" not in advice.changes
        assert named or t.status == "diverged" or t.unsettled
        rises = re.search(r"rose in (\d+) of the last (\d+) epochs, not (\d+) of", advice.sentence)
        if rises:
            assert fixed.trainer.rules.rises(fixed.trainer.history.objective) == (
                int(rises[1]),
                int(rises[2]),
            )
            assert t.rules.rises(J)[0] == int(rises[3]) > int(rises[1])
    if "more epochs would go further" in shown:  # the same run, twice as long, ends lower
        longer = run(**{**changes, "epochs": min(2 * exp.settings.epochs, 5000)})
        assert longer.trainer.history.objective[-1] < J[-1]
    if "larger" in shown and "learning rate" in shown:  # only where a larger step was tried
        assert advice is not None and advice.changes.get("learning_rate", 0) > exp.settings.learning_rate


@pytest.mark.parametrize("optimizer", ["gd", "sgd", "momentum", "adam"])
def test_a_safe_step_is_the_optimizers_own(optimizer) -> None:
    """Adam's safe step is a length, 1/(2√L), not gradient descent's 1/L: each sentence names the
    step its optimizer's auto_learning_rate takes, and no other."""
    exp = run(optimizer=optimizer, learning_rate=100.0)
    advice = advise(exp)
    safe = exp.trainer.optimizer.auto_learning_rate(exp.trainer.objective)
    assert safe == safe_step(exp) and f"= {number(safe)}" in advice.sentence
    assert advice.changes["learning_rate"] <= safe
    if optimizer == "adam":
        assert "1/L " not in advice.sentence and "1/(2√L)" in advice.sentence
    # every optimizer with a learning rate says what its safe step is and why; the others have none
    assert all(
        bool(cls.safe_step and cls.safe_step_why) == cls.uses_learning_rate for cls in OPTIMIZERS.values()
    )


def test_the_playground_alert_names_the_value_its_button_offers() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["learning_rate"] = "100"
    at.run()
    assert not at.exception
    (error,) = at.error
    (fix,) = [b for b in at.button if b.label.startswith("Use learning rate")]
    assert fix.label == "Use learning rate 1" and "try 10 or lower" not in error.value
    assert "; 1 does not diverge." in error.value


# K ≥ 3 classes (softmax): the safe step comes from Böhning's bound, L = λ_max(X₁ᵀX₁)/(2n) + α, and
# every sentence stays true of the run it describes.
BLOBS4 = {"dataset": "blobs", "n_classes": 4}


def test_the_k_class_lipschitz_constant_is_boehnings_bound() -> None:
    exp = run(**BLOBS4, degree=2)
    assert exp.trainer.objective.n_classes == 4
    F = exp.features(exp.X_train)
    X1 = np.column_stack([F, np.ones(len(F))])
    L = np.linalg.eigvalsh(X1.T @ X1).max() / (2 * len(F)) + exp.settings.alpha  # ½, not the sigmoid's ¼
    assert lipschitz(exp) == pytest.approx(L, rel=1e-12)
    assert safe_step(exp) == pytest.approx(1 / L, rel=1e-12)  # gradient descent's 1/L
    # no Hessian Σ_i (diag(p_i) − p_i p_iᵀ) ⊗ x₁ᵢx₁ᵢᵀ/n + αI_w exceeds L, at any Θ
    rng = np.random.default_rng(0)
    for scale in (0.0, 1.0, 5.0):
        theta = rng.normal(scale=scale, size=exp.trainer.objective.theta_shape)
        assert np.linalg.eigvalsh(exp.trainer.objective.hessian(theta)).max() <= lipschitz(exp) + 1e-12


@pytest.mark.parametrize(
    "changes",
    [
        {"learning_rate": 100.0, "degree": 6},
        {"learning_rate": 100.0, "noise": 0.8},
        {"learning_rate": 100.0, "degree": 1},
        {"optimizer": "sgd", "learning_rate": 100.0},
        {"optimizer": "momentum", "learning_rate": 100.0},
        {"optimizer": "adam", "learning_rate": 100.0},
        {"degree": 6, "standardize": False},
    ],
    ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()),
)
def test_a_diverged_four_class_run_gets_a_fix_that_was_tried_and_works(changes) -> None:
    exp = run(**BLOBS4, **changes)
    assert exp.trainer.status == "diverged" and exp.n_classes == 4
    advice = advise(exp)
    assert advice is not None
    fixed = run(**BLOBS4, **{**changes, **advice.changes})
    assert fixed.trainer.status != "diverged" and not fixed.trainer.unsettled
    assert fixed.trainer.history.objective[-1] < exp.trainer.history.objective[0]
    shown = alert_text(exp.trainer.message, advice)
    if "learning_rate" in advice.changes:  # the smaller step, below the optimizer's own safe step
        value = advice.changes["learning_rate"]
        assert value <= safe_step(exp) and advice.button == f"Use learning rate {number(value)}"
        assert f"= {number(safe_step(exp))}" in advice.sentence
        assert numbers_after(shown, "try") <= {number(value)}, shown


def test_a_four_class_step_too_large_to_settle_gets_one_that_settles() -> None:
    exp = run(**BLOBS4, learning_rate=100.0)
    assert exp.trainer.status == "running" and exp.trainer.unsettled
    advice = advise(exp)
    assert advice.changes["learning_rate"] <= safe_step(exp) and "settles" in advice.sentence
    fixed = run(**BLOBS4, **advice.changes)
    assert not fixed.trainer.unsettled and fixed.trainer.status != "diverged"
    assert fixed.trainer.history.objective[-1] < exp.trainer.history.objective[-1]


def test_a_four_class_step_too_small_gets_a_larger_one_that_was_tried() -> None:
    exp = run(**BLOBS4, learning_rate=0.01)
    advice = advise(exp)
    assert advice.changes["learning_rate"] <= safe_step(exp) < 2 * advice.changes["learning_rate"]
    fixed = run(**BLOBS4, **advice.changes)
    J, J_fixed = exp.trainer.history.objective, fixed.trainer.history.objective
    m = [float(loss(v)) < float(loss(J[-1])) for v in J_fixed].index(True)
    assert f"reaches {loss(J_fixed[m])} in {m} epochs, below this run's final {loss(J[-1])} after 500," in (
        advice.sentence
    )
    assert m < 500 and J_fixed[-1] < J[-1] and fixed.trainer.status != "diverged"


def test_l1_alpha_max_of_four_classes_is_where_every_weight_vanishes() -> None:
    exp = run(**BLOBS4, penalty="l1", alpha=0.5)
    a_max = l1_alpha_max(exp)
    assert not np.any(exp.trainer.history.w[-1]) and a_max < 0.5
    above = run(**BLOBS4, penalty="l1", alpha=1.02 * a_max, epochs=3000)
    assert not np.any(above.trainer.history.w[-1])
    below = run(**BLOBS4, penalty="l1", alpha=0.97 * a_max, epochs=3000)
    assert np.any(below.trainer.history.w[-1])
    advice = advise(exp)
    assert f"any α above {number(a_max)} does here, so every boundary vanishes" in advice.sentence
    fixed = run(**BLOBS4, penalty="l1", **advice.changes)
    assert np.any(fixed.trainer.history.w[-1])


def test_a_run_the_caps_cut_short_tries_no_fix() -> None:
    # 5000 points at degree 6 stop at the work cap, J still falling: a larger step's trial would be a
    # second run as large as the caps allow; the page's budget note already says what allows more
    s = Settings(n_samples=5000, degree=6, epochs=5000, learning_rate=0.1)
    exp = run_experiment(s)
    assert exp.trainer.epoch < s.epochs and exp.trainer.status == "running"
    assert advise(exp) is None
    # uncapped, the same step is still tried and offered
    uncapped = run_experiment(replace(s, epochs=200))
    assert advise(uncapped) is not None


# Gradient descent on every point with η ≤ 1/L lowers J at every epoch (the descent lemma): its
# fixes need no whole trial. Each case below: what the advice offers untried works when run whole.
CERTAIN = [
    {"learning_rate": 100.0},  # diverges: a smaller step, untried
    {"learning_rate": 50.0},  # does not settle: a smaller step, untried
    {"learning_rate": 0.01},  # still falling: a larger step, tried until it passes this run's J
    {"learning_rate": 0.1, "penalty": "l1", "alpha": 0.001},
    {**BLOBS4, "learning_rate": 100.0},
    {**BLOBS4, "learning_rate": 0.01},
    {"dataset": "circles", "degree": 3, "learning_rate": 0.05, "n_samples": 1000},
]


@pytest.mark.parametrize("changes", CERTAIN, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
def test_gradient_descents_certain_fixes_work_when_run_whole(changes, monkeypatch) -> None:
    exp = run(**changes)
    trained = []
    real_trial = advice_module._trial

    def counted(settings, points):
        trial = real_trial(settings, points)
        trained.append(trial.trainer)
        return trial

    monkeypatch.setattr(advice_module, "_trial", counted)
    advice = advise(exp)
    assert advice is not None and advice.changes["learning_rate"] <= safe_step(exp)
    fixed = run(**{**changes, **advice.changes}).trainer
    J_fixed = fixed.history.objective
    assert fixed.status != "diverged" and not fixed.unsettled
    assert np.all(np.diff(J_fixed) <= 0), "a step ≤ 1/L lowers J at every epoch"
    if advice.changes["learning_rate"] < changes["learning_rate"]:  # the smaller step: not tried at all
        assert trained == []
    else:  # the larger step: tried only until its J passed this run's, fewer epochs than the run's
        assert len(trained) == 1 and trained[0].epoch < exp.trainer.epoch
        assert J_fixed[-1] < exp.trainer.history.objective[-1]


def test_a_larger_step_that_does_not_show_a_lower_j_is_not_offered(monkeypatch) -> None:
    # a trial whose J shows no lower than the run's last J by the run's last epoch takes it no further
    exp = run(learning_rate=0.01)
    real_trial = advice_module._trial

    def slower(settings, points):  # the "larger" step tried is in fact this run's own step
        return real_trial(replace(settings, learning_rate=exp.settings.learning_rate), points)

    monkeypatch.setattr(advice_module, "_trial", slower)
    assert advise(exp) is None


@pytest.mark.parametrize(
    "changes",
    [
        {"optimizer": "momentum"},
        {"optimizer": "adam"},
        {"optimizer": "sgd", "batch_size": 8},
        {"optimizer": "newton"},
    ],
    ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()),
)
def test_only_gradient_descent_on_every_point_is_certain_untried(changes) -> None:
    # momentum and Adam overshoot by design, mini-batches are noisy: their fixes are tried whole
    exp = run(**changes)
    step = safe_step(exp) or 1.0
    assert not advice_module._descends(exp, step / 2)
    gd = run(**{**changes, "optimizer": "sgd", "batch_size": 512})  # one batch of all 225 points: GD
    assert advice_module._descends(gd, safe_step(gd)) and not advice_module._descends(gd, 2 * safe_step(gd))
