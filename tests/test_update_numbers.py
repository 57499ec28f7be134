"""The Update page: the arithmetic of one step, per weight, read from Trainer.trace.

The numbers the table shows are checked against their own formulas and, put together, against the
recorded next weights (history row t+1) for every optimizer and penalty, SGD's last step of an
epoch included; then the page itself through AppTest.
"""

import json

import numpy as np
import pytest
from app_support import APP, app
from player_state import report
from streamlit.testing.v1 import AppTest

import lr
from lr.optimizers import OPTIMIZERS
from playground.experiment import run_experiment
from playground.points import Points
from playground.settings import Settings
from playground.ui.own_points import Upload
from playground.update_numbers import INTERCEPT, UpdateError, columns, epoch_update

ETA = {"adam": 0.05}  # the learning rate of each optimizer in these runs (1.0 otherwise)
CASES = [
    (optimizer, penalty)
    for optimizer in OPTIMIZERS
    for penalty in ("none", "l2", "l1")
    if not (optimizer == "newton" and penalty == "l1")
]


def settings(optimizer: str, penalty: str, **changes) -> Settings:
    fields = dict(
        n_samples=160, degree=2, optimizer=optimizer, penalty=penalty, alpha=0.02, epochs=25, batch_size=16
    )
    fields.update(learning_rate=ETA.get(optimizer, 1.0))
    fields.update(changes)
    return Settings(**fields)


def soft_threshold(w: np.ndarray, tau: np.ndarray) -> np.ndarray:
    return np.sign(w) * np.maximum(np.abs(w) - tau, 0.0) + 0.0


def shown(eu, update) -> dict[str, np.ndarray]:
    """The table's columns by their heading: the numbers the visitor reads."""
    return {q.symbol: q.values for q in columns(eu, update)}


def next_from_shown(eu, update, eta: float) -> np.ndarray:
    """θ_t+1 from the table's numbers alone, each checked against its own formula on the way."""
    col = shown(eu, update)
    theta, g = col["θ_t"], col["g"]
    if eu.penalty == "l2":
        np.testing.assert_array_equal(col["∇ data"] + col["∇ penalty"], g)
    symbol = update.step_symbol
    if symbol == "η·g":
        np.testing.assert_array_equal(col[symbol], eta * g)
    elif symbol == "η·v":
        np.testing.assert_array_equal(col[symbol], eta * col["v"])
    elif symbol == "η·m̂/(√v̂+ε)":
        np.testing.assert_array_equal(col["η/(√v̂+ε)"], eta / (np.sqrt(col["v̂"]) + 1e-8))
        np.testing.assert_array_equal(col[symbol], col["η/(√v̂+ε)"] * col["m̂"])
    else:  # Newton: H⁻¹g solves H·d = g at θ_t; the line search's t scales it
        assert symbol == "t·H⁻¹g"
        np.testing.assert_array_equal(col[symbol], update.line_search_step * col["H⁻¹g"])
    after = theta - col[symbol]
    if update.threshold is not None:
        d = eu.n_features
        np.testing.assert_array_equal(col["θ − step"], after)
        tau = col["τ"]
        assert np.isnan(tau[..., d:]).all()  # the intercept is never thresholded
        after[..., :d] = soft_threshold(after[..., :d], tau[..., :d])
    return after


@pytest.mark.parametrize(("optimizer", "penalty"), CASES)
def test_the_shown_numbers_reproduce_the_recorded_next_weights(optimizer, penalty):
    exp = run_experiment(settings(optimizer, penalty))
    h = exp.trainer.history
    E = h.n_epochs
    assert E >= 3
    eta = ETA.get(optimizer, 1.0)
    for t in sorted({0, 1, E // 2, E - 1}):
        eu = epoch_update(exp, t)
        assert eu.epoch == t and not eu.last
        theta = np.append(h.w[t], h.b[t])
        for update in eu.updates:  # SGD: every step of the epoch, each from the one before
            np.testing.assert_array_equal(update.before, theta)
            theta = next_from_shown(eu, update, eta)
            np.testing.assert_array_equal(theta, update.after)
            assert "θ_t+1" in shown(eu, update)
        recorded = np.append(h.w[t + 1], h.b[t + 1])  # after the last step: the record's next row
        np.testing.assert_allclose(theta, recorded, rtol=1e-12, atol=0)


@pytest.mark.parametrize(("optimizer", "penalty"), CASES)
def test_k_classes_the_matrix_numbers_reproduce_the_recorded_next_weights(optimizer, penalty):
    """Four classes: every column is Θ's matrix (K, d+1), one row per class, and the shown numbers
    rebuild the recorded Θ_t+1 = (W, b) exactly as for two classes."""
    exp = run_experiment(settings(optimizer, penalty, dataset="blobs", n_classes=4))
    h = exp.trainer.history
    E, K, d = h.n_epochs, 4, exp.trainer.n_features
    assert E >= 3 and h.w.shape[1:] == (K, d)
    eta = ETA.get(optimizer, 1.0)
    for t in sorted({0, 1, E - 1}):
        eu = epoch_update(exp, t)
        assert eu.n_classes == K and len(eu.entry_names) == K * (d + 1)
        theta = np.column_stack([h.w[t], h.b[t]])
        for update in eu.updates:
            assert all(q.values.shape == (K, d + 1) for q in columns(eu, update))
            np.testing.assert_array_equal(update.before, theta)
            theta = next_from_shown(eu, update, eta)
            np.testing.assert_array_equal(theta, update.after)
            np.testing.assert_allclose(update.before - update.step, shown(eu, update).get("θ − step", theta))
        recorded = np.column_stack([h.w[t + 1], h.b[t + 1]])
        np.testing.assert_allclose(theta, recorded, rtol=1e-12, atol=1e-12)


def test_k_classes_the_data_gradient_is_softmax_p_minus_y_times_x():
    """(P − Y)ᵀX₁/n: each class's row of the shown data gradient from the probabilities themselves."""
    exp = run_experiment(settings("gd", "l2", dataset="blobs", n_classes=3))
    eu = epoch_update(exp, 2)
    (update,) = eu.updates
    objective = exp.trainer.objective
    X1 = objective.XT.T  # (n, d+1): the features and a column of ones
    Z = X1 @ update.before.T  # (n, K)
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    Y = np.eye(3)[objective.y]
    np.testing.assert_allclose(update.data_gradient, (P - Y).T @ X1 / objective.n, rtol=1e-10, atol=1e-14)
    assert "(P − Y)ᵀX₁/n" in columns(eu, update)[1].meaning
    assert r"(P - Y)^\top X_1/n" in eu.gradient_formula and r"\Theta" in eu.formula
    assert eu.entry_names[:2] == ("w[class 0, x1]", "w[class 0, x2]")
    assert eu.entry_names[-1] == "b[class 2]"


def test_k_classes_l1_thresholds_every_class_and_never_the_intercepts():
    exp = run_experiment(settings("gd", "l1", dataset="blobs", n_classes=4, alpha=0.05, learning_rate=0.5))
    d = exp.trainer.n_features
    update = epoch_update(exp, 3).updates[0]
    th = update.threshold
    assert th.tau.shape == (4, d) and th.uniform and np.all(th.tau == 0.5 * 0.05)
    np.testing.assert_array_equal(th.after, update.after[:, :d])
    assert th.zeroed.shape == (4, d)


def test_two_classes_keep_their_names_and_vectors():
    eu = epoch_update(run_experiment(settings("gd", "l2")), 1)
    assert eu.n_classes == 2 and eu.entry_names == eu.names and eu.updates[0].before.ndim == 1
    assert eu.gradient_formula == r"g = \nabla J(\theta) = X_1^\top (p - y)/n + \nabla R(w)"


@pytest.mark.parametrize("optimizer", ["newton"])
def test_newtons_direction_solves_the_hessian_system(optimizer):
    exp = run_experiment(settings(optimizer, "l2"))
    objective = exp.trainer.objective
    update = epoch_update(exp, 1).updates[0]
    direction = shown(epoch_update(exp, 1), update)["H⁻¹g"]
    H = objective.hessian(update.before)
    np.testing.assert_allclose(H @ direction, update.gradient, rtol=1e-10, atol=1e-14)
    assert 0 < update.line_search_step <= 1


def test_an_sgd_epoch_is_one_step_per_batch_each_point_once():
    exp = run_experiment(settings("sgd", "l2"))
    n = exp.trainer.objective.n
    eu = epoch_update(exp, 3)
    assert len(eu.updates) == -(-n // 16)
    rows = np.concatenate([u.rows for u in eu.updates])
    np.testing.assert_array_equal(np.sort(rows), np.arange(n))
    assert all(len(u.rows) == 16 for u in eu.updates[:-1]) and 1 <= len(eu.updates[-1].rows) <= 16


def test_l1_shows_its_threshold_and_the_weights_it_zeroes():
    exp = run_experiment(settings("gd", "l1", alpha=0.05, degree=3, learning_rate=0.5))
    d = exp.trainer.n_features
    zeroed_any = False
    for t in range(exp.trainer.history.n_epochs):
        update = epoch_update(exp, t).updates[0]
        th = update.threshold
        assert th.uniform and np.all(th.tau == 0.5 * 0.05)  # τ = η·α
        np.testing.assert_array_equal(th.after, update.after[:d])
        np.testing.assert_array_equal(th.zeroed, (th.before != 0) & (update.after[:d] == 0))
        zeroed_any |= th.zeroed.any()
    assert zeroed_any


@pytest.mark.parametrize(("optimizer", "step_size"), [("momentum", 1.0 / (1 - 0.9)), ("adam", None)])
def test_the_threshold_uses_the_step_the_update_took(optimizer, step_size):
    exp = run_experiment(settings(optimizer, "l1"))
    update = epoch_update(exp, 2).updates[0]
    th = update.threshold
    if step_size is None:  # Adam: each weight its own step, η/(√v̂ + ε)
        d = exp.trainer.n_features
        np.testing.assert_array_equal(th.step_size, shown(epoch_update(exp, 2), update)["η/(√v̂+ε)"][:d])
    else:  # momentum: v settles at g/(1 − β), so its step is η/(1 − β)
        assert th.uniform and th.step_size[0] == pytest.approx(step_size)
    np.testing.assert_array_equal(th.tau, th.step_size * 0.02)


def test_the_last_epoch_has_no_step_only_the_gradient_there():
    exp = run_experiment(settings("momentum", "l2"))
    E = exp.trainer.history.n_epochs
    eu = epoch_update(exp, E)
    assert eu.last and len(eu.updates) == 1
    (update,) = eu.updates
    assert update.step is None and update.after is None
    theta = exp.trainer.record.theta[E]
    np.testing.assert_array_equal(update.before, theta)
    objective = exp.trainer.objective
    np.testing.assert_allclose(update.gradient, objective.gradient(theta.copy()), rtol=1e-13, atol=0)
    assert list(shown(eu, update)) == ["θ_t", "∇ data", "∇ penalty", "g"]
    assert eu.names[-1] == INTERCEPT and len(eu.names) == exp.trainer.objective.n_params


def test_names_follow_the_features_and_the_intercept_comes_last():
    exp = run_experiment(settings("gd", "none", degree=2))
    eu = epoch_update(exp, 0)
    assert eu.names == ("x1", "x2", "x1²", "x1·x2", "x2²", INTERCEPT)
    assert list(shown(eu, eu.updates[0])) == ["θ_t", "g", "η·g", "θ_t+1"]  # no penalty: g alone


@pytest.mark.parametrize("bad", [-1, 26, 2.0, True])
def test_an_epoch_outside_the_run_is_refused(bad):
    exp = run_experiment(settings("gd", "l2"))
    with pytest.raises(ValueError, match="epoch must be from 0 to 25"):
        epoch_update(exp, bad)


def test_a_diverged_run_shows_its_steps():
    exp = run_experiment(Settings(learning_rate=100.0))  # the too-large-step lesson
    assert exp.trainer.status == "diverged"
    E = exp.trainer.history.n_epochs
    for t in range(E + 1):
        eu = epoch_update(exp, t)
        assert eu.last == (t == E)
    assert UpdateError.__mro__[1] is ValueError


# ---------------------------------------------------------------- the page


def page(**query: str) -> AppTest:
    return app("app_pages/update.py", **query)


def epoch_slider(at: AppTest):
    (slider,) = [s for s in at.main.slider if s.label == "Epoch"]
    return slider


def table(at: AppTest):
    (frame,) = at.dataframe
    return frame.value


QUERIES = {
    "gd": {},
    "sgd": {"optimizer": "sgd"},
    "momentum": {"optimizer": "momentum"},
    "adam": {"optimizer": "adam", "learning_rate": "0.05"},
    "newton": {"optimizer": "newton"},
}


@pytest.mark.parametrize("optimizer", list(QUERIES))
def test_the_page_shows_every_optimizers_step(optimizer):
    at = page(**QUERIES[optimizer])
    s = Settings(
        **{**QUERIES[optimizer], "learning_rate": float(QUERIES[optimizer].get("learning_rate", 1.0))}
    )
    h = run_experiment(s).trainer.history
    slider = epoch_slider(at)
    assert slider.value == h.n_epochs - 1  # no epoch from the player: the run's last step
    frame = table(at)
    assert list(frame["weight"]) == [
        "x1",
        "x2",
        "x1²",
        "x1·x2",
        "x2²",
        "x1³",
        "x1²·x2",
        "x1·x2²",
        "x2³",
        INTERCEPT,
    ]
    assert len(at.latex) == 1 and at.latex[0].value.strip("$\n") == OPTIMIZERS[optimizer].formula
    assert len(at.get("plotly_chart")) == (2 if optimizer == "sgd" else 1)
    if optimizer != "sgd":  # one step: from the record's row t to its row t+1
        t = slider.value
        np.testing.assert_array_equal(frame["θ_t"], np.append(h.w[t], h.b[t]))
        np.testing.assert_allclose(frame["θ_t+1"], np.append(h.w[t + 1], h.b[t + 1]), rtol=1e-12, atol=0)


def test_the_epoch_slider_moves_the_step():
    at = page()
    epoch_slider(at).set_value(0).run()
    assert not at.exception
    frame = table(at)
    assert np.all(frame["θ_t"] == 0)  # the start: w = 0, b = 0
    h = run_experiment(Settings()).trainer.history
    np.testing.assert_allclose(frame["θ_t+1"], np.append(h.w[1], h.b[1]), rtol=1e-12, atol=0)


def test_sgds_step_slider_picks_a_batch_and_the_last_ends_at_the_next_epoch():
    at = page(optimizer="sgd")
    trainer = run_experiment(Settings(optimizer="sgd")).trainer
    h = trainer.history
    t = epoch_slider(at).value
    (step,) = [s for s in at.main.slider if s.label == "Mini-batch step"]
    assert step.value == 1
    np.testing.assert_array_equal(table(at)["θ_t"], np.append(h.w[t], h.b[t]))  # step 1 starts at θ_t
    n_steps = int(step.max)
    assert n_steps == -(-trainer.objective.n // 32)
    step.set_value(n_steps).run()
    assert not at.exception
    np.testing.assert_allclose(table(at)["θ_t+1"], np.append(h.w[t + 1], h.b[t + 1]), rtol=1e-12, atol=0)
    assert any(f"{n_steps} steps on batches of 32" in c.value for c in at.caption)


def test_l1_marks_the_weights_its_threshold_zeroes():
    at = page(degree="6", penalty="l1", alpha="0.01", epochs="1000")  # the L1 lesson's settings
    frame = table(at)
    assert "τ" in frame and "set to 0" in frame
    zeroed = list(frame["weight"][frame["set to 0"]])
    assert any(f"zeroes {len(zeroed)}:" in c.value for c in at.caption) or not zeroed
    assert not frame["set to 0"].iloc[-1]  # never the intercept


def test_the_last_epoch_says_so_and_shows_the_gradient():
    at = page()
    slider = epoch_slider(at)
    slider.set_value(slider.max).run()
    assert not at.exception
    assert any("is the run's last: no next step" in c.value for c in at.caption)
    assert list(table(at).columns) == ["weight", "θ_t", "∇ data", "∇ penalty", "g"]


def test_the_page_opens_at_the_players_epoch():
    at = AppTest.from_file(APP, default_timeout=60)
    report(at, 42)  # what the browser reports when paused
    at.run()
    at.switch_page("app_pages/update.py").run()
    assert not at.exception
    assert epoch_slider(at).value == 42


def test_the_visitors_axis_names_stay_text():
    """Column names from an uploaded file reach the caption only in code spans, Plotly escaped."""
    hostile = ("![b](http://127.0.0.1:9/x.png)", "<img src=x onerror=alert(1)>")
    X, y = lr.make_dataset("moons", 120, noise=0.2, random_state=0)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.session_state["upload_data"] = Upload("mine.csv", "abc123", Points(X, y, ("no", "yes"), hostile))
    at.session_state["upload"] = "abc123"
    at.session_state["optimizer"] = "sgd"
    at.run()
    at.switch_page("app_pages/update.py").run()
    assert not at.exception, [e.message for e in at.exception]
    (caption,) = [c.value for c in at.caption if "x1 is" in c.value]
    assert "![b](" not in caption.replace("`![b](http://127.0.0.1:9/x.png)`", "")
    assert "`<img src=x onerror=alert(1)>`" in caption
    batch = [json.loads(c.proto.spec) for c in at.get("plotly_chart")][1]
    assert batch["layout"]["yaxis"]["title"]["text"] == "&lt;img src=x onerror=alert(1)&gt;"


def test_newtons_rule_for_k_classes_names_the_block_hessian_and_its_minimum_norm_step() -> None:
    from playground.experiment import run_experiment
    from playground.settings import Settings
    from playground.update_numbers import epoch_update

    four = epoch_update(run_experiment(Settings(dataset="blobs", n_classes=4, optimizer="newton")), 1)
    assert r"H^{+} g" in four.formula and r"\otimes" in four.formula and "X_1^\\top S X_1" not in four.formula
    two = epoch_update(run_experiment(Settings(optimizer="newton")), 1)
    assert two.formula.startswith(r"\theta \leftarrow \theta - t\, H^{-1} g")
