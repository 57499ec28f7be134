"""What a visitor takes away: the model as JSON that lr loads back, the history as CSV, and a short
Python script that reproduces the run with lr.

Text a visitor wrote (class labels, a file's column names) is escaped for spreadsheets in the CSV: a
cell that starts with =, +, -, @, a tab or a carriage return is a formula to Excel and LibreOffice
("CSV injection"), so it gets a leading apostrophe, which they show as text.
"""

import csv
import io
from dataclasses import asdict

import numpy as np

from lr import LogisticRegression, Pipeline
from lr.optimizers import OPTIMIZERS

from .experiment import Experiment
from .real_data import REAL_DATA
from .settings import epoch_budget

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(cell: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def pipeline_at(exp: Experiment, epoch: int | None = None) -> Pipeline:
    """The run's model as it was after `epoch` epochs (default: the last): feature map, then weights."""
    h = exp.trainer.history
    e = h.n_epochs if epoch is None else epoch
    s = exp.settings
    model = LogisticRegression.from_weights(
        h.w[e],  # w (d,) for two classes; W (K, d), one row per class, for K ≥ 3
        float(h.b[e]) if exp.n_classes == 2 else h.b[e],  # b, or one b_k per class
        list(exp.classes),  # the labels of their own kind: a model of 0/1 labels predicts 0/1
        penalty=s.penalty,
        alpha=s.alpha,
        optimizer=s.optimizer,
        learning_rate=s.learning_rate,
        epochs=max(e, 1),
    )
    steps = [exp.poly] + ([exp.scaler] if exp.scaler is not None else [])
    return Pipeline(steps, model)


def model_json(exp: Experiment, epoch: int | None = None) -> str:
    """The model at `epoch` as JSON: weights with feature names, the feature map with its
    standardisation, the classes, and the settings that made it. `lr.Pipeline.from_json` reads it."""
    h = exp.trainer.history
    e = h.n_epochs if epoch is None else epoch
    return pipeline_at(exp, e).to_json(
        epoch=e,
        feature_names=exp.poly.get_feature_names_out(),
        axis_names=list(exp.axis_names),
        settings=asdict(exp.settings),
    )


def weight_columns(exp: Experiment) -> list[str]:
    """The CSV's weight columns: b, then w[feature] for two classes; for K ≥ 3 classes b[class] for
    each class, then w[class, feature] class by class (W's rows in order, as lr's coef_)."""
    names = exp.poly.get_feature_names_out()
    if exp.n_classes == 2:
        return ["b"] + [spreadsheet_text(f"w[{name}]") for name in names]
    classes = exp.class_names
    return [spreadsheet_text(f"b[{c}]") for c in classes] + [
        spreadsheet_text(f"w[{c}, {name}]") for c in classes for name in names
    ]


def history_csv(exp: Experiment) -> str:
    """One row per epoch: losses, accuracies, gradient norm, the intercept and every weight (for K
    classes, each class's intercept and weights: weight_columns)."""
    h = exp.trainer.history
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = [
        "epoch",
        "train_loss",
        "test_loss",
        "train_accuracy",
        "test_accuracy",
        "objective",
        "grad_norm",
    ]
    writer.writerow(columns + weight_columns(exp))
    missing = np.full(h.n_epochs + 1, np.nan)
    per_epoch = [
        h.train_loss,
        h.test_loss if h.test_loss is not None else missing,
        h.train_acc,
        h.test_acc if h.test_acc is not None else missing,
        h.objective,
        h.grad_norm,
    ]
    for e in range(h.n_epochs + 1):
        # b then w (two classes); b (K,) then W (K, d) row by row (K classes)
        weights = np.concatenate([np.ravel(h.b[e]), np.ravel(h.w[e])])
        values = [float(a[e]) for a in per_epoch] + [float(v) for v in weights]
        writer.writerow([e] + ["" if np.isnan(v) else repr(v) for v in values])
    return out.getvalue()


def snippet(exp: Experiment) -> str:
    """Python that reproduces the run with lr alone and prints the same final loss.

    Generated and shipped data are rebuilt exactly; a visitor's own file is read from `points.csv`
    (their file, saved beside the script), since the file never leaves their session.
    """
    s = exp.settings
    K = exp.n_classes
    if s.upload or s.dataset in REAL_DATA:
        path = "points.csv" if s.upload else f"playground/data/{REAL_DATA[s.dataset].file}"
        data = (
            ("# your own points: save your file beside this script as points.csv\n" if s.upload else "")
            + f"points = lr.datasets.read_csv({path!r})  # the playground's own reader: the same numbers\n"
            "X = points.X\n"
            "classes, y = np.unique(points.labels, return_inverse=True)  # "
            + ("classes[0] → 0, classes[1] → 1" if K == 2 else f"classes[k] → k, for k = 0..{K - 1}")
        )
    else:
        shares = f"balance={s.balance!r}" if K == 2 else f"n_classes={K}"  # K ≥ 3: equal shares
        data = (
            f"X, y = lr.make_dataset({s.dataset!r}, {s.n_samples}, noise={s.noise!r}, "
            f"{shares}, random_state={s.seed})"
        )
    scale = "scaler = lr.StandardScaler().fit(F_train)\n" if s.standardize else ""
    scaled = "scaler.transform({})" if s.standardize else "{}"
    batch = f"batch_size={s.batch_size}, " if OPTIMIZERS[s.optimizer].uses_batches else ""
    # K ≥ 3 classes: softmax regression, W (K, d) and b (K,), one score function z_k per class
    classes = f"\n    n_classes={K},  # softmax: p_k = e^(z_k) / Σ_j e^(z_j)" if K > 2 else ""
    n = len(exp.y_train) + len(exp.y_test)
    return f'''"""A Logistic Regression Playground run, reproduced with lr alone."""
import numpy as np

import lr

{data}
X_train, X_test, y_train, y_test = lr.train_test_split(X, y, test_size={s.test_size!r}, random_state={s.seed})
poly = lr.PolynomialFeatures({s.degree}).fit(X_train)
F_train, F_test = poly.transform(X_train), poly.transform(X_test)
{scale}trainer = lr.Trainer(
    {scaled.format("F_train")},
    y_train,
    penalty={s.penalty!r},
    alpha={s.alpha!r},
    optimizer={s.optimizer!r},  # {OPTIMIZERS[s.optimizer].label}
    learning_rate={s.learning_rate!r},
    {batch}tol=1e-6,
    random_state={s.seed},
    X_test={scaled.format("F_test")} if len(X_test) else None,
    y_test=y_test if len(X_test) else None,{classes}
).run({epoch_budget(s, n, K)})
print(trainer.message)
print("final train loss", trainer.history.train_loss[-1])
'''
