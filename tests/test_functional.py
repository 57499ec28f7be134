"""Tests for lr.functional: the logistic loss's building blocks, against direct NumPy formulas."""

import numpy as np
import pytest

import lr
from lr.functional import bce_from_logits, log1pexp, residual, sigmoid, sqrt_curvature

# over/invalid/divide raise; underflow (e^(-1000) = 0) is exact and allowed
STRICT = {"over": "raise", "invalid": "raise", "divide": "raise"}
EXTREMES = np.array([-1000.0, -745.0, -710.0, -40.0, -1e-9, 0.0, 1e-9, 40.0, 710.0, 745.0, 1000.0])


def _ref_log1pexp(z):
    return np.logaddexp(0.0, z)


def test_exports():
    assert lr.sigmoid is sigmoid
    assert lr.log1pexp is log1pexp
    assert lr.bce_from_logits is bce_from_logits


# ---------------------------------------------------------------- sigmoid


def test_sigmoid_saturates_exactly_without_warning():
    with np.errstate(**STRICT):
        assert sigmoid(1000.0) == 1.0
        assert sigmoid(-1000.0) == 0.0
        out = sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(out, [0.0, 1.0])
    assert sigmoid(0.0) == 0.5


def test_sigmoid_matches_textbook_formula_on_moderate_z():
    z = np.linspace(-30.0, 30.0, 20001)
    ref = 1.0 / (1.0 + np.exp(-z))
    np.testing.assert_allclose(sigmoid(z), ref, rtol=1e-15, atol=0)


def test_sigmoid_is_symmetric():
    z = np.concatenate([np.linspace(-50.0, 50.0, 10001), EXTREMES])
    with np.errstate(**STRICT):
        np.testing.assert_allclose(sigmoid(-z), 1.0 - sigmoid(z), rtol=0, atol=1e-15)


def test_sigmoid_keeps_shape_and_accepts_ints_and_lists():
    Z = np.arange(-6, 6).reshape(3, 4)
    out = sigmoid(Z)
    assert out.shape == (3, 4)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, 1.0 / (1.0 + np.exp(-Z.astype(float))), rtol=1e-15)
    np.testing.assert_allclose(sigmoid([0, 1]), [0.5, 1 / (1 + np.exp(-1.0))], rtol=1e-15)
    assert ((out > 0) & (out < 1)).all()
    assert np.all(np.diff(sigmoid(np.linspace(-20, 20, 101))) > 0)  # strictly increasing


# ---------------------------------------------------------------- log1pexp and BCE


def test_log1pexp_matches_logaddexp_including_extremes():
    z = np.concatenate([np.linspace(-60.0, 60.0, 12001), EXTREMES])
    with np.errstate(**STRICT):
        got = log1pexp(z)
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got, _ref_log1pexp(z), rtol=1e-15, atol=0)
    assert log1pexp(1000.0) == 1000.0
    assert log1pexp(-1000.0) == 0.0
    assert log1pexp(0.0) == pytest.approx(np.log(2.0), rel=1e-15)


def test_bce_from_logits_matches_reference_including_extremes():
    rng = np.random.default_rng(0)
    z = np.concatenate([rng.normal(scale=5.0, size=500), EXTREMES])
    y = rng.integers(0, 2, z.size).astype(float)
    with np.errstate(**STRICT):
        got = bce_from_logits(z, y)
    assert isinstance(got, float)
    assert np.isfinite(got)
    assert got == pytest.approx(np.mean(np.logaddexp(0.0, z) - y * z), rel=1e-15)


@pytest.mark.parametrize(
    ("z", "y", "expected"),
    [(1000.0, 0.0, 1000.0), (-1000.0, 1.0, 1000.0), (1000.0, 1.0, 0.0), (-1000.0, 0.0, 0.0)],
)
def test_bce_confident_predictions_cost_about_abs_z(z, y, expected):
    with np.errstate(**STRICT):
        got = bce_from_logits(np.array([z]), np.array([y]))
    assert np.isfinite(got)
    assert got == pytest.approx(expected, rel=1e-15, abs=1e-300)


def test_bce_from_logits_equals_textbook_cross_entropy():
    rng = np.random.default_rng(1)
    z = rng.normal(scale=3.0, size=200)
    y = rng.integers(0, 2, 200).astype(float)
    p = 1.0 / (1.0 + np.exp(-z))
    textbook = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert bce_from_logits(z, y) == pytest.approx(textbook, rel=1e-12)
    assert bce_from_logits(np.zeros(7), np.ones(7)) == pytest.approx(np.log(2.0), rel=1e-15)


def test_bce_of_a_block_equals_separate_bce_from_logits():
    rng = np.random.default_rng(2)
    k, n = 6, 257
    Z = rng.normal(scale=4.0, size=(k, n))
    Z[1, :11] = EXTREMES
    Z[2] = 0.0
    Z[3] = 1000.0 * np.sign(rng.normal(size=n))
    y = rng.integers(0, 2, n).astype(float)
    Z_before = Z.copy()
    with np.errstate(**STRICT):
        got = bce_from_logits(Z, y)
    assert got.shape == (k,)
    assert np.isfinite(got).all()
    expected = [bce_from_logits(Z[i], y) for i in range(k)]
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=0)
    np.testing.assert_array_equal(Z, Z_before)  # the input block is not overwritten
    assert got[2] == pytest.approx(np.log(2.0), rel=1e-15)


# ---------------------------------------------------------------- residual and gradient


def test_residual_equals_sigmoid_minus_y():
    rng = np.random.default_rng(3)
    z = np.concatenate([rng.normal(scale=6.0, size=300), EXTREMES])
    y = rng.integers(0, 2, z.size).astype(float)
    z_before = z.copy()
    with np.errstate(**STRICT):
        r = residual(z, 0.5 - y)
    np.testing.assert_allclose(r, sigmoid(z) - y, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(z, z_before)

    out = np.empty_like(z)
    r2 = residual(z, 0.5 - y, out=out)
    assert r2 is out
    np.testing.assert_array_equal(r2, r)


def test_bce_of_a_block_uses_the_work_array_and_keeps_its_input():
    rng = np.random.default_rng(5)
    Z = rng.normal(scale=4.0, size=(3, 101))
    y = rng.integers(0, 2, 101).astype(float)
    work = np.empty_like(Z)
    Z_before = Z.copy()
    np.testing.assert_array_equal(bce_from_logits(Z, y, out=work), bce_from_logits(Z, y))
    np.testing.assert_array_equal(Z, Z_before)


# ---------------------------------------------------------------- the curvature


def test_sqrt_curvature_is_the_root_of_p_times_one_minus_p():
    rng = np.random.default_rng(6)
    z = np.concatenate([rng.normal(scale=6.0, size=300), EXTREMES, [-1500.0, 1500.0]])
    with np.errstate(**STRICT):
        s = sqrt_curvature(z)
    p_times_one_minus_p = sigmoid(z) * sigmoid(-z)  # 1 − σ(z) = σ(−z), without cancellation
    np.testing.assert_allclose(s * s, p_times_one_minus_p, rtol=1e-13, atol=1e-300)
    assert sqrt_curvature(np.array([0.0]))[0] == 0.5  # p = ½: p(1 − p) = ¼
    np.testing.assert_array_equal(sqrt_curvature(np.array([-1500.0, 1500.0])), [0.0, 0.0])
    out = np.empty_like(z)
    assert sqrt_curvature(z, out=out) is out
