"""Tests for lr.datasets: the toy datasets and the stratified split."""

import numpy as np
import pytest
from sklearn.datasets import make_circles, make_moons

from lr.datasets import DATASETS, make_dataset, train_test_split


def _sorted_rows(X: np.ndarray) -> np.ndarray:
    """Rows in a canonical order, to compare point sets regardless of shuffling."""
    return X[np.lexsort(X.T[::-1])]


# ---------------------------------------------------------------- make_dataset


def test_datasets_tuple():
    assert DATASETS == ("linear", "moons", "circles", "xor", "spiral")


@pytest.mark.parametrize("name", DATASETS)
def test_shapes_dtypes_and_labels(name):
    X, y = make_dataset(name, 150, random_state=0)
    assert X.shape == (150, 2) and X.dtype == np.float64
    assert y.shape == (150,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    assert np.isfinite(X).all()


@pytest.mark.parametrize("name", DATASETS)
def test_fits_the_shared_plot_grid_at_default_noise(name):
    X, _ = make_dataset(name, 1000, random_state=3)
    assert np.abs(X).max() < 3.5
    assert np.abs(X).max() > 1.0  # and actually uses it rather than a tiny corner


@pytest.mark.parametrize("name", DATASETS)
def test_same_seed_same_data_different_seed_different_data(name):
    X1, y1 = make_dataset(name, 100, noise=0.2, random_state=42)
    X2, y2 = make_dataset(name, 100, noise=0.2, random_state=42)
    X3, _ = make_dataset(name, 100, noise=0.2, random_state=43)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", DATASETS)
def test_rows_are_shuffled(name):
    _, y = make_dataset(name, 200, random_state=0)
    # Sorted labels would be 100 zeros then 100 ones: exactly one change.
    assert np.count_nonzero(np.diff(y)) > 10


@pytest.mark.parametrize(
    ("n", "balance", "n_ones"),
    [(200, 0.5, 100), (200, 0.3, 60), (200, 0.9, 180), (10, 0.25, 2), (2, 0.1, 1), (3, 0.9, 2)],
)
def test_balance_sets_the_class_1_count_with_one_of_each_kept(n, balance, n_ones):
    for name in DATASETS:
        _, y = make_dataset(name, n, balance=balance, random_state=1)
        assert y.sum() == n_ones, name


def test_moons_without_noise_is_sklearns_moons_centred_and_scaled():
    for n_out, n_in in [(50, 50), (70, 30)]:
        X, y = make_dataset("moons", n_out + n_in, noise=0.0, balance=n_in / (n_out + n_in))
        X_sk, y_sk = make_moons((n_out, n_in), noise=0.0, shuffle=False)
        expected = 1.5 * (X_sk - (0.5, 0.25))
        for label in (0, 1):
            np.testing.assert_allclose(
                _sorted_rows(X[y == label]), _sorted_rows(expected[y_sk == label]), atol=1e-12
            )


def test_circles_without_noise_is_sklearns_circles_scaled():
    X, y = make_dataset("circles", 80, noise=0.0, balance=0.25)
    X_sk, y_sk = make_circles((60, 20), noise=0.0, factor=0.5, shuffle=False)
    for label in (0, 1):
        np.testing.assert_allclose(
            _sorted_rows(X[y == label]), _sorted_rows(2.0 * X_sk[y_sk == label]), atol=1e-12
        )


def test_noise_is_in_units_of_the_shape_size():
    # Circles: outer radius 1 scaled by 2, so noise=0.2 should spread radii by about 0.2 * 2.
    X, y = make_dataset("circles", 20000, noise=0.2, balance=0.5, random_state=0)
    r = np.hypot(X[y == 0, 0], X[y == 0, 1])
    assert abs(r.mean() - 2.0) < 0.05
    assert abs(r.std() - 0.4) < 0.03


def test_xor_without_noise_labels_by_quadrant():
    X, y = make_dataset("xor", 400, noise=0.0, random_state=0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))
    assert np.abs(X).max() <= 2.0
    # All four quadrants are used.
    quadrants = {(bool(a > 0), bool(b > 0)) for a, b in X}
    assert len(quadrants) == 4


def test_linear_blobs_sit_at_minus_one_and_plus_one():
    X, y = make_dataset("linear", 4000, noise=0.0, random_state=0)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-1, -1], atol=0.05)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [1, 1], atol=0.05)
    np.testing.assert_allclose(X[y == 0].std(axis=0), [0.5, 0.5], atol=0.03)


def test_spiral_arms_are_each_other_rotated_by_half_a_turn():
    X, y = make_dataset("spiral", 200, noise=0.0, random_state=0)
    np.testing.assert_allclose(_sorted_rows(X[y == 1]), _sorted_rows(-X[y == 0]), atol=1e-12)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.min() == pytest.approx(0.25) and r.max() == pytest.approx(2.5)


def test_noise_zero_vs_noise_moves_points():
    X0, _ = make_dataset("circles", 100, noise=0.0, random_state=5)
    r0 = np.hypot(X0[:, 0], X0[:, 1])
    assert set(np.round(r0, 12)) == {1.0, 2.0}
    X1, _ = make_dataset("circles", 100, noise=0.3, random_state=5)
    r1 = np.hypot(X1[:, 0], X1[:, 1])
    assert len(set(np.round(r1, 12))) > 90


def test_unknown_name_lists_the_choices():
    with pytest.raises(ValueError, match="name must be one of") as info:
        make_dataset("blobs")
    for name in DATASETS:
        assert repr(name) in str(info.value)
    assert "'blobs'" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_samples": 1}, ValueError, "n_samples must be an integer in [2, 100000], got 1"),
        ({"n_samples": 100001}, ValueError, "got 100001"),
        ({"n_samples": True}, TypeError, "n_samples must be an integer in [2, 100000], got True"),
        ({"n_samples": 10.0}, TypeError, "got 10.0"),
        ({"noise": -0.1}, ValueError, "noise must be a number in [0, 1], got -0.1"),
        ({"noise": 1.5}, ValueError, "got 1.5"),
        ({"noise": float("nan")}, ValueError, "got nan"),
        ({"noise": "0.1"}, TypeError, "noise must be a number"),
        ({"balance": 0.05}, ValueError, "balance must be a number in [0.1, 0.9], got 0.05"),
        ({"balance": 0.95}, ValueError, "got 0.95"),
        ({"random_state": -1}, ValueError, "random_state must be None or a non-negative integer"),
        ({"random_state": 1.5}, TypeError, "got 1.5"),
    ],
)
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error) as info:
        make_dataset("moons", **kwargs)
    assert message in str(info.value)


def test_numpy_integers_are_accepted():
    X, _ = make_dataset("xor", np.int64(20), random_state=np.int64(0))
    assert X.shape == (20, 2)


# ------------------------------------------------------------ train_test_split


def _indexed(y: np.ndarray) -> np.ndarray:
    """A feature matrix whose first column is the row number, to track where rows went."""
    return np.column_stack([np.arange(y.size), np.zeros(y.size)])


def test_split_is_a_partition_with_rows_kept_aligned():
    y = np.array([0] * 140 + [1] * 60)
    X = _indexed(y)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, random_state=0)
    ids = np.concatenate([X_tr[:, 0], X_te[:, 0]]).astype(int)
    np.testing.assert_array_equal(np.sort(ids), np.arange(200))
    np.testing.assert_array_equal(y_tr, y[X_tr[:, 0].astype(int)])
    np.testing.assert_array_equal(y_te, y[X_te[:, 0].astype(int)])


def test_split_is_stratified():
    y = np.array([0] * 140 + [1] * 60)
    _, _, y_tr, y_te = train_test_split(_indexed(y), y, test_size=0.25, random_state=0)
    assert (np.sum(y_te == 0), np.sum(y_te == 1)) == (35, 15)
    assert (np.sum(y_tr == 0), np.sum(y_tr == 1)) == (105, 45)


def test_split_shuffles_rows():
    y = np.array([0] * 100 + [1] * 100)
    X_tr, _, _, _ = train_test_split(_indexed(y), y, random_state=0)
    assert not np.all(np.diff(X_tr[:, 0]) > 0)
    assert np.count_nonzero(np.diff(y[X_tr[:, 0].astype(int)])) > 10


def test_every_class_keeps_a_training_point():
    y = np.array([0] * 20 + [1])
    _, _, y_tr, y_te = train_test_split(_indexed(y), y, test_size=0.9, random_state=0)
    assert 1 in y_tr and 1 not in y_te
    assert np.sum(y_te == 0) == 18


def test_test_size_zero_gives_empty_test_arrays():
    y = np.array([0, 1, 0, 1, 1])
    X = np.ones((5, 3))
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0, random_state=0)
    assert X_tr.shape == (5, 3) and y_tr.shape == (5,)
    assert X_te.shape == (0, 3) and y_te.shape == (0,)


def test_split_is_deterministic_for_a_seed():
    X, y = make_dataset("moons", 100, random_state=0)
    a = train_test_split(X, y, random_state=7)
    b = train_test_split(X, y, random_state=7)
    c = train_test_split(X, y, random_state=8)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], c[0])


def test_split_works_with_string_labels():
    y = np.array(["cat"] * 8 + ["dog"] * 4)
    _, _, y_tr, y_te = train_test_split(_indexed(y), y, test_size=0.5, random_state=0)
    assert sorted(y_te.tolist()) == ["cat"] * 4 + ["dog"] * 2
    assert y_tr.size == 6


@pytest.mark.parametrize(
    ("X", "y", "kwargs", "error", "message"),
    [
        (np.ones((4, 2)), np.array([0, 1, 0, 1]), {"test_size": 0.95}, ValueError, "test_size"),
        (np.ones((4, 2)), np.array([0, 1, 0, 1]), {"test_size": -0.1}, ValueError, "got -0.1"),
        (np.ones((4, 2)), np.array([0, 1, 0]), {}, ValueError, "(4 and 3)"),
        (np.ones(4), np.array([0, 1, 0, 1]), {}, ValueError, "X must be 2-D"),
        (np.ones((4, 2)), np.ones((4, 1)), {}, ValueError, "y must be 1-D"),
        (np.ones((0, 2)), np.ones(0), {}, ValueError, "empty"),
    ],
)
def test_split_bad_arguments(X, y, kwargs, error, message):
    with pytest.raises(error) as info:
        train_test_split(X, y, **kwargs)
    assert message in str(info.value)


@pytest.mark.parametrize("name", DATASETS)
def test_the_default_noise_blurs_but_keeps_the_shape(name):
    # At the playground's default noise the classes stay learnable: most points' five nearest
    # neighbours share their class (the spiral's noise is scaled to its narrow arms for this).
    X, y = make_dataset(name, 600, noise=0.25, random_state=0)
    D = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(D, np.inf)
    neighbours = np.argsort(D, axis=1)[:, :5]
    assert (y[neighbours] == y[:, None]).mean() > 0.7
