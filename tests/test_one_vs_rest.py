"""Softmax against one-vs-rest: the K binary models are the ones lr's estimator and scikit-learn's
OneVsRestClassifier fit on the same points, the shares of the plane they leave unclaimed or claim
twice are counted right, the work is bounded like a playground run's, and the figures show it."""

import re
from dataclasses import replace

import numpy as np
import pytest
from app_support import app
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from lr import LogisticRegression
from playground.experiment import run_experiment
from playground.grid import points_view
from playground.one_vs_rest import (
    accuracies,
    claim_shares,
    epoch_budget_per_model,
    region_codes,
    regions,
    train_one_vs_rest,
)
from playground.settings import MAX_STEPS, MAX_WORK, Settings, n_weights, steps_per_epoch
from playground.viz.one_vs_rest_figures import one_vs_rest_figure, softmax_figure

# Newton to the optimum (so any correct solver agrees), L2 so the optimum is unique and finite
NEWTON = replace(Settings(), dataset="blobs", n_classes=3, degree=1, noise=0.4, optimizer="newton")


@pytest.fixture(scope="module")
def fitted():
    exp = run_experiment(NEWTON)
    return exp, train_one_vs_rest(exp)


def test_each_binary_model_is_lrs_estimator_on_class_k_against_the_rest(fitted) -> None:
    exp, ovr = fitted
    F = exp.features(exp.X_train)
    F_test = exp.features(exp.X_test)
    assert ovr.n_classes == 3 and all(s == "converged" for s in ovr.status)
    for k in range(3):
        # the same solver and stopping rule (tol 1e-6, as the playground's runs): the same numbers
        model = LogisticRegression(penalty="l2", alpha=NEWTON.alpha, tol=1e-6).fit(F, exp.y_train == k)
        np.testing.assert_allclose(ovr.w[k][-1], model.coef_[0], rtol=1e-12)
        np.testing.assert_allclose(ovr.b[k][-1], model.intercept_[0], rtol=1e-12)
        np.testing.assert_allclose(ovr.logits(F_test)[:, k], model.decision_function(F_test), rtol=1e-12)


def test_one_vs_rest_predicts_as_scikit_learns_one_vs_rest_classifier(fitted) -> None:
    exp, ovr = fitted
    F, F_test = exp.features(exp.X_train), exp.features(exp.X_test)
    C = 1.0 / (len(exp.y_train) * NEWTON.alpha)  # J = mean loss + (α/2)‖w‖² is sklearn's with C = 1/(nα)
    sk = OneVsRestClassifier(SkLogisticRegression(C=C, tol=1e-12, max_iter=10_000)).fit(F, exp.y_train)
    # ‖∇J‖ ≤ 1e-6 against sklearn's tighter optimum, with curvature ≥ α = 1e-3: weights within 1e-3
    np.testing.assert_allclose(ovr.logits(F_test), sk.decision_function(F_test), rtol=1e-3, atol=1e-3)
    np.testing.assert_array_equal(ovr.predict(F_test), sk.predict(F_test))
    for k, estimator in enumerate(sk.estimators_):
        np.testing.assert_allclose(ovr.w[k][-1], estimator.coef_[0], rtol=1e-3)
    score = accuracies(exp, ovr)
    assert score.split == "test" and score.one_vs_rest == pytest.approx(sk.score(F_test, exp.y_test))


def test_shares_on_a_hand_made_case() -> None:
    # six points, three classes: (T = claims)
    claims = np.array(
        [
            [True, False, False],  # class 0 alone
            [False, False, True],  # class 2 alone
            [False, False, False],  # nobody
            [False, False, False],  # nobody
            [True, True, False],  # two
            [True, True, True],  # three
        ]
    )
    assert claim_shares(claims) == (pytest.approx(2 / 6), pytest.approx(2 / 6))
    np.testing.assert_array_equal(region_codes(claims), [0, 2, 3, 3, 4, 4])
    partition = np.eye(3, dtype=bool)[[0, 1, 2, 2, 1, 0]]
    assert claim_shares(partition) == (0.0, 0.0)
    # on a grid (m2, m1, K) too
    assert claim_shares(claims.reshape(2, 3, 3)) == claim_shares(claims)
    assert region_codes(claims.reshape(2, 3, 3)).shape == (2, 3)


def test_the_regions_show_zones_softmax_does_not_have(fitted) -> None:
    exp, ovr = fitted
    r = regions(exp, ovr)
    unclaimed, doubly = r.shares
    assert unclaimed > 0 and doubly > 0
    assert np.all(r.softmax_claims.sum(axis=-1) == 1)  # softmax: every node exactly one class
    assert claim_shares(r.softmax_claims) == (0.0, 0.0)
    # the claims are the binary models' own p_k > ½, recomputed at one node
    A, B = np.meshgrid(r.x1, r.x2)
    X = np.column_stack([A.ravel(), B.ravel()])
    z = ovr.logits(exp.features(X))
    np.testing.assert_array_equal(r.ovr_claims.reshape(-1, 3), z > 0)
    np.testing.assert_array_equal(r.softmax_class.ravel(), np.argmax(exp.logits(X), axis=1))


def test_an_earlier_epoch_uses_each_models_weights_of_that_epoch() -> None:
    exp = run_experiment(replace(NEWTON, optimizer="gd", epochs=50))
    ovr = train_one_vs_rest(exp)
    F = exp.features(exp.X_test)
    assert ovr.epochs == 50 and all(len(b) == 51 for b in ovr.b)
    np.testing.assert_array_equal(ovr.logits(F, 0), 0.0)  # every model starts at w = 0, b = 0
    np.testing.assert_allclose(ovr.logits(F, 10)[:, 1], F @ ovr.w[1][10] + ovr.b[1][10])
    np.testing.assert_array_equal(ovr.logits(F, 10_000), ovr.logits(F))  # beyond the end: the last


@pytest.mark.parametrize(
    "changes",
    [
        {"n_samples": 5000, "degree": 6, "epochs": 5000, "n_classes": 6},  # the work cap binds
        {"optimizer": "sgd", "batch_size": 8, "n_samples": 5000, "epochs": 5000, "n_classes": 6},  # steps
        {"optimizer": "newton", "epochs": 5000, "n_classes": 4},
    ],
)
def test_the_k_models_together_stay_within_a_runs_work_and_step_caps(changes: dict) -> None:
    s = replace(Settings(), dataset="blobs", **changes)
    K, n = s.n_classes, s.n_samples
    E = epoch_budget_per_model(s, n, K)
    if s.optimizer == "newton":
        assert E == 100
        return
    assert K * E * n * n_weights(s) <= MAX_WORK  # every model passes every point through its weights
    assert K * E * steps_per_epoch(s, n) <= MAX_STEPS
    assert E >= 1


def test_the_figures_draw_every_class_and_the_zones() -> None:
    s = replace(Settings(), dataset="blobs", n_classes=4, degree=1, noise=0.4)
    exp = run_experiment(s)
    ovr = train_one_vs_rest(exp)
    r = regions(exp, ovr)
    points = points_view(exp)
    ovr_fig, softmax_fig = one_vs_rest_figure(points, r), softmax_figure(points, r)
    field = ovr_fig.data[0]
    assert field.type == "heatmap" and set(np.unique(field.z)) <= set(range(6))
    assert {4, 5} <= set(np.unique(field.z))  # unclaimed (4) and doubly claimed (5) zones are there
    names = [t.name for t in ovr_fig.data]
    assert "unclaimed" in names and "2+ claims" in names
    softmax_field = softmax_fig.data[0]
    assert set(np.unique(softmax_field.z)) == {0, 1, 2, 3}
    points_drawn = {t.legendgroup for t in softmax_fig.data if t.type.startswith("scatter")}
    assert points_drawn == {"class0", "class1", "class2", "class3"}
    # hover: every class's p_k in whole percent, one byte a node; the page stays light (it was 411 KB
    # a figure with a sentence of text per grid node)
    np.testing.assert_array_equal(field.customdata, np.rint(100 * r.ovr_p))
    assert "p(0, blue) %{customdata[0]}%" in field.hovertemplate  # the class by its name and colour
    assert len(ovr_fig.to_json()) < 120_000 and len(softmax_fig.to_json()) < 120_000


def test_visitor_class_names_are_escaped_in_the_figures() -> None:
    exp = run_experiment(NEWTON)
    exp = replace(exp, class_names=("<b>a</b>", "%{x}", "c&d"))
    ovr = train_one_vs_rest(exp)
    fig = softmax_figure(points_view(exp), regions(exp, ovr))
    texts = " ".join(str(t.name) for t in fig.data)
    assert "<b>" not in texts and "&lt;b&gt;a&lt;/b&gt;" in texts and "c&amp;d" in texts
    # a name is data, never inside a hover template, where Plotly would expand "%{x}"
    assert all("%{x}" not in (t.hovertemplate or "").replace("%{x:.3g}", "") for t in fig.data)
    field = fig.data[0]  # the field's hover names each class as typed, escaped
    assert "p(&lt;b&gt;a&lt;/b&gt;, blue)" in field.hovertemplate
    assert "p(&#37;{x}, orange)" in field.hovertemplate and "p(c&amp;d, green)" in field.hovertemplate


# -- the One-vs-rest page ----------------------------------------------------------------------------
PAGE = "app_pages/one_vs_rest.py"


def test_the_page_with_two_classes_says_why_and_offers_three_blobs() -> None:
    at = app(PAGE)  # the defaults: moons, two classes
    assert any(
        "with two classes one-vs-rest is the same model" in i.value.lower() and "3+ classes" in i.value
        for i in at.info
    )
    assert not at.get("plotly_chart")
    (button,) = [b for b in at.button if b.label == "Show three blobs"]
    button.click().run()
    assert not at.exception
    assert at.session_state["dataset"] == "blobs" and at.session_state["n_classes"] == 3
    assert len(at.get("plotly_chart")) == 2  # now the two maps


def test_the_page_with_four_classes_shows_both_maps_the_shares_and_accuracies() -> None:
    at = app(PAGE, dataset="blobs", n_classes="4", degree="1", noise="0.4")
    assert not at.info
    assert len(at.get("plotly_chart")) == 2
    metrics = {m.label: m.value for m in at.metric}
    s = replace(Settings(), dataset="blobs", n_classes=4, degree=1, noise=0.4)
    exp = run_experiment(s)
    ovr = train_one_vs_rest(exp)
    unclaimed, doubly = regions(exp, ovr).shares
    score = accuracies(exp, ovr)
    assert metrics["No model claims"] == f"{unclaimed:.1%}" and unclaimed > 0
    assert metrics["Two or more claim"] == f"{doubly:.1%}" and doubly > 0
    assert metrics["One-vs-rest accuracy (test)"] == f"{score.one_vs_rest:.1%}"
    assert metrics["Softmax accuracy (test)"] == f"{score.softmax:.1%}"


def test_the_page_says_which_runs_diverged() -> None:
    at = app(PAGE, dataset="blobs", n_classes="4", learning_rate="100", degree="6", standardize="false")
    (warning,) = at.warning
    assert "the softmax run and the binary models of classes 0, 1, 2 and 3 diverged" in warning.value
    assert len(at.get("plotly_chart")) == 2  # the maps still show where each stopped
    assert not app(PAGE, dataset="blobs", n_classes="4").warning


def test_the_page_follows_the_epoch_slider() -> None:
    at = app(PAGE, dataset="blobs", n_classes="3", degree="1")
    (slider,) = [s for s in at.slider if s.label == "Epoch"]
    slider.set_value(0).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # at epoch 0 every model has w = 0, b = 0: p_k = ½ everywhere, and "p_k > ½" claims nothing
    assert metrics["No model claims"] == "100.0%" and metrics["Two or more claim"] == "0.0%"


@pytest.mark.browser
def test_hovering_a_map_in_the_browser_gives_every_class_probability(browser, url) -> None:
    """Real Chromium: the percentages reach the hover label through Plotly's binary arrays (a (m, m, K)
    typed array of bytes), not as "undefined"."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = ctx.new_page()
    pg.goto(f"{url}/one_vs_rest?scene=one-vs-rest")
    chart = pg.locator("[data-testid=stPlotlyChart]").first
    chart.locator(".nsewdrag").first.wait_for(timeout=90_000)
    box = chart.locator(".nsewdrag").first.bounding_box()
    pg.mouse.move(box["x"] + 0.1 * box["width"], box["y"] + 0.1 * box["height"])  # a corner: far from points
    label = chart.locator(".hoverlayer .hovertext").first
    label.wait_for(timeout=10_000)
    text = label.text_content()  # SVG: the lines are tspans, joined without a separator
    ctx.close()
    assert "model k claims" in text and "undefined" not in text
    for k, colour in enumerate(("blue", "orange", "green", "vermillion")):
        assert re.search(rf"p\({k}, {colour}\) \d{{1,3}}%", text), text
