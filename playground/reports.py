"""How the model of one epoch scores on the training and test splits (the Evaluate page's numbers)."""

from dataclasses import dataclass

import numpy as np

from lr import metrics
from lr.functional import bce_from_logits

from .experiment import Experiment


@dataclass(frozen=True)
class SplitReport:
    """How the model of one epoch scores on one split."""

    n: int
    accuracy: float
    precision: float
    recall: float
    f1: float
    log_loss: float
    auc: float | None  # None when the split holds one class only
    confusion: np.ndarray  # 2×2, rows true class, columns predicted
    fpr: np.ndarray
    tpr: np.ndarray


def report(exp: Experiment, epoch: int | None = None) -> dict[str, SplitReport]:
    """Metrics of the model at `epoch` (default: the last) on the train and test splits."""
    out = {}
    for name, X, y in (("train", exp.X_train, exp.y_train), ("test", exp.X_test, exp.y_test)):
        if len(y) == 0:
            continue
        z = exp.logits(X, epoch)
        y_pred = (z > 0).astype(int)
        two = np.unique(y).size == 2
        fpr, tpr, _ = metrics.roc_curve(y, z) if two else (np.array([0.0, 1.0]),) * 2 + (None,)
        out[name] = SplitReport(
            n=len(y),
            accuracy=metrics.accuracy_score(y, y_pred),
            precision=metrics.precision_score(y, y_pred),
            recall=metrics.recall_score(y, y_pred),
            f1=metrics.f1_score(y, y_pred),
            log_loss=bce_from_logits(z, y),
            auc=metrics.roc_auc_score(y, z) if two else None,
            confusion=metrics.confusion_matrix(y, y_pred, labels=[0, 1]),
            fpr=fpr,
            tpr=tpr,
        )
    return out
