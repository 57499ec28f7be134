"""How the model of one epoch scores on the training and test splits (the Evaluate page's numbers),
at any decision threshold t: a point is predicted class 1 when p = σ(z) > t (at t = ½, z > 0: the
model's own predict)."""

from dataclasses import dataclass

import numpy as np

from lr import metrics
from lr.functional import bce_from_logits, sigmoid, softmax, softmax_logsumexp

from .experiment import Experiment

CALIBRATION_BINS = 10


@dataclass(frozen=True)
class Calibration:
    """The reliability curve of one split: per non-empty bin of predicted probability (width 1/bins),
    the mean predicted p, the observed share of class 1, and the number of points in it."""

    prob_pred: np.ndarray
    prob_true: np.ndarray
    counts: np.ndarray


@dataclass(frozen=True)
class SplitReport:
    """How the model of one epoch scores on one split, at one threshold."""

    n: int
    accuracy: float  # the label metrics and the confusion are at `threshold`
    precision: float
    recall: float
    f1: float
    log_loss: float
    auc: float | None  # None when the split holds one class only
    confusion: np.ndarray  # 2×2, rows true class, columns predicted
    fpr: np.ndarray
    tpr: np.ndarray
    threshold: float = 0.5
    roc_point: tuple[float, float] | None = None  # (FPR, TPR) at the threshold: a vertex of the ROC curve
    precision_curve: np.ndarray | None = None  # None without a class-1 point
    recall_curve: np.ndarray | None = None
    pr_point: tuple[float, float] | None = None  # (recall, precision) at the threshold, on the PR curve
    average_precision: float | None = None
    positive_share: float = 0.0  # the share of class 1: a model that guesses has this precision
    calibration: Calibration | None = None


def logit(t: float) -> float:
    """z with σ(z) = t: log t − log(1 − t); −inf at 0, +inf at 1, exactly 0 at ½."""
    with np.errstate(divide="ignore"):
        return float(np.log(t) - np.log1p(-t))


def predict_at(z: np.ndarray, threshold: float) -> np.ndarray:
    """Class 1 (as 1) where p = σ(z) > threshold, compared on the logits so that t = ½ is exactly z > 0."""
    return (z > logit(threshold)).astype(int)


def report(
    exp: Experiment, epoch: int | None = None, threshold: float = 0.5, *, curves: bool = True
) -> dict[str, SplitReport]:
    """Metrics of the model at `epoch` (default: the last) on the train and test splits, at `threshold`.

    `curves=False` leaves out what does not depend on the threshold (the ROC, precision-recall and
    calibration curves, AUC and AP): the label metrics alone cost one pass over the logits.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be a probability from 0 to 1, got {threshold!r}")
    out = {}
    for name, X, y in (("train", exp.X_train, exp.y_train), ("test", exp.X_test, exp.y_test)):
        if len(y) == 0:
            continue
        z = exp.logits(X, epoch)
        y_pred = predict_at(z, threshold)
        confusion = metrics.confusion_matrix(y, y_pred, labels=[0, 1])
        tn, fp, fn, tp = (int(v) for v in confusion.ravel())
        two = np.unique(y).size == 2
        fpr, tpr = np.array([0.0, 1.0]), np.array([0.0, 1.0])
        if two and curves:
            fpr, tpr, _ = metrics.roc_curve(y, z)
        has_positive = tp + fn > 0 and curves
        precision_curve = recall_curve = pr_point = average_precision = None
        if has_positive:
            precision_curve, recall_curve, _ = metrics.precision_recall_curve(y, z)
            average_precision = metrics.average_precision_score(y, z)
            # nothing predicted positive: the curve's end, where precision is 1 by convention
            pr_point = (tp / (tp + fn), tp / (tp + fp) if tp + fp else 1.0)
        calibration = None
        if curves:
            prob_true, prob_pred, counts = metrics.calibration_curve(
                y, sigmoid(z), n_bins=CALIBRATION_BINS, return_counts=True
            )
            calibration = Calibration(prob_pred, prob_true, counts)
        out[name] = SplitReport(
            n=len(y),
            accuracy=metrics.accuracy_score(y, y_pred),
            precision=metrics.precision_score(y, y_pred),
            recall=metrics.recall_score(y, y_pred),
            f1=metrics.f1_score(y, y_pred),
            log_loss=bce_from_logits(z, y),
            auc=metrics.roc_auc_score(y, z) if two and curves else None,
            confusion=confusion,
            fpr=fpr,
            tpr=tpr,
            threshold=threshold,
            roc_point=(fp / (fp + tn), tp / (tp + fn)) if two else None,
            precision_curve=precision_curve,
            recall_curve=recall_curve,
            pr_point=pr_point,
            average_precision=average_precision,
            positive_share=float(np.mean(y == 1)),
            calibration=calibration,
        )
    return out


@dataclass(frozen=True)
class Weights:
    """One epoch's weights twice: as the model holds them, on the features it was trained on
    (standardised when Standardise is on), and on the raw features φ(x1, x2), the numbers of the
    player's boundary equation (playground/ui/player_run.js: equationText). Two classes: w (d,) and a
    float b; K ≥ 3 classes: W (K, d), one row w_k per class, and b (K,)."""

    names: list[str]
    w: np.ndarray  # on the training features: (φ_j − m_j) / s_j when standardised
    b: float | np.ndarray
    w_raw: np.ndarray  # on the raw features φ_j
    b_raw: float | np.ndarray
    standardised: bool


def weights_of(exp: Experiment, epoch: int) -> Weights:
    """The weights of `epoch` on the training features and on the raw ones, for the same logits:

    z = Σ_j w_j (φ_j − m_j) / s_j + b = Σ_j (w_j / s_j) φ_j + (b − Σ_j w_j m_j / s_j),

    with the scaler's means m and scales s (a zero scale counts as 1, as in the player); for K classes
    the same for each row: W_raw = W / s (each column j by s_j), b_raw = b − W_raw m."""
    h = exp.trainer.history
    w = np.asarray(h.w[epoch], dtype=float)
    b = float(h.b[epoch]) if w.ndim == 1 else np.asarray(h.b[epoch], dtype=float)
    names = list(exp.poly.get_feature_names_out())
    if exp.scaler is None:
        return Weights(names, w, b, w, b, standardised=False)
    mean = np.asarray(exp.scaler.mean_, dtype=float)
    scale = np.asarray(exp.scaler.scale_, dtype=float)
    scale = np.where(scale == 0, 1.0, scale)
    w_raw = w / scale
    b_raw = b - w_raw @ mean
    return Weights(names, w, b, w_raw, float(b_raw) if w.ndim == 1 else b_raw, standardised=True)


def significant(v: float, n: int = 3) -> str:
    """`v` to n significant digits, written as the player writes its equation (player_run.js: sig):
    exponent form from 1e5 up and below 1e-3, a true minus sign."""
    if not np.isfinite(v):
        return "—"
    if v == 0:
        return "0"
    a = abs(float(v))
    if a >= 1e5 or a < 1e-3:
        mantissa, exponent = f"{a:.{n - 1}e}".split("e")
        s = f"{mantissa}e{int(exponent)}"
    else:
        s = format(float(f"{a:.{n}g}"), ".15g")
    return ("−" if v < 0 else "") + s


def weights_table(weights: Weights) -> dict[str, list[str]]:
    """The weights as table columns, the intercept b last: on the training features and, when they
    are standardised, on the raw ones too, each number as the player's equation writes it."""
    table = {"feature": [*weights.names, "b (intercept)"]}
    if weights.standardised:
        table["standardised"] = [significant(v) for v in [*weights.w, weights.b]]
    table["raw, as the equation"] = [significant(v) for v in [*weights.w_raw, weights.b_raw]]
    return table


# K ≥ 3 classes (softmax regression): the model predicts the most probable class, ŷ = argmax_k z_k
# (ties to the lowest class, as np.argmax); no single threshold applies.


@dataclass(frozen=True)
class ClassCurves:
    """One class k against the rest, ranked by its probability p_k: the ROC and precision-recall
    curves, their areas, and the share of class k (the precision of a model that guesses)."""

    fpr: np.ndarray
    tpr: np.ndarray
    auc: float
    precision: np.ndarray
    recall: np.ndarray
    average_precision: float
    share: float


@dataclass(frozen=True)
class ClassesReport:
    """How a K-class model of one epoch scores on one split: the K×K confusion matrix (rows the true
    class, columns the predicted one), per-class precision, recall, F1 and support with their macro and
    weighted means, one-vs-rest curves per class and the top-label calibration."""

    n: int
    accuracy: float
    log_loss: float
    confusion: np.ndarray  # K×K
    per_class: metrics.ClassificationReport
    auc: float | None  # the macro mean of the K one-vs-rest AUCs; None when a class is missing
    curves: tuple[ClassCurves | None, ...] | None  # per class; None for a class absent or alone
    calibration: metrics.TopLabelCalibration | None


def softmax_cross_entropy(Z: np.ndarray, y: np.ndarray) -> float:
    """J = (1/n) Σ_i [logsumexp(z_i) − z_{i, y_i}] = −(1/n) Σ_i log p_{i, y_i}, from the logits: exact
    where p_{i, y_i} would round to 0 (no clip, unlike a log loss of probabilities)."""
    lse = softmax_logsumexp(np.asarray(Z, dtype=float))[1]
    return float(np.mean(lse - Z[np.arange(len(y)), y]))


def one_vs_rest(y: np.ndarray, P: np.ndarray) -> tuple[ClassCurves | None, ...]:
    """Class k against the rest, for each k: (y = k) ranked by p_k. None for a class the split does not
    hold, or holds alone (its FPR or TPR is 0/0)."""
    out = []
    for k in range(P.shape[1]):
        t = (y == k).astype(int)
        if t.all() or not t.any():
            out.append(None)
            continue
        fpr, tpr, _ = metrics.roc_curve(t, P[:, k])
        precision, recall, _ = metrics.precision_recall_curve(t, P[:, k])
        out.append(
            ClassCurves(
                fpr=fpr,
                tpr=tpr,
                auc=float(np.trapezoid(tpr, fpr)),
                precision=precision,
                recall=recall,
                average_precision=metrics.average_precision_score(t, P[:, k]),
                share=float(t.mean()),
            )
        )
    return tuple(out)


def class_report(
    exp: Experiment, epoch: int | None = None, *, curves: bool = True
) -> dict[str, ClassesReport]:
    """Metrics of a K-class model at `epoch` (default: the last) on the train and test splits; the
    prediction is ŷ = argmax_k z_k. `curves=False` leaves out the one-vs-rest curves and the calibration."""
    K = exp.n_classes
    labels = list(range(K))
    out = {}
    for name, X, y in (("train", exp.X_train, exp.y_train), ("test", exp.X_test, exp.y_test)):
        if len(y) == 0:
            continue
        y = np.asarray(y, dtype=np.int64)
        Z = exp.logits(X, epoch)  # (n, K)
        y_pred = np.argmax(Z, axis=1)
        curves_of = calibration = auc = None
        per_class = metrics.classification_report(y, y_pred, labels=labels)
        if curves:
            P = softmax(Z)
            curves_of = one_vs_rest(y, P)
            if all(c is not None for c in curves_of):  # sklearn's macro OvR AUC needs every class
                auc = float(np.mean([c.auc for c in curves_of]))
            calibration = metrics.top_label_calibration(y, P, labels=labels, n_bins=CALIBRATION_BINS)
        out[name] = ClassesReport(
            n=len(y),
            accuracy=per_class.accuracy,
            log_loss=softmax_cross_entropy(Z, y),
            confusion=metrics.confusion_matrix(y, y_pred, labels=labels),
            per_class=per_class,
            auc=auc,
            curves=curves_of,
            calibration=calibration,
        )
    return out


def class_weights_table(weights: Weights, class_names: list[str], *, raw: bool) -> dict[str, list[str]]:
    """K-class weights as a K × (d + 1) table: one row per class (w_k and b_k, the score function
    z_k = w_k·φ + b_k), one column per feature and b last; raw: on the raw features, as the
    equation writes them, else on the training features. Each number as the player writes it."""
    W, b = (weights.w_raw, weights.b_raw) if raw else (weights.w, weights.b)
    table = {"class": [str(name) for name in class_names]}
    for j, name in enumerate(weights.names):
        table[name] = [significant(v) for v in W[:, j]]
    table["b"] = [significant(v) for v in np.atleast_1d(b)]
    return table
