"""Lessons: every scene's run shows what its sentence claims, and a scene is a shareable link."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lr.metrics import confusion_matrix
from playground.experiment import run_experiment
from playground.grid import points_view
from playground.one_vs_rest import claim_shares, regions, train_one_vs_rest
from playground.reports import report
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


def test_the_circles_boundary_closes_into_a_ring() -> None:
    """p = ½ is a closed curve around the inner class: one class inside, the other all round outside
    (on a circle beyond every point, z has one sign; at the centre, the other)."""
    exp = run("circles")
    X = np.vstack([exp.X_train, exp.X_test])
    centre = X.mean(axis=0)
    radius = 1.2 * np.linalg.norm(X - centre, axis=1).max()
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    around = centre + radius * np.column_stack([np.cos(angles), np.sin(angles)])
    z_out, z_in = exp.logits(around), exp.logits(centre[None, :])
    assert np.all(np.sign(z_out) == np.sign(z_out[0])) and np.sign(z_in[0]) == -np.sign(z_out[0])


def test_too_large_a_step_jumps_up_and_diverges_after_fifty_epochs() -> None:
    t = run("too-large-step").trainer
    assert t.status == "diverged" and t.epoch == 50
    J = t.history.objective
    assert J[1] > 2 * J[0] and np.all(J[1:] > J[0])


def test_unscaled_features_diverge_and_standardising_fixes_the_same_step() -> None:
    exp = run("unscaled")
    assert exp.trainer.status == "diverged"
    names = list(exp.poly.get_feature_names_out())
    x1_6 = np.abs(exp.features(exp.X_train)[:, names.index("x1⁶")]).max()
    assert 1000 <= x1_6 < 10_000  # "runs into the thousands"
    fixed = run("unscaled", standardize=True).trainer
    J = fixed.history.objective
    assert fixed.status != "diverged" and np.all(np.diff(J) < 0)  # "the same step descends"
    assert fixed.history.train_acc[-1] > 0.9


def test_l1_keeps_a_handful_of_27_features() -> None:
    w = run("l1").trainer.history.w[-1]
    assert w.size == 27 and 1 <= np.count_nonzero(w) <= 6


def test_newton_needs_under_ten_epochs_and_gd_thousands() -> None:
    assert run("newton").trainer.status == "converged" and run("newton").trainer.epoch < 10
    gd = run("newton", optimizer="gd", epochs=5000).trainer
    assert gd.epoch >= 2000  # thousands: gradient descent converges at epoch 4887


def test_overfitting_test_loss_turns_up_early_while_train_loss_falls() -> None:
    h = run("overfit").trainer.history
    best = int(np.argmin(h.test_loss))
    assert best < 50 and h.test_loss[-1] > 2 * h.test_loss[best]
    assert np.all(np.diff(h.train_loss[best:]) <= 1e-12)  # still falling


def test_imbalance_leans_the_intercept_to_class_zero() -> None:
    exp = run("imbalance")
    assert exp.trainer.history.b[-1] < 0 and np.mean(exp.y_train) < 0.15


def test_any_threshold_below_a_half_trades_precision_for_recall_as_evaluate_shows_them() -> None:
    """The Evaluate page's Threshold tab compares t = ½ with the slider's t (steps of 0.01) on the test
    split: at every t below ½ recall is up (or level) and precision down (or level), and at 0.44, the
    t a visitor tries first, and at 0.3 both have moved. At 300 points t = 0.44 raised both."""
    exp = run("imbalance")
    half = report(exp, threshold=0.5, curves=False)["test"]
    for t in np.round(np.arange(0.05, 0.5, 0.01), 2):
        now = report(exp, threshold=float(t), curves=False)["test"]
        assert now.recall >= half.recall and now.precision <= half.precision, t
    for t in (0.44, 0.3):
        now = report(exp, threshold=t, curves=False)["test"]
        assert now.recall > half.recall and now.precision < half.precision, t


def visible_rises(curve: np.ndarray, top: float, share: float = 0.01) -> int:
    """Epochs where the curve goes up by at least `share` of the loss chart's height: the player's
    linear loss axis runs from 0 to 1.06 × the highest train or test loss (player_charts.js), and
    1 % of its ≈ 200 px is 2 px, what the eye sees as a wiggle."""
    return int(np.sum(np.diff(curve) >= share * 1.06 * top))


def test_sgd_train_loss_jitters_on_the_charts_scale() -> None:
    """ "The train loss jitters": the train line itself, as plotted, rises visibly in many epochs (at a
    step of 1 it rose visibly in none: only the test line wiggled); gradient descent on the same
    data and step falls without a visible rise."""
    h = run("sgd").trainer.history
    top = max(h.train_loss.max(), h.test_loss.max())
    assert visible_rises(h.train_loss, top) >= 10
    gd = run("sgd", optimizer="gd").trainer.history
    assert visible_rises(gd.train_loss, max(gd.train_loss.max(), gd.test_loss.max())) == 0


@pytest.mark.parametrize(("key", "low", "high"), [("iris", 0.9, 1.0), ("cancer", 0.85, 0.95)])
def test_real_data_scores_what_the_sentence_says(key: str, low: float, high: float) -> None:
    h = run(key).trainer.history
    assert low <= h.train_acc[-1] <= high and low <= h.test_acc[-1] <= high


def test_a_line_separates_all_but_a_few_flowers() -> None:
    exp = run("iris")
    X, y = np.vstack([exp.X_train, exp.X_test]), np.concatenate([exp.y_train, exp.y_test])
    wrong = int(np.sum((exp.logits(X) > 0) != (y == 1)))
    assert 1 <= wrong <= 0.07 * len(y)  # "all but a few": some, not many


def tie_point(exp) -> np.ndarray:
    """The point (x1, x2) where z_0 = z_1 = z_2, from the final W and b of a degree-1 run on three
    classes: (w_0 − w_k)·φ = b_k − b_0 for k = 1, 2 in the features φ = (x − μ)/σ, mapped back to x."""
    h = exp.trainer.history
    W, b = h.w[-1], h.b[-1]  # (3, 2), (3,)
    phi = np.linalg.solve(W[0] - W[1:], b[1:] - b[0])
    return exp.scaler.inverse_transform(phi[None, :])[0]


def test_three_blobs_three_tie_lines_meet_at_one_point_inside_the_frame() -> None:
    exp = run("three-blobs")
    assert exp.n_classes == 3 and list(exp.poly.get_feature_names_out()) == ["x1", "x2"]
    point = tie_point(exp)
    x1_min, x1_max, x2_min, x2_max = points_view(exp).bounds
    assert x1_min < point[0] < x1_max and x2_min < point[1] < x2_max
    z = exp.logits(point[None, :])[0]  # the run's own scores there: all three equal
    assert np.ptp(z) < 1e-9 * max(1.0, np.abs(z).max())
    # each pairwise tie line z_i = z_j passes through it, and on a circle around it each class wins a
    # wedge: the predicted class changes exactly three times, once at each line
    angles = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    ring = point + 0.5 * np.column_stack([np.cos(angles), np.sin(angles)])
    won = np.argmax(exp.logits(ring), axis=1)
    assert set(won.tolist()) == {0, 1, 2} and np.count_nonzero(won != np.roll(won, 1)) == 3
    h = exp.trainer.history
    assert h.train_acc[-1] >= 0.95 and h.test_acc[-1] >= 0.95


def test_three_spiral_arms_need_features() -> None:
    curled = run("spiral-arms").trainer.history
    assert curled.train_acc[-1] > 0.9 and curled.test_acc[-1] > 0.9
    straight = run("spiral-arms", degree=1).trainer.history
    for accuracy in (straight.train_acc[-1], straight.test_acc[-1]):
        assert 0.25 <= accuracy <= 0.45  # "about 1 in 3 right": no better than guessing among three


def test_iris_setosa_stands_apart_and_the_other_two_overlap_a_little() -> None:
    exp = run("iris3")
    assert exp.class_names == ("setosa", "versicolor", "virginica")
    X, y = np.vstack([exp.X_train, exp.X_test]), np.concatenate([exp.y_train, exp.y_test]).astype(int)
    cm = confusion_matrix(y, np.argmax(exp.logits(X), axis=1))  # rows: the species, columns: predicted
    setosa = int(np.sum(y == 0))
    assert cm[0, 0] == setosa and cm[1:, 0].sum() == 0  # every setosa right, and nothing else called one
    for k, other in ((1, 2), (2, 1)):
        n = int(np.sum(y == k))
        assert 1 <= cm[k, other] <= 0.1 * n  # "a few mixed up": some, not many


def test_one_vs_rest_leaves_zones_softmax_does_not() -> None:
    exp = run("one-vs-rest")
    assert exp.n_classes == 4
    r = regions(exp, train_one_vs_rest(exp))
    unclaimed, doubly = r.shares
    assert unclaimed > 0.01 and doubly > 0.01  # visible zones, not a few grid nodes
    assert np.all(r.softmax_claims.sum(axis=-1) == 1) and claim_shares(r.softmax_claims) == (0.0, 0.0)
    assert "One-vs-rest page" in SCENE_BY_KEY["one-vs-rest"].sentence


# Every scene's sentence is checked by a test above: a new lesson needs one too.
CHECKED = {
    "linear": test_linear_data_converges_towards_zero_gradient,
    "xor": test_xor_needs_the_product_feature,
    "circles": test_the_circles_boundary_closes_into_a_ring,
    "too-large-step": test_too_large_a_step_jumps_up_and_diverges_after_fifty_epochs,
    "unscaled": test_unscaled_features_diverge_and_standardising_fixes_the_same_step,
    "l1": test_l1_keeps_a_handful_of_27_features,
    "newton": test_newton_needs_under_ten_epochs_and_gd_thousands,
    "overfit": test_overfitting_test_loss_turns_up_early_while_train_loss_falls,
    "imbalance": test_any_threshold_below_a_half_trades_precision_for_recall_as_evaluate_shows_them,
    "sgd": test_sgd_train_loss_jitters_on_the_charts_scale,
    "iris": test_a_line_separates_all_but_a_few_flowers,
    "cancer": test_real_data_scores_what_the_sentence_says,
    "three-blobs": test_three_blobs_three_tie_lines_meet_at_one_point_inside_the_frame,
    "spiral-arms": test_three_spiral_arms_need_features,
    "iris3": test_iris_setosa_stands_apart_and_the_other_two_overlap_a_little,
    "one-vs-rest": test_one_vs_rest_leaves_zones_softmax_does_not,
}


def test_every_lesson_has_a_test_of_its_sentence() -> None:
    assert set(CHECKED) == set(SCENE_BY_KEY)


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
    links = {link.proto.query_string: link.proto for link in at.get("page_link")}
    assert len(links) == len(SCENES)
    # the one-vs-rest lesson opens the page its sentence names; the others the Playground
    playground = links["scene=linear"].page_script_hash
    assert links["scene=one-vs-rest"].page_script_hash != playground
    elsewhere = {s.key for s in SCENES if links[f"scene={s.key}"].page_script_hash != playground}
    assert elsewhere == {"one-vs-rest"}


def test_the_one_vs_rest_lesson_opens_its_page_with_the_maps() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scene"] = "one-vs-rest"
    at.run()
    at.switch_page(SCENE_BY_KEY["one-vs-rest"].page).run()
    assert not at.exception
    assert at.session_state["n_classes"] == 4 and len(at.get("plotly_chart")) == 2
    assert float(next(m.value for m in at.metric if m.label == "No model claims").rstrip("%")) > 1


def test_an_unknown_lesson_is_named() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scene"] = "banana"
    at.run()
    assert not at.exception
    assert any("Lesson `banana` is not a lesson's name" in w.value for w in at.main.warning)
