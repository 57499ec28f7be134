"""Lessons: every scene's run shows what its sentence claims, and a scene is a shareable link."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground.experiment import run_experiment
from playground.scenes import SCENE_BY_KEY, SCENES, scene_of
from playground.settings import Settings

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run(key: str, **changes):
    """The scene's run, or with some controls changed (to show what the lesson contrasts)."""
    return run_experiment(replace(SCENE_BY_KEY[key].settings, **changes))


def test_there_are_at_least_eight_lessons_two_on_real_data() -> None:
    assert len(SCENES) >= 8 and len(SCENE_BY_KEY) == len(SCENES)
    assert sum(s.settings.dataset in ("iris", "cancer") for s in SCENES) >= 2
    assert all(s.sentence.endswith(".") and len(s.sentence) <= 130 for s in SCENES)
    assert scene_of(Settings()) is None  # the defaults are the plain playground, not a lesson


def test_linear_data_converges_towards_zero_gradient() -> None:
    h = run("linear").trainer.history
    assert h.train_acc[-1] == 1.0 and h.grad_norm[-1] < 1e-2 * h.grad_norm[0]


def test_xor_needs_the_product_feature() -> None:
    exp = run("xor")
    names = exp.poly.get_feature_names_out()
    w = dict(zip(names, exp.trainer.history.w[-1], strict=True))
    assert abs(w["x1·x2"]) > 10 * max(abs(v) for k, v in w.items() if k != "x1·x2")
    assert exp.trainer.history.train_acc[-1] > 0.8
    assert run("xor", degree=1).trainer.history.train_acc[-1] < 0.6


def test_circles_need_degree_two() -> None:
    assert run("circles").trainer.history.train_acc[-1] > 0.75
    assert run("circles", degree=1).trainer.history.train_acc[-1] < 0.6


def test_too_large_a_step_jumps_up_and_diverges_after_fifty_epochs() -> None:
    t = run("too-large-step").trainer
    assert t.status == "diverged" and t.epoch == 50
    J = t.history.objective
    assert J[1] > 2 * J[0] and np.all(J[1:] > J[0])


def test_unscaled_features_diverge_and_standardising_fixes_the_same_step() -> None:
    assert run("unscaled").trainer.status == "diverged"
    fixed = run("unscaled", standardize=True).trainer
    assert fixed.status != "diverged" and fixed.history.train_acc[-1] > 0.9


def test_l1_keeps_a_handful_of_27_features() -> None:
    w = run("l1").trainer.history.w[-1]
    assert w.size == 27 and 1 <= np.count_nonzero(w) <= 6


def test_newton_needs_under_ten_epochs_and_gd_thousands() -> None:
    assert run("newton").trainer.status == "converged" and run("newton").trainer.epoch < 10
    gd = run("newton", optimizer="gd", epochs=5000).trainer
    assert gd.epoch > 1000


def test_overfitting_test_loss_turns_up_early_while_train_loss_falls() -> None:
    h = run("overfit").trainer.history
    best = int(np.argmin(h.test_loss))
    assert best < 50 and h.test_loss[-1] > 2 * h.test_loss[best]
    assert np.all(np.diff(h.train_loss[best:]) <= 1e-12)  # still falling


def test_imbalance_leans_the_intercept_to_class_zero() -> None:
    exp = run("imbalance")
    assert exp.trainer.history.b[-1] < 0 and np.mean(exp.y_train) < 0.15


def test_sgd_loss_jitters() -> None:
    h = run("sgd").trainer.history
    assert np.sum(np.diff(h.train_loss) > 0) >= 5  # some epochs go up: noisy steps


@pytest.mark.parametrize(("key", "low", "high"), [("iris", 0.9, 1.0), ("cancer", 0.85, 0.95)])
def test_real_data_scores_what_the_sentence_says(key: str, low: float, high: float) -> None:
    h = run(key).trainer.history
    assert low <= h.train_acc[-1] <= high


def test_a_scene_link_sets_every_control_and_shows_the_sentence() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scene"] = "overfit"
    at.run()
    assert not at.exception
    scene = SCENE_BY_KEY["overfit"]
    for name, value in scene.changes.items():
        assert at.session_state[name] == value
    assert any(scene.sentence in m.value for m in at.markdown)
    assert at.session_state["log_scale"] is True
    # changing a control leaves the lesson, and the URL then holds the settings, not the scene
    next(s for s in at.sidebar.slider if s.label == "Polynomial degree").set_value(5).run()
    assert not any(scene.sentence in m.value for m in at.markdown)
    assert "scene" not in at.query_params and at.session_state["degree"] == 5


def test_the_lessons_page_links_every_scene() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/lessons.py").run()
    assert not at.exception
    assert len(at.get("page_link")) == len(SCENES)


def test_an_unknown_lesson_is_named() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scene"] = "banana"
    at.run()
    assert not at.exception
    assert any("Lesson `banana` is not a lesson's name" in w.value for w in at.main.warning)
