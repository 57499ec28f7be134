"""Tests for lr.gradcheck: it checks the gradient training uses (Objective.gradient), reads small when
that gradient is right, at any point and at a converged optimum, and catches a wrong one there too."""

import numpy as np
import pytest

import lr
import lr.gradcheck as gradcheck
from lr.objective import Objective

PENALTIES = ["none", "l2", "l1"]


@pytest.fixture(scope="module")
def optimum():
    """A penalised problem and the optimum of a converged Newton run on it."""
    X, y = lr.make_dataset("moons", 300, noise=0.3, random_state=0)
    X = lr.StandardScaler().fit_transform(lr.PolynomialFeatures(3).fit_transform(X))
    tr = lr.Trainer(X, y, penalty="l2", alpha=0.01, optimizer="newton", tol=1e-12).run(50)
    assert tr.status == "converged"
    return Objective(X, y, penalty="l2", alpha=0.01), tr.theta.copy()


def test_exports():
    assert lr.check_gradient is gradcheck.check_gradient
    assert lr.GradientCheck is gradcheck.GradientCheck


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("penalty", PENALTIES)
def test_check_gradient_is_small(problem, penalty, fit_intercept):
    X, y, w, b = problem
    theta = np.append(w, b) if fit_intercept else w
    for alpha in (0.0, 0.05, 2.0):
        obj = Objective(X, y, penalty=penalty, alpha=alpha, fit_intercept=fit_intercept)
        err = lr.check_gradient(obj, theta).error
        assert 0.0 <= err < 1e-6, (penalty, alpha, fit_intercept, err)


def test_the_result_says_what_was_checked_and_where(problem):
    X, y, w, b = problem
    theta = np.append(w, b)
    result = lr.check_gradient(Objective(X, y, penalty="l2", alpha=0.1), theta, np.zeros(5))
    assert isinstance(result, lr.GradientCheck)
    assert len(result.points) == len(result.errors) == 2
    np.testing.assert_array_equal(result.points[0], theta)
    np.testing.assert_array_equal(result.points[1], 0.0)
    assert result.error == max(result.errors)
    assert result.scale == pytest.approx(np.linalg.norm(Objective(X, y).gradient(np.zeros(5))), rel=1e-12)
    assert "L2" in result.checked
    l1 = lr.check_gradient(Objective(X, y, penalty="l1", alpha=0.1), theta)
    assert "data term" in l1.checked and "L1" in l1.checked and "only" in l1.checked
    assert l1.error < 1e-6
    (default,) = lr.check_gradient(Objective(X, y)).points  # by default: θ = 0, where training starts
    np.testing.assert_array_equal(default, 0.0)
    with pytest.raises(ValueError, match="5 entries"):
        lr.check_gradient(Objective(X, y), w)


def test_check_gradient_catches_a_wrong_gradient(problem, monkeypatch):
    X, y, w, b = problem
    obj = Objective(X, y, penalty="l2", alpha=0.1)
    theta = np.append(w, b)
    assert lr.check_gradient(obj, theta).error < 1e-6
    right = Objective.data_gradient

    def w_off_by_one_percent(self, z):
        g = right(self, z)
        g[:-1] *= 1.01
        return g

    def b_off(self, z):
        g = right(self, z)
        g[-1] += 1e-3
        return g

    monkeypatch.setattr(Objective, "data_gradient", w_off_by_one_percent)
    assert lr.check_gradient(obj, theta).error > 1e-5  # far above the ~1e-9 of a right gradient
    monkeypatch.setattr(Objective, "data_gradient", b_off)
    assert lr.check_gradient(obj, theta).error > 1e-5


def test_small_at_a_converged_optimum(optimum):
    """At the optimum the gradient is rounding noise; relative to the gradient's scale at θ = 0 the
    check still reads as small as anywhere else (relative to ‖a‖ + ‖f‖ it would read about 1e-3)."""
    obj, theta = optimum
    assert np.linalg.norm(obj.gradient(theta)) < 1e-10
    result = lr.check_gradient(obj, theta, np.zeros(obj.n_params))
    assert result.error <= 1e-6
    assert result.scale > 1e-2


@pytest.mark.parametrize("where", ["optimum", "start", "between"])
@pytest.mark.parametrize("mistake", ["penalty sign", "residual sign"])
def test_catches_a_sign_error_at_the_optimum_and_away_from_it(optimum, monkeypatch, where, mistake):
    obj, theta_opt = optimum
    theta = {"optimum": theta_opt, "start": np.zeros(obj.n_params), "between": 0.5 * theta_opt}[where]
    if mistake == "penalty sign" and where == "start":
        theta = 0.1 * theta_opt  # ∇R(0) = 0: a penalty's sign shows only where w ≠ 0
    assert lr.check_gradient(obj, theta).error < 1e-6
    if mistake == "penalty sign":  # the classic: −α·w instead of α·w
        right = Objective.penalty_gradient
        monkeypatch.setattr(Objective, "penalty_gradient", lambda self, t: -right(self, t))
    else:  # y − p instead of p − y
        right = Objective.data_gradient
        monkeypatch.setattr(Objective, "data_gradient", lambda self, z: -right(self, z))
    assert lr.check_gradient(obj, theta).error > 1e-3
