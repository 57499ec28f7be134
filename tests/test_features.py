"""Tests for lr.features, with sklearn.preprocessing as an independent oracle."""

import re

import numpy as np
import pytest
import sklearn.preprocessing as skp

from lr.features import PolynomialFeatures, StandardScaler

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _sklearn_name_to_ours(name: str) -> str:
    """'x0^2 x1' (sklearn) -> 'x1²·x2' (ours): 1-based inputs, superscripts, middle dot."""
    factors = []
    for factor in name.split(" "):
        match = re.fullmatch(r"x(\d+)(?:\^(\d+))?", factor)
        assert match, name
        base = f"x{int(match[1]) + 1}"
        factors.append(base + (match[2] or "").translate(SUPERSCRIPTS))
    return "·".join(factors)


# ---------------------------------------------------------- PolynomialFeatures


@pytest.mark.parametrize("n_in", [1, 2, 3, 4])
@pytest.mark.parametrize("degree", [1, 2, 3, 4, 5, 6])
def test_polynomial_matches_sklearn(n_in, degree):
    X = np.random.default_rng(degree * 10 + n_in).normal(size=(7, n_in))
    ours = PolynomialFeatures(degree).fit(X)
    theirs = skp.PolynomialFeatures(degree, include_bias=False).fit(X)

    np.testing.assert_array_equal(ours.powers_, theirs.powers_)  # same columns, same order
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-12)
    assert ours.get_feature_names_out() == [_sklearn_name_to_ours(n) for n in theirs.get_feature_names_out()]
    assert ours.n_features_in_ == n_in
    assert ours.n_output_features_ == theirs.n_output_features_


def test_polynomial_values_are_products_of_powers():
    X = np.random.default_rng(0).uniform(-2, 2, size=(5, 3))
    poly = PolynomialFeatures(4).fit(X)
    expected = np.prod(X[:, None, :] ** poly.powers_[None, :, :], axis=2)
    np.testing.assert_allclose(poly.transform(X), expected, rtol=1e-12)
    assert poly.powers_.dtype.kind == "i"


def test_degree_1_and_2_on_two_inputs():
    X = np.array([[2.0, 3.0], [-1.0, 0.5]])
    np.testing.assert_array_equal(PolynomialFeatures(1).fit_transform(X), X)
    np.testing.assert_allclose(
        PolynomialFeatures(2).fit_transform(X),
        [[2, 3, 4, 6, 9], [-1, 0.5, 1, -0.5, 0.25]],
    )


def test_names_for_degree_3():
    poly = PolynomialFeatures(degree=3).fit(np.zeros((1, 2)))
    assert poly.get_feature_names_out() == [
        "x1", "x2", "x1²", "x1·x2", "x2²", "x1³", "x1²·x2", "x1·x2²", "x2³",
    ]  # fmt: skip
    np.testing.assert_array_equal(poly.powers_[3], [1, 1])


def test_names_with_custom_inputs():
    poly = PolynomialFeatures(2).fit(np.zeros((1, 2)))
    assert poly.get_feature_names_out(["a", "b"]) == ["a", "b", "a²", "a·b", "b²"]
    with pytest.raises(ValueError, match=r"input_features has 3 names.*fitted with 2"):
        poly.get_feature_names_out(["a", "b", "c"])


def test_init_only_stores_and_fit_returns_self():
    poly = PolynomialFeatures(99)  # invalid, but only checked at fit time
    assert poly.degree == 99 and not hasattr(poly, "powers_")
    good = PolynomialFeatures(2)
    assert good.fit(np.ones((3, 2))) is good


def test_transform_of_new_data_and_empty_rows():
    poly = PolynomialFeatures(2).fit(np.ones((3, 2)))
    assert poly.transform(np.ones((0, 2))).shape == (0, 5)
    np.testing.assert_allclose(poly.transform([[1, 2]]), [[1, 2, 1, 2, 4]])


@pytest.mark.parametrize(
    ("degree", "error"), [(0, ValueError), (7, ValueError), (2.0, TypeError), (True, TypeError)]
)
def test_bad_degree(degree, error):
    with pytest.raises(error) as info:
        PolynomialFeatures(degree).fit(np.ones((2, 2)))
    assert str(info.value) == f"degree must be an integer in [1, 6], got {degree!r}"


def test_polynomial_transform_errors():
    with pytest.raises(ValueError, match="fit"):
        PolynomialFeatures(2).transform(np.ones((2, 2)))
    with pytest.raises(ValueError, match="fit"):
        PolynomialFeatures(2).get_feature_names_out()
    poly = PolynomialFeatures(2).fit(np.ones((2, 2)))
    with pytest.raises(ValueError, match="X has 3 features, but PolynomialFeatures was fitted with 2"):
        poly.transform(np.ones((2, 3)))
    with pytest.raises(ValueError, match="X contains NaN or inf"):
        poly.transform([[1.0, np.nan]])
    with pytest.raises(ValueError, match=r"X must be 2-D .* got shape \(2,\)"):
        poly.transform(np.ones(2))
    with pytest.raises(TypeError, match="X must be numeric"):
        poly.transform([["a", "b"]])


# -------------------------------------------------------------- StandardScaler


def test_scaler_matches_sklearn_including_a_constant_column():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(3, 2, 50), rng.uniform(-5, 0, 50), np.full(50, 0.1)])
    ours = StandardScaler().fit(X)
    theirs = skp.StandardScaler().fit(X)
    np.testing.assert_allclose(ours.mean_, theirs.mean_, rtol=1e-12)
    np.testing.assert_allclose(ours.scale_, theirs.scale_, rtol=1e-12)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), atol=1e-12)
    assert ours.scale_[2] == 1.0
    np.testing.assert_allclose(ours.transform(X)[:, 2], 0.0, atol=1e-15)


def test_scaler_standardises_and_inverts():
    X = np.random.default_rng(1).normal(10, 4, size=(100, 2))
    scaler = StandardScaler()
    Z = scaler.fit_transform(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1.0, rtol=1e-12)  # population std (ddof=0)
    np.testing.assert_allclose(scaler.inverse_transform(Z), X, rtol=1e-12)


def test_scaler_uses_training_statistics_on_test_data():
    rng = np.random.default_rng(2)
    X_train, X_test = rng.normal(0, 1, (40, 2)), rng.normal(5, 3, (10, 2))
    ours = StandardScaler().fit(X_train)
    theirs = skp.StandardScaler().fit(X_train)
    np.testing.assert_allclose(ours.transform(X_test), theirs.transform(X_test), rtol=1e-12)


def test_scaler_errors():
    with pytest.raises(ValueError, match="fit"):
        StandardScaler().transform(np.ones((2, 2)))
    with pytest.raises(ValueError, match="fit"):
        StandardScaler().inverse_transform(np.ones((2, 2)))
    scaler = StandardScaler().fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="X has 1 features, but StandardScaler was fitted with 2"):
        scaler.transform(np.ones((3, 1)))
    with pytest.raises(ValueError, match="X contains NaN or inf"):
        StandardScaler().fit([[1.0, np.inf]])
    with pytest.raises(ValueError, match="at least one row"):
        StandardScaler().fit(np.ones((0, 2)))
