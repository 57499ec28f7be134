"""Binary classification metrics, following sklearn.metrics' conventions.

Labels may be 0/1 or any two labels (numbers or strings); ``pos_label`` says which one is the
positive class (default 1). Counts used below, for the positive class:

    TP = true positives   FP = false positives   FN = false negatives   TN = true negatives

A ratio whose denominator is 0 is reported as 0.0 (sklearn's ``zero_division=0``).
"""

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
        raise ValueError(f"{name_a} and {name_b} have different lengths ({a.size} and {b.size})")


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


def _labels(*arrays: np.ndarray) -> list:
    """Sorted distinct labels across ``arrays``, as plain Python values; at most two."""
    found = set()
    for a in arrays:
        found.update(a.tolist())  # tolist: 1 and 1.0 hash alike, np.str_ becomes str
    try:
        labels = sorted(found)
    except TypeError:
        raise TypeError(f"labels must be all numbers or all strings, got {found}") from None
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


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, *, labels: list | None = None) -> np.ndarray:
    """2×2 count matrix C with C[i, j] = #{y_true == labels[i] and y_pred == labels[j]}.

    Rows are true classes, columns predicted ones (sklearn's layout), so for labels [0, 1]:
    [[TN, FP], [FN, TP]]. ``labels`` defaults to the two sorted labels present; when only 0 or
    only 1 occurs it is [0, 1], so the matrix is always 2×2. Every label in ``y_true`` and
    ``y_pred`` must be one of ``labels``.
    """
    y_true, y_pred = _check_labels_pair(y_true, y_pred)
    present = _labels(y_true, y_pred)
    if labels is None:
        if set(present) <= {0, 1}:
            labels = [0, 1]
        elif len(present) == 2:
            labels = present
        else:
            raise ValueError(
                f"only one label ({present[0]!r}) occurs in y_true and y_pred; "
                f"pass labels=[negative, positive] to get a 2×2 matrix"
            )
    else:
        labels = np.asarray(labels).tolist()
        if len(labels) != 2 or labels[0] == labels[1]:
            raise ValueError(f"labels must be two distinct labels, got {labels}")
        missing = [v for v in present if v not in labels]
        if missing:
            raise ValueError(f"y_true or y_pred contains {missing}, which is not in labels={labels}")
    C = np.zeros((2, 2), dtype=np.int64)
    for i, true_label in enumerate(labels):
        for j, pred_label in enumerate(labels):
            C[i, j] = np.sum((y_true == true_label) & (y_pred == pred_label))
    return C


def _check_scores(y_true: object, scores: object, name: str, pos_label: object) -> tuple:
    """Validate labels and real-valued scores; return (positive mask, float scores, labels)."""
    y_true = _check_1d("y_true", y_true)
    scores = _check_1d(name, scores)
    _check_same_length("y_true", y_true, name, scores)
    if scores.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {scores.dtype}")
    labels = _labels(y_true)
    return _positive(y_true, labels, pos_label), scores.astype(np.float64), labels


def log_loss(y_true: np.ndarray, p: np.ndarray, *, eps: float | None = None, pos_label: object = 1) -> float:
    """Mean binary cross-entropy: -(1/n) Σ_i [y_i·log p_i + (1 - y_i)·log(1 - p_i)].

    ``p`` holds P(y = pos_label), shape (n,). It is clipped to [eps, 1 - eps] so that a confident
    wrong answer costs a large finite amount instead of inf; ``eps=None`` uses the float64
    machine epsilon (about 2.2e-16), as sklearn does.

    The clip is needed only because this function receives probabilities. The trainer works
    from the logits z = w·x + b instead, with log σ(z) = -logaddexp(0, -z): there, once σ(z)
    would round to exactly 1.0 (z above about 37), the loss and its gradient stay exact,
    whereas a clipped probability makes the loss flat and the gradient zero.
    """
    t, p, _ = _check_scores(y_true, p, "p", pos_label)
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"p must hold probabilities in [0, 1], got values in [{p.min()}, {p.max()}]")
    if eps is None:
        eps = float(np.finfo(np.float64).eps)
    elif not isinstance(eps, int | float) or isinstance(eps, bool) or not 0 < eps < 0.5:
        raise ValueError(f"eps must be a number in (0, 0.5), got {eps!r}")
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
    n_pos = int(t.sum())
    n_neg = t.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError(f"y_true has only one class ({labels[0]!r}); need two")
    tps, fps, thresholds = _sweep(t, scores)
    fpr = np.r_[0, fps] / n_neg
    tpr = np.r_[0, tps] / n_pos
    return fpr, tpr, np.r_[np.inf, thresholds]


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


def roc_auc_score(y_true: np.ndarray, scores: np.ndarray, *, pos_label: object = 1) -> float:
    """Area under the ROC curve by the trapezoid rule.

    Equal to P(score of a random positive > score of a random negative) + ½·P(tie): the
    diagonal steps that ``roc_curve`` draws for tied scores give ties half credit.
    """
    fpr, tpr, _ = roc_curve(y_true, scores, pos_label=pos_label)
    return float(np.trapezoid(tpr, fpr))  # Σ_k (fpr_k - fpr_{k-1})·(tpr_k + tpr_{k-1}) / 2
