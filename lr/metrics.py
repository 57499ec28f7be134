"""Classification metrics for two classes and for K, following sklearn.metrics' conventions.

Binary: labels may be 0/1 or any two labels (numbers or strings); ``pos_label`` says which one is
the positive class (default 1). K classes: any K sortable labels (numbers or strings), in sorted
order unless ``labels`` gives the order (the columns of a probability matrix P of shape (n, K)).
Counts used below, for a class k (for two classes, the positive one):

    TP = true positives   FP = false positives   FN = false negatives   TN = true negatives

A ratio whose denominator is 0 is reported as 0.0: the value of sklearn's default
``zero_division="warn"``, without the warning (a class never predicted has precision 0).
"""

from dataclasses import dataclass

import numpy as np


def _check_1d(name: str, a: object) -> np.ndarray:
    """Return ``a`` as a non-empty 1-D array; float values must be finite."""
    a = np.asarray(a)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D (n_samples,), got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} is empty")
    if a.dtype.kind == "f" and not np.isfinite(a).all():
        raise ValueError(f"{name} contains NaN or inf")
    return a


def _check_same_length(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"{name_a} and {name_b} have different lengths ({a.shape[0]} and {b.shape[0]})")


def _check_labels_pair(y_true: object, y_pred: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate two label arrays that will be compared element by element."""
    y_true = _check_1d("y_true", y_true)
    y_pred = _check_1d("y_pred", y_pred)
    _check_same_length("y_true", y_true, "y_pred", y_pred)
    # numpy would silently turn [0, 1] into ["0", "1"] to compare it with strings.
    if (y_true.dtype.kind in "biuf") != (y_pred.dtype.kind in "biuf"):
        raise TypeError(
            f"y_true and y_pred must both hold numbers or both hold strings, "
            f"got dtypes {y_true.dtype} and {y_pred.dtype}"
        )
    return y_true, y_pred


def _classes(*arrays: np.ndarray) -> list:
    """Sorted distinct labels across ``arrays``, as plain Python values."""
    found = set()
    for a in arrays:
        found.update(a.tolist())  # tolist: 1 and 1.0 hash alike, np.str_ becomes str
    try:
        return sorted(found)
    except TypeError:
        raise TypeError(f"labels must be all numbers or all strings, got {found}") from None


def _labels(*arrays: np.ndarray) -> list:
    """Sorted distinct labels across ``arrays``, as plain Python values; at most two."""
    labels = _classes(*arrays)
    if len(labels) > 2:
        raise ValueError(f"binary metrics need at most two labels, got {len(labels)}: {labels}")
    return labels


def _positive(y: np.ndarray, labels: list, pos_label: object) -> np.ndarray:
    """Boolean mask of ``y == pos_label``, after checking that ``pos_label`` is a label."""
    # With a single label present (all negatives, say) pos_label may legitimately be absent.
    if len(labels) == 2 and pos_label not in labels:
        raise ValueError(f"pos_label={pos_label!r} is not one of the labels {labels}")
    return y == pos_label


def _counts(y_true: object, y_pred: object, pos_label: object) -> tuple[int, int, int]:
    """TP, FP, FN for the class ``pos_label``."""
    y_true, y_pred = _check_labels_pair(y_true, y_pred)
    labels = _labels(y_true, y_pred)
    t = _positive(y_true, labels, pos_label)
    p = _positive(y_pred, labels, pos_label)
    return int(np.sum(t & p)), int(np.sum(~t & p)), int(np.sum(t & ~p))


def accuracy_score(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Fraction of correct predictions: (1/n) Σ_i [y_true_i == y_pred_i]."""
    y_true, y_pred = _check_labels_pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def precision_score(y_true: np.ndarray, y_pred: np.ndarray, *, pos_label: object = 1) -> float:
    """Precision = TP / (TP + FP): of the points predicted positive, the share that are."""
    tp, fp, _ = _counts(y_true, y_pred, pos_label)
    return tp / (tp + fp) if tp + fp > 0 else 0.0


def recall_score(y_true: np.ndarray, y_pred: np.ndarray, *, pos_label: object = 1) -> float:
    """Recall = TP / (TP + FN): of the truly positive points, the share that were found."""
    tp, _, fn = _counts(y_true, y_pred, pos_label)
    return tp / (tp + fn) if tp + fn > 0 else 0.0


def f1_score(y_true: np.ndarray, y_pred: np.ndarray, *, pos_label: object = 1) -> float:
    """F1 = 2·precision·recall / (precision + recall) = 2·TP / (2·TP + FP + FN)."""
    tp, fp, fn = _counts(y_true, y_pred, pos_label)
    # The count form is the same number and avoids 0/0 when precision = recall = 0.
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn > 0 else 0.0


def _check_label_list(labels: object) -> list:
    """``labels`` as a list of at least two distinct plain Python values, in the caller's order."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.size < 2 or np.unique(labels).size != labels.size:
        raise ValueError(f"labels must be at least two distinct labels, got {labels.tolist()}")
    return labels.tolist()


def _encode(y: np.ndarray, classes: list, name: str) -> np.ndarray:
    """Index of each y_i in ``classes`` (int64), refusing labels that are not among them."""
    C = np.asarray(classes)
    if (C.dtype.kind in "biuf") != (y.dtype.kind in "biuf"):
        raise TypeError(
            f"{name} and labels must both hold numbers or both hold strings, got {y.dtype} and {C.dtype}"
        )
    order = np.argsort(C, kind="stable")
    at = np.minimum(np.searchsorted(C[order], y), C.size - 1)
    found = C[order][at] == y
    if not found.all():
        missing = _classes(y[~found])
        raise ValueError(f"{name} contains {missing}, which is not in labels={classes}")
    return order[at]


def _confusion(i: np.ndarray, j: np.ndarray, K: int) -> np.ndarray:
    """C[a, b] = #{i = a and j = b}: one bincount over the K² cells."""
    return np.bincount(i * K + j, minlength=K * K).reshape(K, K).astype(np.int64)


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, *, labels: list | None = None) -> np.ndarray:
    """K×K count matrix C with C[i, j] = #{y_true == labels[i] and y_pred == labels[j]}.

    Rows are true classes, columns predicted ones (sklearn's layout), so for labels [0, 1]:
    [[TN, FP], [FN, TP]]. ``labels`` (at least two, in the order wanted) defaults to the sorted
    labels present; when only 0 or only 1 occurs it is [0, 1], so a binary matrix is always 2×2.
    Every label in ``y_true`` and ``y_pred`` must be one of ``labels``.
    """
    y_true, y_pred = _check_labels_pair(y_true, y_pred)
    present = _classes(y_true, y_pred)
    if labels is None:
        if set(present) <= {0, 1}:
            labels = [0, 1]
        elif len(present) >= 2:
            labels = present
        else:
            raise ValueError(
                f"only one label ({present[0]!r}) occurs in y_true and y_pred; "
                f"pass labels=[negative, positive] to get a 2×2 matrix"
            )
    else:
        labels = _check_label_list(labels)
        missing = [v for v in present if v not in labels]
        if missing:
            raise ValueError(f"y_true or y_pred contains {missing}, which is not in labels={labels}")
    K = len(labels)
    return _confusion(_encode(y_true, labels, "y_true"), _encode(y_pred, labels, "y_pred"), K)


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, with 0.0 where the denominator is 0 (sklearn's zero_division value)."""
    out = np.zeros(np.shape(numerator), dtype=np.float64)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def precision_recall_fscore_support(
    y_true: np.ndarray, y_pred: np.ndarray, *, labels: list | None = None, average: str | None = None
) -> tuple:
    """Precision, recall, F1 and support of every class k (one-vs-rest counts from the K×K matrix C).

        TP_k = C[k, k]   FP_k = Σ_j C[j, k] − TP_k   FN_k = Σ_j C[k, j] − TP_k   support_k = TP_k + FN_k
        precision_k = TP_k / (TP_k + FP_k)     (0 for a class never predicted)
        recall_k    = TP_k / (TP_k + FN_k)     (0 for a class absent from y_true)
        F1_k        = 2·TP_k / (2·TP_k + FP_k + FN_k)

    ``average=None`` returns four arrays over ``labels`` (default: the sorted labels in y_true and
    y_pred). ``"macro"``: the unweighted mean over classes of each of the three; ``"weighted"``: the
    mean weighted by support_k; ``"micro"``: from the summed counts (equal to the accuracy when every
    label is counted). Averages return three floats and support None, as sklearn does.
    """
    y_true, y_pred = _check_labels_pair(y_true, y_pred)
    classes = _classes(y_true, y_pred) if labels is None else _check_label_list(labels)
    C = _confusion(_encode(y_true, classes, "y_true"), _encode(y_pred, classes, "y_pred"), len(classes))
    tp = np.diag(C)
    fp = C.sum(axis=0) - tp
    fn = C.sum(axis=1) - tp
    support = tp + fn
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    precision, recall, f1 = _ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn)
    if average is None:
        return precision, recall, f1, support
    if average == "micro":
        return float(precision), float(recall), float(f1), None
    if average == "macro":
        weights = np.ones(len(classes))
    elif average == "weighted":
        weights = support.astype(np.float64)
    else:
        raise ValueError(f"average must be None, 'micro', 'macro' or 'weighted', got {average!r}")
    return (*(float(np.sum(weights * m) / np.sum(weights)) for m in (precision, recall, f1)), None)


@dataclass(frozen=True)
class ClassificationReport:
    """Per-class precision, recall, F1 and support with their macro and weighted averages.

    ``macro`` and ``weighted`` are (precision, recall, F1): the unweighted mean over classes, and
    the mean weighted by support (the F1 averages average the F1s, as sklearn's report does).
    """

    classes: list
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray
    support: np.ndarray
    accuracy: float
    macro: tuple[float, float, float]
    weighted: tuple[float, float, float]

    def __str__(self) -> str:
        """A plain-text table in sklearn's layout (the labels are not escaped: plain text only)."""
        names = [str(c) for c in self.classes]
        width = max(len("weighted avg"), *map(len, names))
        head = f"{'':>{width}} {'precision':>9} {'recall':>9} {'f1-score':>9} {'support':>9}"
        rows = [
            f"{name:>{width}} {p:9.2f} {r:9.2f} {f:9.2f} {s:9d}"
            for name, p, r, f, s in zip(
                names, self.precision, self.recall, self.f1, self.support, strict=True
            )
        ]
        n = int(self.support.sum())
        tail = [
            f"{'accuracy':>{width}} {'':>9} {'':>9} {self.accuracy:9.2f} {n:9d}",
            *(
                f"{name:>{width}} {p:9.2f} {r:9.2f} {f:9.2f} {n:9d}"
                for name, (p, r, f) in (("macro avg", self.macro), ("weighted avg", self.weighted))
            ),
        ]
        return "\n".join([head, "", *rows, "", *tail])


def classification_report(
    y_true: np.ndarray, y_pred: np.ndarray, *, labels: list | None = None
) -> ClassificationReport:
    """Precision, recall, F1 and support per class, with accuracy and macro and weighted means."""
    per_class = precision_recall_fscore_support(y_true, y_pred, labels=labels)
    classes = _classes(*_check_labels_pair(y_true, y_pred)) if labels is None else _check_label_list(labels)
    macro = precision_recall_fscore_support(y_true, y_pred, labels=labels, average="macro")[:3]
    weighted = precision_recall_fscore_support(y_true, y_pred, labels=labels, average="weighted")[:3]
    return ClassificationReport(classes, *per_class, accuracy_score(y_true, y_pred), macro, weighted)


def _check_scores(y_true: object, scores: object, name: str, pos_label: object) -> tuple:
    """Validate labels and real-valued scores; return (positive mask, float scores, labels)."""
    y_true = _check_1d("y_true", y_true)
    scores = _check_1d(name, scores)
    _check_same_length("y_true", y_true, name, scores)
    if scores.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {scores.dtype}")
    labels = _labels(y_true)
    return _positive(y_true, labels, pos_label), scores.astype(np.float64), labels


def _check_matrix(y_true: object, scores: object, name: str, labels: object, *, probabilities: bool) -> tuple:
    """Validate labels and an (n, K) score matrix; return (class index of each y_i, scores, classes).

    The columns belong to ``labels`` in order, or by default to the sorted classes of y_true (the
    order of an estimator's ``classes_``), which must then number exactly K.
    """
    y_true = _check_1d("y_true", y_true)
    S = np.asarray(scores)
    if S.ndim != 2 or S.shape[1] < 2:
        raise ValueError(f"{name} must be 2-D (n_samples, K) with K ≥ 2 classes, got shape {S.shape}")
    if S.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {S.dtype}")
    S = S.astype(np.float64)
    if not np.isfinite(S).all():
        raise ValueError(f"{name} contains NaN or inf")
    _check_same_length("y_true", y_true, name, S)
    if probabilities:
        if np.any((S < 0) | (S > 1)):
            raise ValueError(
                f"{name} must hold probabilities in [0, 1], got values in [{S.min()}, {S.max()}]"
            )
        # sklearn's tolerance, sqrt(machine epsilon) ≈ 1.5e-8: a softmax's rows pass, a typo does not.
        off = np.flatnonzero(np.abs(S.sum(axis=1) - 1) > np.sqrt(np.finfo(np.float64).eps))
        if off.size:
            raise ValueError(
                f"{name}'s rows must sum to 1 (the probabilities of the K classes); "
                f"row {off[0]} sums to {S[off[0]].sum()!r}"
            )
    K = S.shape[1]
    if labels is None:
        classes = _classes(y_true)
        if len(classes) != K:
            raise ValueError(
                f"y_true holds {len(classes)} classes {classes} but {name} has {K} columns; "
                f"pass labels=[...] to name the class of each column, in order"
            )
    else:
        classes = _check_label_list(labels)
        if len(classes) != K:
            raise ValueError(f"labels names {len(classes)} classes but {name} has {K} columns")
    return _encode(y_true, classes, "y_true"), S, classes


def _check_eps(eps: object) -> float:
    if eps is None:
        return float(np.finfo(np.float64).eps)
    if not isinstance(eps, int | float) or isinstance(eps, bool) or not 0 < eps < 0.5:
        raise ValueError(f"eps must be a number in (0, 0.5), got {eps!r}")
    return float(eps)


def log_loss(
    y_true: np.ndarray,
    p: np.ndarray,
    *,
    eps: float | None = None,
    pos_label: object = 1,
    labels: list | None = None,
) -> float:
    """Mean cross-entropy, binary or multi-class.

    ``p`` of shape (n,) holds P(y = pos_label): -(1/n) Σ_i [y_i·log p_i + (1 - y_i)·log(1 - p_i)].

    ``p`` of shape (n, K) holds P(y = k) for the K classes, columns in the order of ``labels``
    (default: the sorted classes of y_true, the order of ``classes_``), each row summing to 1:
    -(1/n) Σ_i log P[i, y_i], the one term of Σ_k [y_i = k]·log P[i, k] that is not zero.

    Probabilities are clipped to [eps, 1 - eps] so that a confident wrong answer costs a large
    finite amount instead of inf; ``eps=None`` uses the float64 machine epsilon (about 2.2e-16),
    as sklearn does (which also clips without renormalising the rows).

    The clip is needed only because this function receives probabilities. The trainer works
    from the logits z = w·x + b instead, with log σ(z) = -logaddexp(0, -z): there, once σ(z)
    would round to exactly 1.0 (z above about 37), the loss and its gradient stay exact,
    whereas a clipped probability makes the loss flat and the gradient zero.
    """
    if np.ndim(p) == 2:
        index, P, _ = _check_matrix(y_true, p, "p", labels, probabilities=True)
        eps = _check_eps(eps)
        p_true = np.clip(P[np.arange(index.size), index], eps, 1 - eps)  # P[i, y_i]
        return float(np.mean(-np.log(p_true)))
    if labels is not None:
        raise ValueError("labels names the columns of a 2-D p (n, K); for a 1-D p give pos_label")
    t, p, _ = _check_scores(y_true, p, "p", pos_label)
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"p must hold probabilities in [0, 1], got values in [{p.min()}, {p.max()}]")
    eps = _check_eps(eps)
    p = np.clip(p, eps, 1 - eps)
    # Pick the one term that is non-zero for each sample; log1p(-p) is accurate for small p.
    losses = np.where(t, -np.log(p), -np.log1p(-p))
    return float(np.mean(losses))


def _sweep(t: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TP and FP counts as the threshold τ sweeps down through the distinct scores.

    At τ every point with score ≥ τ is predicted positive. Returns ``tps, fps, thresholds`` with
    thresholds the distinct scores in decreasing order: tied scores enter together.
    """
    order = np.argsort(scores, kind="stable")[::-1]  # highest score first
    scores, t = scores[order], t[order]
    # Index of the last point of each run of equal scores: a threshold admits a whole tie group.
    last = np.r_[np.flatnonzero(np.diff(scores)), scores.size - 1]
    tps = np.cumsum(t)[last]  # TP when the threshold is scores[last]
    fps = (last + 1) - tps  # FP = (points admitted) - TP
    return tps, fps, scores[last]


def roc_curve(
    y_true: np.ndarray, scores: np.ndarray, *, pos_label: object = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ROC curve: false and true positive rates as the decision threshold sweeps down.

    At threshold τ every point with score ≥ τ is predicted positive, giving
    FPR = FP / (FP + TN) and TPR = TP / (TP + FN). Thresholds are +inf (nothing predicted
    positive, the point (0, 0)) followed by the distinct scores in decreasing order, so tied
    scores enter together as one diagonal step. This matches sklearn's
    ``roc_curve(..., drop_intermediate=False)``.

    Returns ``fpr, tpr, thresholds``, each of length (number of distinct scores + 1).
    """
    t, scores, labels = _check_scores(y_true, scores, "scores", pos_label)
    if t.all() or not t.any():
        raise ValueError(f"y_true has only one class ({labels[0]!r}); need two")
    return _roc(t, scores)


def _roc(t: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """FPR, TPR and thresholds for the positives ``t`` (both classes present)."""
    n_pos = int(t.sum())
    n_neg = t.size - n_pos
    tps, fps, thresholds = _sweep(t, scores)
    fpr = np.r_[0, fps] / n_neg
    tpr = np.r_[0, tps] / n_pos
    return fpr, tpr, np.r_[np.inf, thresholds]


def roc_curve_ovr(y_true: np.ndarray, scores: np.ndarray, *, labels: list | None = None) -> dict:
    """One-vs-rest ROC curves of K classes: for each class k, ``roc_curve(y_true == k, scores[:, k])``.

    ``scores`` (n, K): a score per class, higher meaning more likely (probabilities, or the logits
    of ``decision_function``), columns in the order of ``labels`` (default: the sorted classes of
    y_true). Returns {class: (fpr, tpr, thresholds)} in column order. Every class needs a sample
    in y_true and a sample outside it, else its TPR or FPR is 0/0.
    """
    index, S, classes = _check_matrix(y_true, scores, "scores", labels, probabilities=False)
    curves = {}
    for k, label in enumerate(classes):
        t = index == k
        if not t.any():
            raise ValueError(
                f"class {label!r} has no sample in y_true: its one-vs-rest ROC curve is undefined"
            )
        if t.all():
            raise ValueError(f"y_true has only one class ({label!r}); need two")
        curves[label] = _roc(t, S[:, k])
    return curves


def precision_recall_curve(
    y_true: np.ndarray, scores: np.ndarray, *, pos_label: object = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall as the decision threshold sweeps up through the distinct scores.

    At threshold τ every point with score ≥ τ is predicted positive, giving
    precision = TP / (TP + FP) and recall = TP / (TP + FN). ``thresholds`` are the distinct
    scores in increasing order; ``precision`` and ``recall`` have one entry more, the last being
    (1, 0): nothing predicted positive, where precision is 1 by convention. Recall therefore falls
    from its first entry to 0. This matches sklearn's
    ``precision_recall_curve(..., drop_intermediate=False)``.

    Returns ``precision, recall, thresholds``. Needs at least one positive point (else recall is 0/0).
    """
    t, scores, _ = _check_scores(y_true, scores, "scores", pos_label)
    n_pos = int(t.sum())
    if n_pos == 0:
        raise ValueError(f"y_true has no positive point (pos_label={pos_label!r}); recall is undefined")
    tps, fps, thresholds = _sweep(t, scores)
    precision = tps / (tps + fps)  # tps + fps ≥ 1: each threshold admits its own tie group
    recall = tps / n_pos
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def average_precision_score(y_true: np.ndarray, scores: np.ndarray, *, pos_label: object = 1) -> float:
    """Average precision: AP = Σ_k (R_k − R_{k−1})·P_k over the thresholds of the PR curve.

    The precision at each threshold weighted by the recall it adds: a step function's area under
    the precision-recall curve, without the optimistic linear interpolation of a trapezoid. Equals
    sklearn's ``average_precision_score``.
    """
    precision, recall, _ = precision_recall_curve(y_true, scores, pos_label=pos_label)
    return float(-np.sum(np.diff(recall) * precision[:-1]))  # recall decreases along the arrays


def calibration_curve(
    y_true: np.ndarray,
    y_prob: np.ndarray,
    *,
    n_bins: int = 5,
    strategy: str = "uniform",
    pos_label: object = 1,
    return_counts: bool = False,
) -> tuple[np.ndarray, ...]:
    """Reliability curve: in each bin of predicted probability, the observed frequency of the class.

    The probabilities are split into ``n_bins`` bins, of equal width on [0, 1] (``"uniform"``) or
    holding equal numbers of points (``"quantile"``); each bin is (e_k, e_{k+1}], the first closed
    at e_0. For every bin B holding points:

        prob_true_B = (1/|B|) Σ_{i∈B} [y_i = pos_label]   (how often the class occurred)
        prob_pred_B = (1/|B|) Σ_{i∈B} p_i                 (how often the model said it would)

    A calibrated model has prob_true ≈ prob_pred: of the points given p ≈ 0.8, about 80 % are
    positive. Empty bins are left out. Matches sklearn.calibration.calibration_curve; with
    ``return_counts=True`` also returns |B| of each bin shown (how much each point is worth).
    """
    t, p, _ = _check_scores(y_true, y_prob, "y_prob", pos_label)
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"y_prob must hold probabilities in [0, 1], got values in [{p.min()}, {p.max()}]")
    if isinstance(n_bins, bool) or not isinstance(n_bins, int | np.integer) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    elif strategy == "quantile":
        edges = np.percentile(p, np.linspace(0, 100, n_bins + 1))
    else:
        raise ValueError(f"strategy must be 'uniform' or 'quantile', got {strategy!r}")
    bins = np.searchsorted(edges[1:-1], p)  # side='left': a point on an edge joins the bin below
    counts = np.bincount(bins, minlength=n_bins)
    sum_true = np.bincount(bins, weights=t, minlength=n_bins)
    sum_pred = np.bincount(bins, weights=p, minlength=n_bins)
    full = counts > 0
    prob_true, prob_pred = sum_true[full] / counts[full], sum_pred[full] / counts[full]
    return (prob_true, prob_pred, counts[full]) if return_counts else (prob_true, prob_pred)


def roc_auc_score(
    y_true: np.ndarray,
    scores: np.ndarray,
    *,
    pos_label: object = 1,
    labels: list | None = None,
    average: str | None = "macro",
) -> float | np.ndarray:
    """Area under the ROC curve by the trapezoid rule.

    Equal to P(score of a random positive > score of a random negative) + ½·P(tie): the
    diagonal steps that ``roc_curve`` draws for tied scores give ties half credit.

    ``scores`` of shape (n, K): one-vs-rest, AUC_k = AUC(y_true == k, scores[:, k]) for each class
    (columns in the order of ``labels``, as ``roc_curve_ovr``); ``average="macro"`` returns
    (1/K) Σ_k AUC_k, sklearn's ``roc_auc_score(..., multi_class="ovr", average="macro")``, and
    ``average=None`` the K areas. The scores need not sum to 1 (logits rank the same way).
    """
    if np.ndim(scores) == 2:
        if average not in ("macro", None):
            raise ValueError(f"average must be 'macro' or None, got {average!r}")
        curves = roc_curve_ovr(y_true, scores, labels=labels)
        auc = np.array([np.trapezoid(tpr, fpr) for fpr, tpr, _ in curves.values()])
        return float(np.mean(auc)) if average == "macro" else auc
    if labels is not None:
        raise ValueError("labels names the columns of 2-D scores (n, K); for 1-D scores give pos_label")
    fpr, tpr, _ = roc_curve(y_true, scores, pos_label=pos_label)
    return float(np.trapezoid(tpr, fpr))  # Σ_k (fpr_k - fpr_{k-1})·(tpr_k + tpr_{k-1}) / 2


@dataclass(frozen=True)
class TopLabelCalibration:
    """Reliability of the top class's probability, over the non-empty bins of [0, 1].

    ``edges`` (n_bins + 1,) are the bin edges; ``bins`` the indices of the bins shown (bin b is
    (edges[b], edges[b + 1]], the first closed at 0); ``accuracy``, ``confidence`` and ``counts``
    hold, for each of them, the fraction of correct top labels, the mean top probability and the
    number of points; ``ece`` is the expected calibration error.
    """

    edges: np.ndarray
    bins: np.ndarray
    accuracy: np.ndarray
    confidence: np.ndarray
    counts: np.ndarray
    ece: float


def top_label_calibration(
    y_true: np.ndarray, proba: np.ndarray, *, labels: list | None = None, n_bins: int = 10
) -> TopLabelCalibration:
    """Top-label calibration of K-class probabilities (Guo et al., 2017, "On calibration of modern
    neural networks").

    The model's answer for point i is its top class ŷ_i = argmax_k P[i, k] (the first on a tie, as
    ``predict``), said with confidence c_i = max_k P[i, k]. The confidences fall into ``n_bins``
    equal bins B_b of [0, 1] (as ``calibration_curve``'s uniform strategy), and in each

        acc(B) = (1/|B|) Σ_{i∈B} [ŷ_i = y_i]      conf(B) = (1/|B|) Σ_{i∈B} c_i
        ECE = Σ_b (|B_b| / n)·|acc(B_b) − conf(B_b)|

    A calibrated model's top answers given with confidence 0.8 are right 80 % of the time. With
    two classes this is the reliability of max(p, 1 − p). ``proba`` (n, K) rows sum to 1, columns
    in the order of ``labels`` (default: the sorted classes of y_true). Empty bins are left out.
    """
    index, P, _ = _check_matrix(y_true, proba, "proba", labels, probabilities=True)
    if isinstance(n_bins, bool) or not isinstance(n_bins, int | np.integer) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    top = np.argmax(P, axis=1)
    confidence = P[np.arange(top.size), top]
    correct = (top == index).astype(np.float64)
    # b/M correctly rounded (linspace's start + b·step can land one ulp off): 0.7 sits on an edge.
    edges = np.arange(n_bins + 1) / n_bins
    bins = np.searchsorted(edges[1:-1], confidence)  # side='left': a point on an edge joins the bin below
    counts = np.bincount(bins, minlength=n_bins)
    sum_correct = np.bincount(bins, weights=correct, minlength=n_bins)
    sum_confidence = np.bincount(bins, weights=confidence, minlength=n_bins)
    full = np.flatnonzero(counts)
    accuracy, mean_confidence = sum_correct[full] / counts[full], sum_confidence[full] / counts[full]
    ece = float(np.sum(counts[full] / top.size * np.abs(accuracy - mean_confidence)))
    return TopLabelCalibration(edges, full, accuracy, mean_confidence, counts[full], ece)
