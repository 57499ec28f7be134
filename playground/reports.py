"""How the model of one epoch scores on the training and test splits (the Evaluate page's numbers),
at any decision threshold t: a point is predicted class 1 when p = σ(z) > t (at t = ½, z > 0: the
model's own predict)."""

from dataclasses import dataclass

import numpy as np

from lr import metrics
from lr.functional import bce_from_logits, sigmoid

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
    player's boundary equation (playground/ui/player_run.js: equationText)."""

    names: list[str]
    w: np.ndarray  # on the training features: (φ_k − m_k) / s_k when standardised
    b: float
    w_raw: np.ndarray  # on the raw features φ_k
    b_raw: float
    standardised: bool


def weights_of(exp: Experiment, epoch: int) -> Weights:
    """The weights of `epoch` on the training features and on the raw ones, for the same logits:

    z = Σ w_k (φ_k − m_k) / s_k + b = Σ (w_k / s_k) φ_k + (b − Σ w_k m_k / s_k),

    with the scaler's means m and scales s (a zero scale counts as 1, as in the player)."""
    h = exp.trainer.history
    w, b = np.asarray(h.w[epoch], dtype=float), float(h.b[epoch])
    if exp.scaler is None:
        return Weights(list(exp.poly.get_feature_names_out()), w, b, w, b, standardised=False)
    mean = np.asarray(exp.scaler.mean_, dtype=float)
    scale = np.asarray(exp.scaler.scale_, dtype=float)
    scale = np.where(scale == 0, 1.0, scale)
    w_raw = w / scale
    return Weights(
        list(exp.poly.get_feature_names_out()), w, b, w_raw, float(b - w_raw @ mean), standardised=True
    )


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
