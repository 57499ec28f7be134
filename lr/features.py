"""Feature maps: polynomial expansion and standardisation.

A linear model on x1, x2 can only draw a straight boundary. Feeding it the monomials
x1, x2, x1², x1·x2, x2², ... lets the same model draw conics and beyond, which is how
logistic regression handles moons, circles and xor.
"""

import numpy as np

from ._validation import check_X

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

MAX_DEGREE = 6


def _check_fitted(estimator: object, X: np.ndarray, name: str = "X") -> None:
    cls = type(estimator).__name__
    n_in = getattr(estimator, "n_features_in_", None)
    if n_in is None:
        raise ValueError(f"This {cls} is not fitted yet; call fit(X) first")
    if X.shape[1] != n_in:
        raise ValueError(f"{name} has {X.shape[1]} features, but {cls} was fitted with {n_in}")


class PolynomialFeatures:
    """All monomials of the inputs with total degree 1 to ``degree`` (no constant column).

    Output columns are ordered by total degree, then as sklearn orders them
    (``PolynomialFeatures(include_bias=False)``); for two inputs and degree 2 they are
    x1, x2, x1², x1·x2, x2². The intercept is left to the model's bias b.

    Fitted attributes: ``n_features_in_``; ``powers_``, an int array of shape
    (n_output_features_, n_features_in_) whose row k holds the exponents of output column k,
    so column k = prod_j x_j ** powers_[k, j]; ``n_output_features_``.
    """

    def __init__(self, degree: int = 1) -> None:
        self.degree = degree

    def __repr__(self) -> str:
        return f"PolynomialFeatures(degree={self.degree!r})"

    def fit(self, X: np.ndarray) -> "PolynomialFeatures":
        """Work out the output columns for ``X``'s number of features; the values are not used."""
        degree = self.degree
        if not isinstance(degree, int | np.integer) or isinstance(degree, bool):
            raise TypeError(f"degree must be an integer in [1, {MAX_DEGREE}], got {degree!r}")
        if not 1 <= degree <= MAX_DEGREE:
            raise ValueError(f"degree must be an integer in [1, {MAX_DEGREE}], got {degree!r}")
        n_in = check_X(X, min_samples=0).shape[1]

        # Monomials as sorted index tuples: (0, 0, 1) is x1²·x2. Degree d is built from degree
        # d-1: extend each tuple by an index >= its last one. Taking the parents in order and the
        # new index in increasing order yields lexicographic order, which is sklearn's order.
        # Each new column is remembered as parent column * one input, so transform needs one
        # multiplication per column instead of recomputing whole powers.
        combos = [(j,) for j in range(n_in)]
        parents = [-1] * n_in
        factors = list(range(n_in))
        start = 0
        for _ in range(2, int(degree) + 1):
            previous = range(start, len(combos))
            start = len(combos)
            for p in previous:
                for j in range(combos[p][-1], n_in):
                    combos.append((*combos[p], j))
                    parents.append(p)
                    factors.append(j)

        powers = np.zeros((len(combos), n_in), dtype=np.int64)
        for k, combo in enumerate(combos):
            for j in combo:
                powers[k, j] += 1

        self.n_features_in_ = n_in
        self.n_output_features_ = len(combos)
        self.powers_ = powers
        self._parents = np.array(parents)
        self._factors = np.array(factors)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Return the monomials of ``X``, shape (n_samples, n_output_features_)."""
        X = check_X(X, min_samples=0)
        _check_fitted(self, X)
        n_in = self.n_features_in_
        out = np.empty((X.shape[0], self.n_output_features_))
        out[:, :n_in] = X
        # Column k = (earlier column parents[k]) * x_{factors[k]}; the parent is always filled.
        for k in range(n_in, self.n_output_features_):
            out[:, k] = out[:, self._parents[k]] * X[:, self._factors[k]]
        return out

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def get_feature_names_out(self, input_features: list[str] | None = None) -> list[str]:
        """Readable names of the output columns: "x1", "x2", "x1²", "x1·x2", "x2²", ...

        ``input_features`` names the inputs (default "x1", "x2", ...).
        """
        if getattr(self, "n_features_in_", None) is None:
            raise ValueError("This PolynomialFeatures is not fitted yet; call fit(X) first")
        if input_features is None:
            input_features = [f"x{j + 1}" for j in range(self.n_features_in_)]
        elif len(input_features) != self.n_features_in_:
            raise ValueError(
                f"input_features has {len(input_features)} names, "
                f"but PolynomialFeatures was fitted with {self.n_features_in_} features"
            )
        names = []
        for row in self.powers_:
            factors = []
            for name, power in zip(input_features, row, strict=True):
                if power == 1:
                    factors.append(str(name))
                elif power > 1:
                    factors.append(f"{name}{str(power).translate(_SUPERSCRIPTS)}")
            names.append("·".join(factors))
        return names


class StandardScaler:
    """Shift and scale each feature to mean 0 and standard deviation 1: z = (x - μ) / σ.

    Fit it on the training split only, then transform both splits with the training μ and σ;
    fitting on all the data would let the test set leak into the preprocessing.

    Fitted attributes: ``n_features_in_``, ``mean_`` (μ), ``scale_`` (σ, the population standard
    deviation, ddof=0; a constant column gets σ = 1 so it is centred but never divided by zero).
    """

    def __repr__(self) -> str:
        return "StandardScaler()"

    def fit(self, X: np.ndarray) -> "StandardScaler":
        """Learn μ and σ of each column of ``X``."""
        X = check_X(X, min_samples=0)
        if X.shape[0] == 0:
            raise ValueError(f"X must have at least one row to fit StandardScaler, got {X.shape}")
        # Each column is divided by its largest magnitude before μ and σ are taken and multiplied
        # back after: the sums and squares then stay near 1, so columns of 1e-300 or 1e200 (high
        # powers of small or large inputs) neither underflow to σ = 0 nor overflow to inf.
        peak = np.abs(X).max(axis=0)
        peak[peak == 0] = 1.0
        U = X / peak
        mean = U.mean(axis=0) * peak  # μ_j = (1/n) Σ_i x_ij
        scale = U.std(axis=0) * peak  # σ_j = sqrt((1/n) Σ_i (x_ij - μ_j)²)
        # Test constancy exactly (max == min): a constant column's computed σ can be a rounding
        # residue like 1e-17 rather than 0, and dividing by it would blow the column up.
        constant = X.max(axis=0) == X.min(axis=0)
        scale[constant | (scale == 0)] = 1.0
        self.n_features_in_ = X.shape[1]
        self.mean_ = mean
        self.scale_ = scale
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        """z = (x - μ) / σ."""
        X = check_X(X, min_samples=0)
        _check_fitted(self, X)
        return (X - self.mean_) / self.scale_

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def inverse_transform(self, Z: np.ndarray) -> np.ndarray:
        """x = z·σ + μ, undoing ``transform``."""
        Z = check_X(Z, "Z", min_samples=0)
        _check_fitted(self, Z, "Z")
        return Z * self.scale_ + self.mean_
