"""lr: logistic regression from scratch, in NumPy alone.

    import lr
    model = lr.LogisticRegression().fit(X, y)  # Newton's method: raw data of any scale
    model.predict_proba(X_new)  # (n, K): two classes the sigmoid model, three or more the softmax

`import lr` loads NumPy and nothing else. The playground app (Streamlit, Plotly) is the `playground`
package beside it, which imports lr; lr imports nothing of it.
"""

from .datasets import DATASETS, MULTICLASS_DATASETS, make_dataset, train_test_split
from .features import PolynomialFeatures, StandardScaler
from .functional import bce_from_logits, log1pexp, logsumexp, sigmoid, softmax
from .gradcheck import GradientCheck, check_gradient
from .history import History
from .metrics import (
    ClassificationReport,
    TopLabelCalibration,
    accuracy_score,
    average_precision_score,
    calibration_curve,
    classification_report,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_recall_curve,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
    roc_curve_ovr,
    top_label_calibration,
)
from .model import DivergedError, Logisic_Regression, LogisticRegression, NotFittedError
from .objective import Objective, SoftmaxObjective
from .optimizers import OPTIMIZERS
from .penalties import PENALTIES
from .pipeline import Pipeline
from .trainer import Trainer

__all__ = [
    "DATASETS",
    "MULTICLASS_DATASETS",
    "OPTIMIZERS",
    "PENALTIES",
    "ClassificationReport",
    "DivergedError",
    "GradientCheck",
    "History",
    "Logisic_Regression",
    "LogisticRegression",
    "NotFittedError",
    "Objective",
    "Pipeline",
    "PolynomialFeatures",
    "SoftmaxObjective",
    "StandardScaler",
    "TopLabelCalibration",
    "Trainer",
    "accuracy_score",
    "average_precision_score",
    "bce_from_logits",
    "calibration_curve",
    "check_gradient",
    "classification_report",
    "confusion_matrix",
    "f1_score",
    "log1pexp",
    "log_loss",
    "logsumexp",
    "make_dataset",
    "precision_recall_curve",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
    "roc_auc_score",
    "roc_curve",
    "roc_curve_ovr",
    "sigmoid",
    "softmax",
    "top_label_calibration",
    "train_test_split",
]
