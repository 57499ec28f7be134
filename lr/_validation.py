"""Input checks shared by the trainer and the estimator: each error names the problem and the value."""

import numbers

import numpy as np


def check_X(X: object, name: str = "X", *, min_samples: int = 1) -> np.ndarray:
    """X as a finite float64 array of shape (n, d) with n ≥ min_samples and d ≥ 1.

    Converted first, then tested (scikit-learn's order), so lists, DataFrames and other array-likes
    are judged by their values; the messages carry scikit-learn's wording where its checks look for it.
    """
    if _is_sparse(X):
        raise TypeError(
            f"{name} is a sparse matrix ({type(X).__name__}); sparse input is not supported: "
            f"convert it with {name}.toarray()"
        )
    try:
        A = np.asarray(X)
        complex_values = A.dtype.kind == "c"
        if not complex_values:
            A = A.astype(np.float64, copy=False)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be numeric, got {type(X).__name__} ({e})") from None
    if complex_values:
        raise ValueError(f"Complex data not supported: {name} must be real numbers, got complex values")
    if A.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (n_samples, n_features), got shape {A.shape}. Reshape your data with "
            f"{name}.reshape(-1, 1) if it has a single feature, or {name}.reshape(1, -1) if it is one sample"
        )
    if A.shape[0] < min_samples:
        raise ValueError(
            f"{name} is empty: {A.shape[0]} sample(s) (shape={A.shape}) while a minimum of {min_samples} "
            "is required"
        )
    if A.shape[1] == 0:
        raise ValueError(f"{name} is empty: 0 feature(s) (shape={A.shape}) while a minimum of 1 is required.")
    if not np.isfinite(A).all():
        bad = int((~np.isfinite(A)).sum())
        raise ValueError(f"{name} contains NaN or inf ({bad} value{'s' * (bad != 1)})")
    return A


def _is_sparse(X: object) -> bool:
    """A SciPy sparse matrix or array (or pydata/sparse), recognised without importing SciPy."""
    return hasattr(X, "nnz") and (hasattr(X, "toarray") or hasattr(X, "todense"))


def feature_names(X: object) -> np.ndarray | None:
    """The column names of a data frame (pandas, polars: anything with `columns`) when all are strings.

    scikit-learn's rule: names are kept only if every one is a string; a mix is an error.
    """
    columns = getattr(X, "columns", None)
    if columns is None or isinstance(X, np.ndarray):
        return None
    names = np.asarray(list(columns), dtype=object)
    is_string = [isinstance(c, str) for c in names]
    if all(is_string) and names.size:
        return names
    if any(is_string):
        kinds = sorted({type(c).__name__ for c in names})
        raise TypeError(
            "Feature names are only supported if all input features have string names, but the "
            f"column names have types {kinds}; make them all strings, e.g. X.columns = X.columns.astype(str)"
        )
    return None


def check_labels(y: object, n: int, *, name: str = "y") -> np.ndarray:
    """y as a 1-D array of n labels (a column (n, 1) is accepted, as the seed uses)."""
    if y is None:
        raise ValueError(f"fitting requires {name} to be passed, but the target {name} is None")
    a = np.asarray(y)
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D (n_samples,), got an array of shape {a.shape}")
    if a.shape[0] != n:
        raise ValueError(f"X and {name} have different lengths: {n} and {a.shape[0]}")
    if a.dtype.kind in "fc" and not np.isfinite(a).all():
        raise ValueError(f"{name} contains NaN or inf")
    if a.dtype.kind == "O" and any(v is None or (isinstance(v, float) and v != v) for v in a):
        raise ValueError(f"{name} contains missing values (None or NaN)")
    return a


def check_binary01(y: np.ndarray, *, name: str = "y", both_classes: bool = True) -> np.ndarray:
    """y as float64 0/1 labels, with both classes present unless told otherwise (two passes, no sort)."""
    y = np.asarray(y, dtype=np.float64)
    if not ((y == 0.0) | (y == 1.0)).all():
        raise ValueError(f"{name} must hold the labels 0 and 1, got {np.unique(y)[:5]}")
    if not both_classes:
        return y
    low, high = y.min(), y.max()
    if low == high:
        raise ValueError(f"{name} has only one class ({low:g}); need two")
    return y


def count_classes(y: object, n_classes: int | None = None) -> int:
    """K: n_classes when given, else max(y) + 1 for whole-number codes (2 for anything else, which
    the sigmoid model's checks then judge)."""
    if n_classes is not None:
        return int(check_number(n_classes, "n_classes", low=2, integer=True))
    a = np.asarray(y)
    if a.dtype.kind not in "biuf" or a.size == 0 or not np.isfinite(a).all():
        return 2
    top = a.max()
    return int(top) + 1 if top >= 2 and top == int(top) else 2


def check_class_codes(
    y: np.ndarray, n_classes: int | None = None, *, name: str = "y"
) -> tuple[np.ndarray, int]:
    """y as class codes 0..K−1 (integers, or floats that are whole numbers) and K."""
    y = np.asarray(y)
    K = count_classes(y, n_classes)
    codes = y.astype(np.intp) if y.dtype.kind in "biuf" else None
    if codes is None or not (codes == y).all() or codes.min() < 0 or codes.max() >= K:
        raise ValueError(f"{name} must hold the class codes 0 to {K - 1}, got {np.unique(y)[:5]}")
    return codes, K


def check_number(
    value: object,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    integer: bool = False,
) -> float | int:
    """A finite number within the bounds; the error names the parameter, the range and the value.

    Both bounds: "n_samples must be an integer in [2, 100000], got 1"; one bound, scikit-learn's
    way: "learning_rate must be > 0, got -1". bool is refused: n_samples=True is a bug, not a count.
    """
    kind = "an integer" if integer else "a number"
    if low is not None and high is not None:
        rule = f"{kind} in {'(' if low_open else '['}{low:g}, {high:g}]"
    elif low is not None:
        rule = f"{'>' if low_open else '≥'} {low:g}"
    else:
        rule = kind if high is None else f"≤ {high:g}"
    message = f"{name} must be {rule}, got {value!r}"
    wanted = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, wanted):
        raise TypeError(
            message if low is not None and high is not None else f"{name} must be {kind}, got {value!r}"
        )
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and value > high
    if not np.isfinite(value) or too_low or too_high:  # NaN fails every comparison: caught here
        raise ValueError(message)
    return int(value) if integer else float(value)


def check_random_state(random_state: object) -> int | None:
    """A seed: None (fresh entropy) or a non-negative integer, as NumPy's generators take it.

    One rule for make_dataset, train_test_split and the trainer's shuffles.
    """
    message = f"random_state must be None or a non-negative integer, got {random_state!r}"
    if random_state is None:
        return None
    if isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral):
        raise TypeError(message)
    if random_state < 0:
        raise ValueError(message)
    return int(random_state)
