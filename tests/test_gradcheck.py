"""Tests for lr.gradcheck: the objective and its gradient against independent formulas and finite
differences, for every penalty, with and without an intercept; the intercept is never penalised."""

import numpy as np
import pytest

import lr
import lr.gradcheck as gradcheck

PENALTIES = ["none", "l2", "l1"]


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 4)) * [1.0, 3.0, 0.5, 2.0]
    y = (rng.random(60) < 0.4).astype(float)
    w = rng.normal(size=4)
    w = np.where(np.abs(w) < 0.2, 0.5, w)  # away from L1's kink at 0
    return X, y, w, -0.3


def ref_objective(X, y, w, b, penalty, alpha):
    z = X @ w + b
    R = {"none": 0.0, "l2": 0.5 * alpha * w @ w, "l1": alpha * np.abs(w).sum()}[penalty]
    return np.mean(np.logaddexp(0.0, z) - y * z) + R


def central_differences(f, theta, h=1e-6):
    return np.array([(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in np.eye(theta.size)])


def test_exports():
    assert lr.check_gradient is gradcheck.check_gradient
    assert lr.objective is gradcheck.objective
    assert lr.objective_gradient is gradcheck.objective_gradient


@pytest.mark.parametrize("penalty", PENALTIES)
def test_objective_matches_independent_formula(problem, penalty):
    X, y, w, b = problem
    got = lr.objective(X, y, w, b, penalty, 0.7)
    assert isinstance(got, float)
    assert got == pytest.approx(ref_objective(X, y, w, b, penalty, 0.7), rel=1e-14)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("penalty", PENALTIES)
def test_check_gradient_is_small(problem, penalty, fit_intercept):
    X, y, w, b = problem
    for alpha in (0.0, 0.05, 2.0):
        err = lr.check_gradient(X, y, w, b, penalty=penalty, alpha=alpha, fit_intercept=fit_intercept)
        assert 0.0 <= err < 1e-6, (penalty, alpha, fit_intercept, err)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("penalty", PENALTIES)
def test_objective_gradient_against_own_central_differences(problem, penalty, fit_intercept):
    X, y, w, b = problem
    alpha = 0.3
    if fit_intercept:
        gw, gb = lr.objective_gradient(X, y, w, b, penalty, alpha)
        analytic = np.append(gw, gb)
        numeric = central_differences(
            lambda t: ref_objective(X, y, t[:-1], t[-1], penalty, alpha), np.append(w, b)
        )
    else:  # b fixed at 0: the gradient in w alone
        analytic, _ = lr.objective_gradient(X, y, w, 0.0, penalty, alpha)
        numeric = central_differences(lambda t: ref_objective(X, y, t, 0.0, penalty, alpha), w)
    rel = np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), 1e-8)
    assert rel.max() < 1e-6


def test_check_gradient_catches_a_wrong_gradient(problem, monkeypatch):
    X, y, w, b = problem
    assert lr.check_gradient(X, y, w, b, penalty="l2", alpha=0.1) < 1e-6
    right = gradcheck.gradient
    monkeypatch.setattr(gradcheck, "gradient", lambda *a: (right(*a)[0] * 1.01, right(*a)[1]))
    assert (
        lr.check_gradient(X, y, w, b, penalty="l2", alpha=0.1) > 1e-5
    )  # far above the ~1e-9 of a right gradient
    monkeypatch.setattr(gradcheck, "gradient", lambda *a: (right(*a)[0], right(*a)[1] + 1e-3))
    assert lr.check_gradient(X, y, w, b, penalty="l2", alpha=0.1) > 1e-5


# ---------------------------------------------------------------- the intercept is not penalised


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_intercept_gradient_has_no_penalty_term(problem, penalty):
    X, y, w, b = problem
    _, gb0 = lr.objective_gradient(X, y, w, b, penalty, 0.0)
    gw_big, gb_big = lr.objective_gradient(X, y, w, b, penalty, 1e6)
    assert gb_big == gb0
    assert gb0 == pytest.approx(np.mean(1 / (1 + np.exp(-(X @ w + b))) - y), rel=1e-12)
    assert np.abs(gw_big).min() > 1e5  # while w's gradient does carry α


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_objective_does_not_penalise_the_intercept(problem, penalty):
    X, y, w, _ = problem
    for b in (-5.0, 0.0, 3.0):
        diff = lr.objective(X, y, w, b, penalty, 1e3) - lr.objective(X, y, w, b, penalty, 0.0)
        expected = 1e3 * (0.5 * w @ w if penalty == "l2" else np.abs(w).sum())
        assert diff == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("optimizer", "penalty", "learning_rate", "epochs"),
    [("newton", "l2", 0.1, 50), ("gd", "l1", 1.0, 4000), ("adam", "l1", 0.05, 4000)],
)
def test_huge_alpha_keeps_the_intercept_at_the_class_log_odds(optimizer, penalty, learning_rate, epochs):
    X, y = lr.make_dataset("linear", 300, noise=0.5, balance=0.3, random_state=1)
    log_odds = np.log(y.mean() / (1 - y.mean()))
    alpha = 1e4
    model = lr.LogisticRegression(
        penalty=penalty,
        alpha=alpha,
        optimizer=optimizer,
        learning_rate=learning_rate,
        epochs=epochs,
        tol=1e-9,
    ).fit(X, y)
    assert np.abs(model.coef_).max() < 1e-3
    assert model.intercept_[0] == pytest.approx(log_odds, abs=1e-3)
    # and with the intercept on: the mean prediction equals the class balance
    assert model.predict_proba(X)[:, 1].mean() == pytest.approx(y.mean(), abs=1e-3)
