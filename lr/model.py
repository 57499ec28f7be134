"""The estimators: LogisticRegression with scikit-learn's conventions, and the seed's class.

The model: p(y = 1 | x) = σ(z), z = x·w + b. Fitting minimises
J(w, b) = (1/n) Σ [log(1 + e^(z_i)) − y_i z_i] + R(w), the same objective as scikit-learn's
LogisticRegression(C = 1/(n·α)). For K ≥ 3 classes the softmax model: P(y = k | x) = softmax(z)ₖ,
z = Wx + b with W (K, d), b (K,), and J(W, b) = (1/n) Σ [logsumexp(z_i) − z_{i,y_i}] + R(W), as
scikit-learn's multinomial LogisticRegression.
"""

import inspect
import warnings

import numpy as np

from ._validation import check_labels, check_number, check_X, feature_names
from .functional import sigmoid, softmax
from .history import History
from .objective import Objective
from .stopping import DIVERGED
from .trainer import Trainer


def _encode(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct labels, and each label's index among them (0/1 for two classes)."""
    if labels.dtype.kind in "biuf":  # numbers: two passes, no sort, when there are two classes
        low, high = labels.min(), labels.max()
        is_high = labels == high
        if (is_high | (labels == low)).all():
            classes = np.array([low, high]) if low != high else np.array([low])
            return classes, is_high.astype(np.intp)
    return np.unique(labels, return_inverse=True)


def _classes(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """classes_ (sorted) and y as codes 0..K−1 (0/1 for two classes); refused in scikit-learn's
    words: one class, labels of mixed types, a continuous target."""
    try:
        classes, y01 = _encode(labels)
    except TypeError:  # np.unique cannot order labels of mixed types
        kinds = sorted({type(v).__name__ for v in labels})
        raise ValueError(
            f"Unknown label type: y mixes {kinds}; give labels of one type (all numbers or all strings)"
        ) from None
    if classes.size < 2:
        raise ValueError(f"y has only one class ({classes[0]!r}); need two")
    # many fractional values are a regression target (scikit-learn's "continuous"); two distinct
    # values are two classes whatever they are (2.5 and 7.0 label two groups), so they are kept
    if classes.size > 2 and labels.dtype.kind == "f" and not np.array_equal(classes, np.round(classes)):
        raise ValueError(
            f"Unknown label type: continuous. y holds {classes.size} distinct values such as "
            f"{classes[:3].tolist()}, a regression target; a classifier needs class labels"
        )
    return classes, y01


def _listed(names: list) -> str:
    """Up to five names, one a line, as scikit-learn lists them."""
    return "".join(f"- {name}\n" for name in names[:5]) + ("- ...\n" if len(names) > 5 else "")


class DivergedError(ValueError):
    """Training diverged; the message says why and which learning rate to try."""


class NotFittedError(ValueError, AttributeError):
    """A model asked to predict before `fit`; a ValueError and an AttributeError, as scikit-learn's."""


class LogisticRegression:
    """Logistic regression trained from scratch: the sigmoid model for two classes, the softmax
    (multinomial) model for K ≥ 3.

    Parameters are stored as given and checked by `fit` (scikit-learn's rule):
    penalty 'none' | 'l2' | 'l1', alpha ≥ 0 its strength, optimizer 'gd' | 'sgd' | 'momentum' |
    'adam' | 'newton', learning_rate > 0 or 'auto', epochs ≥ 1 (an upper bound: training stops
    when the gradient norm reaches tol), batch_size (mini-batches; None = all samples),
    random_state (seeds the mini-batch shuffles).

    The defaults fit raw data of any scale: Newton's method (scikit-learn's default is the
    quasi-Newton lbfgs) is invariant to the features' scale and reaches the optimum in 4-16 epochs
    where gradient descent, even with its safe step, is still short of it after 10⁵ epochs on
    unscaled data (README, "Defaults"); and α = 0 gives the same predictions at every scale.

    learning_rate='auto' is each gradient optimizer's safe step on the data (lr/optimizers.py):
    1/L for GD and momentum, L = λ_max(X₁ᵀX₁)/(4n) + α the Lipschitz constant of ∇J, so GD lowers
    J every epoch; 1/L_max for SGD; 1/(2√L) for Adam. Newton takes no learning rate. The step
    used is `learning_rate_`. L1 has no Hessian: with penalty='l1' choose a gradient optimizer,
    e.g. optimizer='gd'.

    Fitted attributes: classes_, coef_ (1, d) and intercept_ (1,) for two classes, (K, d) and (K,)
    for K ≥ 3 (the minimum-norm optimum, rows summing to 0 where no penalty decides: softmax is
    unchanged when one vector is added to every class's row; lr.objective.SoftmaxObjective), n_features_in_,
    feature_names_in_ (when X has string column names), n_iter_, learning_rate_ (None for
    Newton), status_, message_, history_.
    """

    def __init__(
        self,
        *,
        penalty: str | None = "l2",
        alpha: float = 0.0,
        optimizer: str = "newton",
        learning_rate: float | str = "auto",
        epochs: int = 1000,
        batch_size: int | None = None,
        tol: float = 1e-6,
        fit_intercept: bool = True,
        random_state: int | None = None,
    ) -> None:
        self.penalty = penalty
        self.alpha = alpha
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.random_state = random_state

    # -- scikit-learn's parameter protocol ---------------------------------------------------------
    @classmethod
    def _param_defaults(cls) -> dict:
        """The parameters of __init__ and their defaults, read from its signature (scikit-learn's way)."""
        parameters = inspect.signature(cls.__init__).parameters.values()
        named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        return {p.name: p.default for p in parameters if p.name != "self" and p.kind in named}

    def get_params(self, deep: bool = True) -> dict:
        """The constructor's parameters, by name."""
        return {name: getattr(self, name) for name in self._param_defaults()}

    def set_params(self, **params: object) -> "LogisticRegression":
        """Set constructor parameters by name; returns self."""
        valid = list(self._param_defaults())
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"invalid parameter {name!r}; valid parameters: {valid}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = self._param_defaults()
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if v != defaults[k]]
        return f"{type(self).__name__}({', '.join(changed)})"

    # -- fitting -----------------------------------------------------------------------------------
    def fit(self, X: object, y: object) -> "LogisticRegression":
        """Fit on X (n, d) and labels y (two or more distinct values of one sortable type); returns self.

        Raises DivergedError (a ValueError) rather than keep weights from a run that blew up.
        """
        names = feature_names(X)
        X = check_X(X)
        labels = check_labels(y, X.shape[0])
        classes, codes = _classes(labels)
        epochs = check_number(self.epochs, "epochs", low=1, integer=True)
        K = classes.size
        trainer = Trainer(
            X,
            codes.astype(np.float64) if K == 2 else codes,
            penalty=self.penalty,
            alpha=self.alpha,
            optimizer=self.optimizer,
            learning_rate=self.learning_rate,
            batch_size=self.batch_size,
            tol=self.tol,
            fit_intercept=self.fit_intercept,
            random_state=self.random_state,
            n_classes=None if K == 2 else K,
        ).run(epochs)
        if trainer.status == DIVERGED:
            raise DivergedError(trainer.message)
        self.classes_ = classes
        self.coef_ = trainer.w.reshape(-1, X.shape[1])  # (1, d), or (K, d) for K classes
        self.intercept_ = np.reshape(trainer.b, -1)  # (1,) or (K,)
        self.n_features_in_ = X.shape[1]
        if names is not None:
            self.feature_names_in_ = names
        elif hasattr(self, "feature_names_in_"):  # a refit without names forgets the old ones
            del self.feature_names_in_
        self.n_iter_ = trainer.epoch
        self.learning_rate_ = trainer.learning_rate  # the step "auto" chose; None for Newton
        self.status_ = trainer.status
        self.message_ = trainer.message
        self.history_: History = trainer.history
        return self

    @classmethod
    def from_weights(
        cls, w: object, b: float | object, classes: object = (0, 1), **params: object
    ) -> "LogisticRegression":
        """A fitted model from given weights (a saved model, or the weights of any recorded epoch).

        Two classes: w (d,) and a number b. K ≥ 3 classes: w (K, d) and b (K,), one row per class.
        """
        classes = np.asarray(classes)
        if classes.ndim != 1 or classes.size < 2 or np.unique(classes).size != classes.size:
            raise ValueError(f"classes must be two distinct labels or more, got {classes.tolist()!r}")
        K = classes.size
        model = cls(**params)
        model.classes_ = classes
        if K == 2:
            w = check_X(np.asarray(w, dtype=float).reshape(1, -1), "w")[0]
            model.coef_ = w[None, :]
            model.intercept_ = np.array([check_number(b, "b")])
        else:
            W = check_X(np.asarray(w, dtype=float), "w")
            b = np.asarray(b, dtype=float)
            if W.shape[0] != K or b.shape != (K,) or not np.isfinite(b).all():
                raise ValueError(
                    f"{K} classes need w of shape ({K}, d) and b of shape ({K},) with finite values, "
                    f"got {W.shape} and {b.shape}"
                )
            model.coef_, model.intercept_ = W, b
        model.n_features_in_ = model.coef_.shape[1]
        return model

    # -- prediction --------------------------------------------------------------------------------
    def _check_fitted_X(self, X: object) -> np.ndarray:
        """X checked against the fit: fitted at all, the same column names, the same number of features."""
        name = type(self).__name__
        if not hasattr(self, "coef_"):
            raise NotFittedError(f"This {name} instance is not fitted yet; call fit(X, y) before predicting")
        self._check_feature_names(feature_names(X))
        X = check_X(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features, but {name} is expecting {self.n_features_in_} features as "
                f"input: it was fitted with {self.n_features_in_} features"
            )
        return X

    def _check_feature_names(self, names: np.ndarray | None) -> None:
        """scikit-learn's rule: names given at fit must come back in the same order; a warning when
        only one of fit and predict had them."""
        fitted = getattr(self, "feature_names_in_", None)
        name = type(self).__name__
        if fitted is None and names is None:
            return
        if names is None:
            message = f"X does not have valid feature names, but {name} was fitted with feature names"
            warnings.warn(message, UserWarning, stacklevel=4)
        elif fitted is None:
            message = f"X has feature names, but {name} was fitted without feature names"
            warnings.warn(message, UserWarning, stacklevel=4)
        elif len(names) != len(fitted) or (names != fitted).any():
            unseen, missing = sorted(set(names) - set(fitted)), sorted(set(fitted) - set(names))
            message = "The feature names should match those that were passed during fit.\n"
            if unseen:
                message += "Feature names unseen at fit time:\n" + _listed(unseen)
            if missing:
                message += "Feature names seen at fit time, yet now missing:\n" + _listed(missing)
            if not unseen and not missing:
                message += "Feature names must be in the same order as they were in fit.\n"
            raise ValueError(message)

    def _decision(self, X: np.ndarray) -> np.ndarray:
        if len(self.coef_) == 1:
            return X @ self.coef_[0] + self.intercept_[0]
        return X @ self.coef_.T + self.intercept_  # Z = XWᵀ + b, (n, K)

    def _labels(self, z: np.ndarray) -> np.ndarray:
        """classes_[1] where z > 0 (two classes); the class of the largest logit (K classes)."""
        return self.classes_[(z > 0).astype(int) if z.ndim == 1 else np.argmax(z, axis=1)]

    def decision_function(self, X: object) -> np.ndarray:
        """z = Xw + b for each row: positive means class classes_[1]. K classes: (n, K), z = Wx + b."""
        return self._decision(self._check_fitted_X(X))

    def predict_proba(self, X: object) -> np.ndarray:
        """(n, K): column j is P(y = classes_[j] | x); two classes [1 − p, p] with p = σ(z),
        K classes softmax(z), rows summing to 1."""
        z = self.decision_function(X)
        if z.ndim == 2:
            return softmax(z, axis=1)
        return np.column_stack([sigmoid(-z), sigmoid(z)])  # σ(−z) = 1 − σ(z), without cancellation

    def predict(self, X: object) -> np.ndarray:
        """Labels from classes_: classes_[1] where z > 0 (p > ½), else classes_[0]; for K classes
        the most probable class (the largest logit)."""
        z = self.decision_function(X)  # checks "fitted" first: before classes_ exists
        return self._labels(z)

    def score(self, X: object, y: object) -> float:
        """Accuracy: the fraction of labels predicted right."""
        X = self._check_fitted_X(X)
        labels = check_labels(y, X.shape[0])
        return float(np.mean(self._labels(self._decision(X)) == labels))


class Logisic_Regression:
    """The seed project's class, kept under its original spelling so its usage example still runs.

    `Logisic_Regression(X, y)`, then `.train(epoch=1200, lr=0.01, show_loss=True)` (batch gradient
    descent, no penalty, printing the loss) and `.predict(X)` returning probabilities of shape
    (n, 1), as the seed did. It is the same trainer as LogisticRegression underneath, so it is
    numerically stable where the seed overflowed.
    """

    def __init__(self, X: object, y: object) -> None:
        self.X = check_X(X)
        y = check_labels(y, self.X.shape[0])
        self.y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
        self.W = np.zeros((self.X.shape[1], 1))
        self.b = 0.0
        self.losses: list[float] = []

    def train(self, epoch: int = 1000, lr: float = 0.01, show_loss: bool = False) -> None:
        """Batch gradient descent for `epoch` epochs with learning rate `lr`."""
        epoch = check_number(epoch, "epoch", low=1, integer=True)
        trainer = Trainer(  # continues from the current weights, as the seed's loop does
            self.X, self.y[:, 0], penalty="none", learning_rate=lr, tol=0.0, warm_start=(self.W, self.b)
        )
        every = max(1, epoch // 10)  # ten progress lines, printed as the epochs are run
        if show_loss:
            print(f"epoch 0: loss {trainer.history.train_loss[0]:.6f}")
        while trainer.epoch < epoch and trainer.status != DIVERGED:
            trainer.run(min(every, epoch - trainer.epoch))
            if show_loss:
                print(f"epoch {trainer.epoch}: loss {trainer.history.train_loss[-1]:.6f}")
        if trainer.status == DIVERGED:
            raise DivergedError(trainer.message)
        self.W = trainer.w.reshape(-1, 1)
        self.b = trainer.b
        self.losses = trainer.history.train_loss.tolist()

    def loss(self) -> float:
        """Mean binary cross-entropy on the training data, from logits: J with no penalty."""
        return float(Objective(self.X, self.y[:, 0]).loss(np.append(self.W[:, 0], self.b)))

    def predict(self, X: object) -> np.ndarray:
        """Probabilities σ(XW + b), shape (n, 1), as the seed returns them."""
        X = check_X(X)
        if X.shape[1] != self.W.shape[0]:
            raise ValueError(f"X has {X.shape[1]} features, but the model was trained with {self.W.shape[0]}")
        return sigmoid(X @ self.W + self.b)
