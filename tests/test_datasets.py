"""Tests for lr.datasets: the toy datasets and the stratified split."""

import numpy as np
import pytest
from sklearn.datasets import make_circles, make_moons

from lr.datasets import DATASETS, MULTICLASS_DATASETS, make_dataset, train_test_split


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
        make_dataset("swirl")
    for name in DATASETS + MULTICLASS_DATASETS:
        assert repr(name) in str(info.value)
    assert "'swirl'" in str(info.value)


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


# ------------------------------------------------------------ K classes: blobs and spiral

KS = range(2, 7)


def _two_armed_spiral_as_shipped(n, noise, balance, seed):
    """The two-class spiral exactly as it was before K arms existed: the reference it must still equal."""
    rng = np.random.default_rng(seed)
    n1 = min(max(round(balance * n), 1), n - 1)
    n0 = n - n1

    def arm(m, offset):
        t = np.linspace(0.1, 1.0, m)
        theta = 3.0 * np.pi * t + offset
        return t[:, None] * np.column_stack([np.cos(theta), np.sin(theta)])

    X_clean = np.vstack([arm(n0, 0.0), arm(n1, np.pi)])
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)])
    X = 2.5 * (X_clean + 0.3 * noise * rng.standard_normal(X_clean.shape))
    order = rng.permutation(n)
    return X[order], y[order]


@pytest.mark.parametrize(
    ("n", "noise", "balance", "seed"), [(200, 0.1, 0.5, 0), (37, 0.6, 0.3, 4), (2, 1.0, 0.9, 9)]
)
def test_the_two_armed_spiral_is_unchanged(n, noise, balance, seed):
    X_ref, y_ref = _two_armed_spiral_as_shipped(n, noise, balance, seed)
    for kwargs in ({}, {"n_classes": None}, {"n_classes": 2}):
        X, y = make_dataset("spiral", n, noise=noise, balance=balance, random_state=seed, **kwargs)
        np.testing.assert_array_equal(X, X_ref)  # bit for bit: scenes and saved links replay the same points
        np.testing.assert_array_equal(y, y_ref)


def test_the_playground_menu_is_unchanged():
    assert MULTICLASS_DATASETS == ("blobs", "spiral")
    assert "blobs" not in DATASETS  # the next issue decides how the app offers K classes


@pytest.mark.parametrize("name", MULTICLASS_DATASETS)
@pytest.mark.parametrize("K", KS)
def test_k_classes_shapes_labels_and_equal_sizes(name, K):
    for n in (K, 7 * K, 100, 101):
        X, y = make_dataset(name, n, n_classes=K, random_state=0)
        assert X.shape == (n, 2) and X.dtype == np.float64 and np.isfinite(X).all()
        assert y.shape == (n,) and y.dtype == np.int64
        counts = np.bincount(y, minlength=K)
        assert counts.size == K and counts.max() - counts.min() <= 1 and counts.min() >= 1
        assert counts.sum() == n
    assert np.count_nonzero(np.diff(y)) > 10  # shuffled


@pytest.mark.parametrize("name", MULTICLASS_DATASETS)
@pytest.mark.parametrize("K", [3, 6])
def test_k_classes_same_seed_same_data(name, K):
    a = make_dataset(name, 120, n_classes=K, noise=0.3, random_state=5)
    b = make_dataset(name, 120, n_classes=K, noise=0.3, random_state=5)
    c = make_dataset(name, 120, n_classes=K, noise=0.3, random_state=6)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("K", KS)
def test_blobs_without_noise_sit_on_the_corners_of_a_regular_polygon(K):
    X, y = make_dataset("blobs", 12 * K, n_classes=K, noise=0.0, random_state=0)
    theta = np.pi / 2 + 2 * np.pi * np.arange(K) / K
    centres = 2.0 * np.column_stack([np.cos(theta), np.sin(theta)])
    np.testing.assert_allclose(X, centres[y], atol=1e-12)


@pytest.mark.parametrize("K", [2, 3, 6])
def test_blobs_noise_is_the_spread_around_each_centre(K):
    X, y = make_dataset("blobs", 60_000, n_classes=K, noise=0.3, random_state=1)
    theta = np.pi / 2 + 2 * np.pi * np.arange(K) / K
    centres = 2.0 * np.column_stack([np.cos(theta), np.sin(theta)])
    for k in range(K):
        np.testing.assert_allclose(X[y == k].mean(axis=0), centres[k], atol=0.03)
        np.testing.assert_allclose(X[y == k].std(axis=0), [0.6, 0.6], atol=0.02)  # 0.3 of radius 2


def _nearest_centre_accuracy(X, y, K):
    theta = np.pi / 2 + 2 * np.pi * np.arange(K) / K
    centres = 2.0 * np.column_stack([np.cos(theta), np.sin(theta)])
    nearest = np.argmin(((X[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
    return np.mean(nearest == y)


def test_blobs_noise_sets_the_separation():
    for K in KS:
        accuracies = [
            _nearest_centre_accuracy(*make_dataset("blobs", 3000, n_classes=K, noise=s, random_state=2), K)
            for s in (0.05, 0.25, 0.5, 1.0)
        ]
        assert accuracies[0] == 1.0, K
        assert accuracies == sorted(accuracies, reverse=True), (K, accuracies)
    # Six classes at full noise: mostly mixed, far from separable (chance is 1/6).
    assert accuracies[-1] < 0.45


@pytest.mark.parametrize("K", KS)
def test_spiral_arms_are_arm_zero_rotated_by_k_over_K_of_a_turn(K):
    X, y = make_dataset("spiral", 40 * K, n_classes=K, noise=0.0, random_state=0)
    for k in range(K):
        angle = 2 * np.pi * k / K
        rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        np.testing.assert_allclose(_sorted_rows(X[y == k]), _sorted_rows(X[y == 0] @ rotation.T), atol=1e-12)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.min() == pytest.approx(0.25) and r.max() == pytest.approx(2.5)


@pytest.mark.parametrize("K", KS)
def test_spiral_arms_wind_6pi_over_K_so_neighbouring_arms_stay_a_third_apart(K):
    X, y = make_dataset("spiral", 50 * K, n_classes=K, noise=0.0, random_state=0)
    arm = X[y == 0] / 2.5
    r = np.hypot(arm[:, 0], arm[:, 1])
    theta = np.unwrap(np.arctan2(arm[:, 1], arm[:, 0])[np.argsort(r)])
    # r = t grows by 0.9 while θ grows by 0.9·6π/K: 1.5 turns for two arms, half a turn for six.
    assert theta[-1] - theta[0] == pytest.approx(0.9 * 6 * np.pi / K)


@pytest.mark.parametrize("name", MULTICLASS_DATASETS)
@pytest.mark.parametrize("K", KS)
def test_k_classes_at_the_default_noise_blur_but_keep_the_shape(name, K):
    X, y = make_dataset(name, 600, n_classes=K, noise=0.25, random_state=0)
    assert np.abs(X).max() < 4.0
    D = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(D, np.inf)
    neighbours = np.argsort(D, axis=1)[:, :5]
    assert (y[neighbours] == y[:, None]).mean() > 0.7


def test_a_linear_model_splits_the_blobs_but_not_the_spiral():
    # CS231n's point: K lines separate K blobs, not K spiral arms (scikit-learn as the linear model).
    from sklearn.linear_model import LogisticRegression

    for K in (3, 5):
        X, y = make_dataset("blobs", 600, n_classes=K, noise=0.1, random_state=0)
        assert LogisticRegression().fit(X, y).score(X, y) > 0.98
        X, y = make_dataset("spiral", 600, n_classes=K, noise=0.1, random_state=0)
        assert LogisticRegression().fit(X, y).score(X, y) < 0.7


@pytest.mark.parametrize(
    ("name", "kwargs", "error", "message"),
    [
        ("blobs", {"n_classes": 1}, ValueError, "n_classes must be an integer in [2, 6], got 1"),
        ("spiral", {"n_classes": 7}, ValueError, "n_classes must be an integer in [2, 6], got 7"),
        ("blobs", {"n_classes": 3.0}, TypeError, "n_classes must be an integer in [2, 6], got 3.0"),
        ("blobs", {"n_classes": True}, TypeError, "got True"),
        (
            "moons",
            {"n_classes": 3},
            ValueError,
            "'moons' has two classes; n_classes=3 needs 'blobs' or 'spiral'",
        ),
        ("blobs", {"n_classes": 3, "balance": 0.3}, ValueError, "balance=0.3 sets the share of class 1"),
        ("spiral", {"n_classes": 4, "n_samples": 3}, ValueError, "n_samples=3 is too few for n_classes=4"),
    ],
)
def test_k_class_bad_arguments(name, kwargs, error, message):
    with pytest.raises(error) as info:
        make_dataset(name, **kwargs)
    assert message in str(info.value)


def test_two_class_blobs_take_balance_and_the_other_shapes_take_n_classes_2():
    _, y = make_dataset("blobs", 200, balance=0.3, random_state=0)
    assert y.sum() == 60
    _, y = make_dataset("blobs", 200, n_classes=3, random_state=np.int64(0))
    np.testing.assert_array_equal(np.bincount(y), [67, 67, 66])
    for name in DATASETS:
        a = make_dataset(name, 50, random_state=3)
        b = make_dataset(name, 50, n_classes=2, random_state=3)
        np.testing.assert_array_equal(a[0], b[0])


# ------------------------------------------------------------ shipped real data: iris


def test_shipped_iris_files_are_scikit_learns_iris():
    # The script that writes them is tests/make_real_data.py; rerun it and this test to check.
    from make_real_data import DATA_DIR, FILES, iris_csv

    for file, species in FILES.items():
        assert (DATA_DIR / file).read_text() == iris_csv(species), file


def test_iris3_has_three_species_of_fifty_with_petal_sizes_in_cm():
    from make_real_data import DATA_DIR

    lines = (DATA_DIR / "iris3.csv").read_text().splitlines()
    assert lines[0] == "petal length (cm),petal width (cm),species"
    rows = [line.split(",") for line in lines[1:]]
    assert len(rows) == 150
    species = [r[2] for r in rows]
    assert {s: species.count(s) for s in set(species)} == {"setosa": 50, "versicolor": 50, "virginica": 50}
    X = np.array([[float(r[0]), float(r[1])] for r in rows])
    assert 1.0 <= X[:, 0].min() and X[:, 0].max() <= 6.9 and 0.1 <= X[:, 1].min() and X[:, 1].max() <= 2.5
    # The two-class iris the playground already ships is the versicolor and virginica rows of it.
    assert (DATA_DIR / "iris.csv").read_text().splitlines()[1:] == lines[51:]
