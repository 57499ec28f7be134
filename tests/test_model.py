"""Tests for lr.model.LogisticRegression: scikit-learn's estimator conventions and input checks."""

import pickle

import numpy as np
import pytest

import lr
from lr import DivergedError, LogisticRegression

PARAMS = [
    "penalty",
    "alpha",
    "optimizer",
    "learning_rate",
    "epochs",
    "batch_size",
    "tol",
    "fit_intercept",
    "random_state",
]


@pytest.fixture(scope="module")
def data():
    X, y = lr.make_dataset("moons", 120, noise=0.3, random_state=0)
    return X, y


def _fast(**kw):
    return LogisticRegression(**{"alpha": 0.01, "optimizer": "newton", "tol": 1e-10, "epochs": 30, **kw})


# ---------------------------------------------------------------- construction and parameters


def test_init_only_stores_even_invalid_values():
    m = LogisticRegression(
        penalty="bogus",
        alpha=-5,
        optimizer="nope",
        learning_rate=-1,
        epochs=0,
        batch_size="x",
        tol=-1,
        fit_intercept="maybe",
        random_state="seed",
    )
    assert m.get_params() == {
        "penalty": "bogus",
        "alpha": -5,
        "optimizer": "nope",
        "learning_rate": -1,
        "epochs": 0,
        "batch_size": "x",
        "tol": -1,
        "fit_intercept": "maybe",
        "random_state": "seed",
    }
    assert not hasattr(m, "coef_")


def test_defaults_and_get_params():
    m = LogisticRegression()
    params = m.get_params()
    assert list(params) == PARAMS
    assert params == {
        "penalty": "l2",
        "alpha": 0.0,
        "optimizer": "newton",
        "learning_rate": "auto",
        "epochs": 1000,
        "batch_size": None,
        "tol": 1e-6,
        "fit_intercept": True,
        "random_state": None,
    }
    assert m.get_params(deep=False) == params
    assert repr(m) == "LogisticRegression()"
    assert repr(LogisticRegression(alpha=0.5)) == "LogisticRegression(alpha=0.5)"


def test_params_are_read_from_the_constructor_signature():
    """scikit-learn's rule: get_params, set_params and repr follow __init__, no list to keep in step."""

    class WithMomentum(LogisticRegression):
        def __init__(self, *, beta: float = 0.9, **kwargs: object) -> None:
            super().__init__(**kwargs)
            self.beta = beta

    m = WithMomentum(alpha=0.5)
    assert m.get_params() == {"beta": 0.9}  # the subclass's own signature
    assert m.set_params(beta=0.5).beta == 0.5
    assert repr(m) == "WithMomentum(beta=0.5)"


def test_set_params_and_clone_by_hand():
    m = LogisticRegression()
    assert m.set_params(alpha=0.3, optimizer="adam") is m
    assert m.alpha == 0.3 and m.optimizer == "adam"
    assert m.get_params()["alpha"] == 0.3
    twin = type(m)(**m.get_params())
    assert twin.get_params() == m.get_params()
    with pytest.raises(ValueError, match="invalid parameter 'learning_rte'"):
        m.set_params(learning_rte=0.1)
    with pytest.raises(TypeError):
        LogisticRegression(0.1)  # keyword-only, as scikit-learn


# ---------------------------------------------------------------- fitting and predicting


def test_fit_returns_self_and_sets_fitted_attributes(data):
    X, y = data
    m = LogisticRegression(alpha=0.01, learning_rate=1.0, epochs=300)
    assert m.fit(X, y) is m
    assert m.coef_.shape == (1, 2)
    assert m.intercept_.shape == (1,)
    np.testing.assert_array_equal(m.classes_, [0, 1])
    assert m.n_features_in_ == 2
    assert isinstance(m.n_iter_, int) and 1 <= m.n_iter_ <= 300
    assert m.history_.n_epochs == m.n_iter_
    np.testing.assert_array_equal(m.history_.w[-1], m.coef_[0])
    assert m.history_.b[-1] == m.intercept_[0]
    assert m.status_ in {"converged", "running"}
    assert isinstance(m.message_, str) and m.message_


def test_predictions(data):
    X, y = data
    m = _fast().fit(X, y)
    z = m.decision_function(X)
    assert z.shape == (len(y),)
    np.testing.assert_allclose(z, X @ m.coef_[0] + m.intercept_[0], rtol=1e-14)
    P = m.predict_proba(X)
    assert P.shape == (len(y), 2)
    assert ((P >= 0) & (P <= 1)).all()
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(P[:, 1], 1 / (1 + np.exp(-z)), rtol=1e-14)
    pred = m.predict(X)
    np.testing.assert_array_equal(pred, (z > 0).astype(int))
    assert m.score(X, y) == pytest.approx(np.mean(pred == y))
    assert m.score(X, y) > 0.8
    assert m.score(X, y) == pytest.approx(m.history_.train_acc[-1])


def test_predict_proba_is_stable_for_extreme_inputs(data):
    X, y = data
    m = _fast().fit(X, y)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        P = m.predict_proba(np.array([[1e6, -1e6], [-1e6, 1e6]]))
    assert np.isfinite(P).all()
    np.testing.assert_allclose(P.sum(axis=1), 1.0)


@pytest.mark.parametrize(
    ("labels", "classes"),
    [
        ((0, 1), [0, 1]),
        ((-1, 1), [-1, 1]),
        ((1, -1), [-1, 1]),
        (("cat", "dog"), ["cat", "dog"]),
        (("yes", "no"), ["no", "yes"]),
        ((2.5, 7.0), [2.5, 7.0]),
        ((False, True), [False, True]),
    ],
)
def test_predict_returns_original_labels(data, labels, classes):
    X, y01 = data
    y = np.where(y01 == 1, labels[1], labels[0])
    m = _fast().fit(X, y)
    np.testing.assert_array_equal(m.classes_, classes)
    pred = m.predict(X)
    assert set(np.unique(pred)) <= set(classes)
    # the model is the same as with 0/1 labels up to which class is "positive"
    ref = _fast().fit(X, (y == classes[1]).astype(int))
    np.testing.assert_allclose(m.coef_, ref.coef_, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(pred, np.asarray(classes)[ref.predict(X)])
    P = m.predict_proba(X)
    np.testing.assert_allclose(P[:, 1], ref.predict_proba(X)[:, 1], rtol=1e-12)
    assert m.score(X, y) == pytest.approx(ref.score(X, (y == classes[1]).astype(int)))


def test_column_labels_are_accepted(data):
    X, y = data
    a = _fast().fit(X, y.reshape(-1, 1))
    b = _fast().fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)


def test_pickle_round_trip(data):
    X, y = data
    m = LogisticRegression(alpha=0.01, optimizer="sgd", learning_rate=0.1, epochs=30, random_state=3).fit(
        X, y
    )
    m2 = pickle.loads(pickle.dumps(m))
    assert m2.get_params() == m.get_params()
    np.testing.assert_array_equal(m2.predict_proba(X), m.predict_proba(X))
    np.testing.assert_array_equal(m2.predict(X), m.predict(X))
    np.testing.assert_array_equal(m2.history_.train_loss, m.history_.train_loss)


@pytest.mark.parametrize("optimizer", ["gd", "sgd", "momentum", "adam", "newton"])
def test_refitting_gives_the_same_result(data, optimizer):
    X, y = data
    m = LogisticRegression(alpha=0.01, optimizer=optimizer, learning_rate=0.1, epochs=50, random_state=0)
    coef, intercept = m.fit(X, y).coef_.copy(), m.intercept_.copy()
    m.fit(X, y)
    np.testing.assert_array_equal(m.coef_, coef)
    np.testing.assert_array_equal(m.intercept_, intercept)
    other = LogisticRegression(**m.get_params()).fit(X, y)
    np.testing.assert_array_equal(other.coef_, coef)


def test_fitted_weights_are_independent_copies(data):
    X, y = data
    m = _fast().fit(X, y)
    before = m.predict_proba(X)
    X_copy = X.copy()
    X_copy[:] = 0.0
    np.testing.assert_array_equal(m.predict_proba(X), before)


def test_divergence_raises_instead_of_returning_nan_weights(data):
    X, y = data
    m = LogisticRegression(optimizer="gd", learning_rate=500, epochs=500)  # Newton, the default, takes no η
    with pytest.raises(DivergedError, match=r"learning rate 500 is too large.*try 50 or lower"):
        m.fit(X, y)
    assert issubclass(DivergedError, ValueError)
    assert not hasattr(m, "coef_")


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("X", "y", "error", "match"),
    [
        ([[0.0, np.nan], [1.0, 2.0], [3.0, 1.0]], [0, 1, 0], ValueError, "X contains NaN or inf"),
        ([[0.0, np.inf], [1.0, 2.0], [3.0, 1.0]], [0, 1, 0], ValueError, "X contains NaN or inf"),
        ([[0.0, -np.inf], [1.0, 2.0], [3.0, 1.0]], [0, 1, 0], ValueError, "X contains NaN or inf"),
        ([[0.0, 1.0], [1.0, 2.0], [3.0, 1.0]], [0.0, np.nan, 1.0], ValueError, "y contains NaN"),
        ([0.0, 1.0, 2.0], [0, 1, 0], ValueError, r"X must be 2-D.*\(3,\)"),
        (np.zeros((3, 2, 2)), [0, 1, 0], ValueError, r"X must be 2-D.*\(3, 2, 2\)"),
        ([[0.0, 1.0], [1.0, 2.0], [3.0, 1.0]], [0, 1], ValueError, "different lengths: 3 and 2"),
        (np.empty((0, 2)), np.empty(0), ValueError, "X is empty"),
        (np.empty((3, 0)), [0, 1, 0], ValueError, "X is empty"),
        ([[0.0, 1.0], [1.0, 2.0], [3.0, 1.0]], [1, 1, 1], ValueError, "only one class"),
        ([[0.0, 1.0], [1.0, 2.0], [3.0, 1.0]], [0, 1.5, 2], ValueError, "continuous"),
        ([["a", "b"], ["c", "d"]], [0, 1], TypeError, "X must be numeric"),
        ([[0.0, 1.0], [1.0, 2.0], [3.0, 1.0]], [[0, 1, 0]], ValueError, "y must be 1-D"),
    ],
)
def test_bad_data_is_refused_with_a_message(X, y, error, match):
    with pytest.raises(error, match=match):
        LogisticRegression().fit(X, y)


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"alpha": -0.1}, ValueError, "alpha"),
        ({"alpha": np.nan}, ValueError, "alpha"),
        ({"alpha": "big"}, TypeError, "alpha"),
        ({"learning_rate": 0}, ValueError, "learning_rate"),
        ({"learning_rate": -0.5}, ValueError, "learning_rate"),
        ({"learning_rate": np.inf}, ValueError, "learning_rate"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": -10}, ValueError, "epochs"),
        ({"epochs": 10.5}, TypeError, "epochs"),
        ({"epochs": "100"}, TypeError, "epochs"),
        ({"optimizer": "lbfgs"}, ValueError, "optimizer must be one of.*'lbfgs'"),
        ({"penalty": "elasticnet"}, ValueError, "penalty must be one of.*'elasticnet'"),
        ({"tol": -1e-3}, ValueError, "tol"),
        ({"optimizer": "sgd", "batch_size": 0}, ValueError, "batch_size"),
    ],
)
def test_bad_parameters_are_refused_at_fit(data, params, error, match):
    X, y = data
    m = LogisticRegression(**params)  # storing is fine
    with pytest.raises(error, match=match):
        m.fit(X, y)


@pytest.mark.parametrize("method", ["decision_function", "predict_proba", "predict", "score"])
def test_predict_before_fit(data, method):
    X, y = data
    m = LogisticRegression()
    args = (X, y) if method == "score" else (X,)
    with pytest.raises(ValueError, match="not fitted yet; call fit"):
        getattr(m, method)(*args)


def test_predict_with_a_different_number_of_features(data):
    X, y = data
    m = _fast().fit(X, y)
    for method in (m.predict, m.predict_proba, m.decision_function):
        with pytest.raises(ValueError, match=r"X has 3 features.*fitted with 2 features"):
            method(np.ones((4, 3)))
    with pytest.raises(ValueError, match="X contains NaN"):
        m.predict(np.array([[np.nan, 0.0]]))
    with pytest.raises(ValueError, match="different lengths"):
        m.score(X, y[:-1])


# ---------------------------------------------------------------- scikit-learn's input conventions


class _Frame:
    """A data frame as far as lr sees one, pandas' or polars': `columns` and `__array__`."""

    def __init__(self, values, columns):
        self.values, self.columns = np.asarray(values, dtype=float), list(columns)

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype)


class _NotAnArray:
    """An array-like that only converts: NumPy's functions on it directly are refused (as sklearn's)."""

    def __init__(self, data):
        self.data = np.asarray(data)

    def __array__(self, dtype=None, copy=None):
        return self.data

    def __array_function__(self, func, types, args, kwargs):
        raise TypeError(f"Don't want to call array_function {func.__name__}!")


def test_array_likes_are_converted_before_they_are_tested(data):
    X, y = data
    reference = _fast().fit(X, y)
    for X_like, y_like in [(X.tolist(), y.tolist()), (_NotAnArray(X), _NotAnArray(y)), (X.astype(object), y)]:
        m = _fast().fit(X_like, y_like)
        np.testing.assert_array_equal(m.coef_, reference.coef_)
        np.testing.assert_array_equal(m.predict(X_like), reference.predict(X))


X32 = np.arange(6.0).reshape(3, 2)


@pytest.mark.parametrize(
    ("X", "y", "error", "match"),
    [
        (np.ones((4, 2)) * (1 + 1j), [0, 1, 0, 1], ValueError, "^Complex data not supported"),
        ([[1 + 1j, 0], [0, 1]], [0, 1], ValueError, "^Complex data not supported"),
        (X32, [0.1, 0.7, 2.3], ValueError, "^Unknown label type: continuous"),
        (X32, np.array([0, "a", 1.5], dtype=object), ValueError, "Unknown label type"),
        (X32, None, ValueError, "requires y to be passed, but the target y is None"),
        (np.arange(3.0), [0, 1, 0], ValueError, r"Reshape your data with X.reshape\(-1, 1\)"),
        (np.empty((12, 0)), [0, 1] * 6, ValueError, r"0 feature\(s\) \(shape=\(12, 0\)\) while a minimum"),
        (np.empty((0, 2)), [], ValueError, r"0 sample\(s\) \(shape=\(0, 2\)\) while a minimum of 1"),
    ],
)
def test_bad_data_in_sklearn_words(X, y, error, match):
    with pytest.raises(error, match=match):
        LogisticRegression().fit(X, y)


def test_two_fractional_labels_are_still_two_classes(data):
    """scikit-learn would call [2.5, 7.0] "continuous"; two distinct values are two classes here."""
    X, y01 = data
    m = _fast().fit(X, np.where(y01 == 1, 7.0, 2.5))
    np.testing.assert_array_equal(m.classes_, [2.5, 7.0])


def test_sparse_input_is_refused_with_a_clear_message(data):
    sparse = pytest.importorskip("scipy.sparse")
    X, y = data
    for matrix in (sparse.csr_array(X), sparse.csr_matrix(X), sparse.coo_array(X)):
        with pytest.raises(TypeError, match=r"sparse input is not supported: convert it with X.toarray\(\)"):
            LogisticRegression().fit(matrix, y)
    m = _fast().fit(X, y)
    with pytest.raises(TypeError, match="sparse"):
        m.predict(sparse.csr_array(X))


def test_not_fitted_is_a_value_error_and_an_attribute_error(data):
    X, _ = data
    with pytest.raises(lr.NotFittedError, match=r"^This LogisticRegression instance is not fitted yet"):
        LogisticRegression().predict(X)
    assert issubclass(lr.NotFittedError, ValueError) and issubclass(lr.NotFittedError, AttributeError)


def test_a_different_number_of_features_in_sklearn_words(data):
    X, y = data
    m = _fast().fit(X, y)
    expected = r"^X has 1 features, but LogisticRegression is expecting 2 features as input"
    with pytest.raises(ValueError, match=expected):
        m.predict(X[:, :1])


def test_learning_rate_used_is_a_fitted_attribute(data):
    X, y = data
    assert _fast().fit(X, y).learning_rate_ is None  # Newton takes none
    assert LogisticRegression(optimizer="gd", learning_rate=0.3, epochs=5).fit(X, y).learning_rate_ == 0.3


def test_feature_names_from_a_frame(data):
    X, y = data
    frame = _Frame(X, ["x1", "x2"])
    m = _fast().fit(frame, y)
    np.testing.assert_array_equal(m.feature_names_in_, ["x1", "x2"])
    assert m.feature_names_in_.dtype == object
    np.testing.assert_array_equal(m.predict(frame), _fast().fit(X, y).predict(X))
    with pytest.raises(ValueError, match=r"passed during fit\.\nFeature names must be in the same order"):
        m.predict(_Frame(X, ["x2", "x1"]))
    expected = "unseen at fit time:\n- a\n- b\nFeature names seen at fit time, yet now missing:\n- x1\n- x2\n"
    with pytest.raises(ValueError, match=expected):
        m.predict(_Frame(X, ["a", "b"]))
    with pytest.warns(UserWarning, match="X does not have valid feature names, but LogisticRegression was"):
        m.predict(X)
    assert m.score(frame, y) > 0.8  # scoring a frame does not warn (warnings are errors here)
    m.fit(X, y)  # refitted without names: the old ones are forgotten
    assert not hasattr(m, "feature_names_in_")
    with pytest.warns(UserWarning, match="X has feature names, but LogisticRegression was fitted without"):
        m.predict(frame)
    assert not hasattr(_fast().fit(_Frame(X, [0, 1]), y), "feature_names_in_")  # names must be strings
    with pytest.raises(TypeError, match="Feature names are only supported if all input features have string"):
        _fast().fit(_Frame(X, ["x1", 2]), y)


def test_feature_names_from_a_pandas_frame(data):
    pd = pytest.importorskip("pandas")
    X, y = data
    frame = pd.DataFrame(X, columns=["x1", "x2"])
    m = _fast().fit(frame, pd.Series(y))
    np.testing.assert_array_equal(m.feature_names_in_, ["x1", "x2"])
    np.testing.assert_array_equal(m.predict(frame), _fast().fit(X, y).predict(X))
    with pytest.raises(ValueError, match="Feature names must be in the same order"):
        m.predict(frame[["x2", "x1"]])
