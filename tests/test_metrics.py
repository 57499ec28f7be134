"""Tests for lr.metrics, with sklearn.metrics as an independent oracle."""

import numpy as np
import pytest
import sklearn.metrics as skm
from sklearn.calibration import calibration_curve as sk_calibration_curve

from lr.metrics import (
    ClassificationReport,
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

SEEDS = range(8)


def _random_case(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels, hard predictions and probabilities; scores rounded to 0.1 so many are tied."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 60))
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]  # both classes present
    p = np.clip(0.5 * y + rng.uniform(0, 0.6, n), 0.01, 0.99).round(1)
    y_pred = rng.integers(0, 2, n)
    return y, y_pred, p


# ------------------------------------------------------------ label metrics


@pytest.mark.parametrize("seed", SEEDS)
def test_label_metrics_match_sklearn(seed):
    y, y_pred, _ = _random_case(seed)
    assert accuracy_score(y, y_pred) == pytest.approx(skm.accuracy_score(y, y_pred))
    for pos in (1, 0):
        for ours, theirs in [
            (precision_score, skm.precision_score),
            (recall_score, skm.recall_score),
            (f1_score, skm.f1_score),
        ]:
            expected = theirs(y, y_pred, pos_label=pos, zero_division=0)
            assert ours(y, y_pred, pos_label=pos) == pytest.approx(expected)
    np.testing.assert_array_equal(confusion_matrix(y, y_pred), skm.confusion_matrix(y, y_pred))


def test_known_counts():
    y_true = [1, 1, 1, 0, 0, 0, 0, 1]
    y_pred = [1, 1, 0, 0, 0, 1, 0, 1]  # TP 3, FN 1, FP 1, TN 3
    assert accuracy_score(y_true, y_pred) == 0.75
    assert precision_score(y_true, y_pred) == 0.75
    assert recall_score(y_true, y_pred) == 0.75
    assert f1_score(y_true, y_pred) == 0.75
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred), [[3, 1], [1, 3]])
    assert confusion_matrix(y_true, y_pred).dtype == np.int64


def test_undefined_ratios_are_zero_like_sklearn():
    y_true, y_pred = [1, 0, 1], [0, 0, 0]  # nothing predicted positive
    assert precision_score(y_true, y_pred) == 0.0
    assert f1_score(y_true, y_pred) == 0.0
    y_true = [0, 0, 0]  # nothing truly positive either
    assert recall_score(y_true, y_pred) == 0.0
    assert f1_score(y_true, y_pred) == skm.f1_score(y_true, y_pred, zero_division=0) == 0.0


def test_string_labels_match_sklearn():
    rng = np.random.default_rng(0)
    y = rng.choice(["cat", "dog"], 40)
    y_pred = rng.choice(["cat", "dog"], 40)
    for pos in ("cat", "dog"):
        for ours, theirs in [
            (precision_score, skm.precision_score),
            (recall_score, skm.recall_score),
            (f1_score, skm.f1_score),
        ]:
            assert ours(y, y_pred, pos_label=pos) == pytest.approx(theirs(y, y_pred, pos_label=pos))
    assert accuracy_score(y, y_pred) == pytest.approx(skm.accuracy_score(y, y_pred))
    np.testing.assert_array_equal(confusion_matrix(y, y_pred), skm.confusion_matrix(y, y_pred))
    np.testing.assert_array_equal(
        confusion_matrix(y, y_pred, labels=["dog", "cat"]),
        skm.confusion_matrix(y, y_pred, labels=["dog", "cat"]),
    )


def test_confusion_matrix_is_always_2x2_for_01_labels():
    np.testing.assert_array_equal(confusion_matrix([1, 1], [1, 1]), [[0, 0], [0, 2]])
    np.testing.assert_array_equal(confusion_matrix([0, 0, 0], [0, 0, 0]), [[3, 0], [0, 0]])
    with pytest.raises(ValueError, match="only one label"):
        confusion_matrix(["a", "a"], ["a", "a"])
    np.testing.assert_array_equal(
        confusion_matrix(["a", "a"], ["a", "a"], labels=["a", "b"]), [[2, 0], [0, 0]]
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: accuracy_score([0, 1], [0, 1, 1]), ValueError, "different lengths (2 and 3)"),
        (lambda: accuracy_score([], []), ValueError, "y_true is empty"),
        (lambda: accuracy_score([0, np.nan], [0, 1]), ValueError, "y_true contains NaN or inf"),
        (lambda: accuracy_score([[0, 1]], [[0, 1]]), ValueError, "must be 1-D"),
        (lambda: accuracy_score([0, 1], ["0", "1"]), TypeError, "both hold numbers"),
        (lambda: precision_score([0, 1, 2], [0, 1, 1]), ValueError, "at most two labels"),
        (lambda: recall_score(["a", "b"], ["a", "b"]), ValueError, "pos_label=1 is not one of"),
        (lambda: confusion_matrix([0, 1], [0, 1], labels=[0]), ValueError, "at least two distinct"),
        (lambda: confusion_matrix([0, 1], [0, 1], labels=[0, 0, 1]), ValueError, "at least two distinct"),
        (lambda: confusion_matrix([0, 2], [0, 2], labels=[0, 1]), ValueError, "not in labels"),
    ],
)
def test_label_metric_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


# ----------------------------------------------------------------- log_loss


@pytest.mark.parametrize("seed", SEEDS)
def test_log_loss_matches_sklearn(seed):
    y, _, p = _random_case(seed)
    assert log_loss(y, p) == pytest.approx(skm.log_loss(y, p), rel=1e-12)


def test_log_loss_value_and_clipping():
    assert log_loss([1, 0], [0.8, 0.4]) == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2)
    # A certain and wrong answer costs -log(eps), large but finite; sklearn agrees.
    y, p = [1, 0, 1], [0.0, 0.0, 1.0]
    assert np.isfinite(log_loss(y, p))
    assert log_loss(y, p) == pytest.approx(skm.log_loss(y, p), rel=1e-12)
    assert log_loss([1], [0.0], eps=1e-15) == pytest.approx(-np.log(1e-15))
    assert log_loss([1, 0], [1.0, 0.0]) < 1e-15  # perfect, and no log(0) blow-up


def test_log_loss_string_labels():
    y = np.array(["no", "yes", "yes", "no"])
    p = np.array([0.2, 0.7, 0.9, 0.4])  # P(y = "yes"); sklearn takes the larger label
    assert log_loss(y, p, pos_label="yes") == pytest.approx(skm.log_loss(y, p), rel=1e-12)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: log_loss([0, 1], [0.5, 1.2]), "p must hold probabilities in [0, 1]"),
        (lambda: log_loss([0, 1], [0.5, np.nan]), "p contains NaN or inf"),
        (lambda: log_loss([0, 1], [0.5]), "different lengths (2 and 1)"),
        (lambda: log_loss([0, 1], [0.5, 0.5], eps=0.7), "eps must be a number in (0, 0.5)"),
    ],
)
def test_log_loss_errors(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


# ------------------------------------------------------------------ ROC, AUC


@pytest.mark.parametrize("seed", SEEDS)
def test_roc_curve_matches_sklearn_with_ties(seed):
    y, _, scores = _random_case(seed)
    assert np.unique(scores).size < scores.size  # the case really has ties
    fpr, tpr, thresholds = roc_curve(y, scores)
    fpr_sk, tpr_sk, thr_sk = skm.roc_curve(y, scores, drop_intermediate=False)
    np.testing.assert_allclose(fpr, fpr_sk)
    np.testing.assert_allclose(tpr, tpr_sk)
    np.testing.assert_array_equal(thresholds, thr_sk)
    assert thresholds[0] == np.inf


@pytest.mark.parametrize("seed", SEEDS)
def test_auc_matches_sklearn_and_the_pairwise_definition(seed):
    y, _, scores = _random_case(seed)
    auc = roc_auc_score(y, scores)
    assert auc == pytest.approx(skm.roc_auc_score(y, scores), rel=1e-12)
    # P(positive outranks negative) + ½·P(tie), counted over all pairs.
    diff = scores[y == 1][:, None] - scores[y == 0][None, :]
    assert auc == pytest.approx(np.mean(diff > 0) + 0.5 * np.mean(diff == 0), rel=1e-12)


def test_perfect_inverted_and_constant_scores():
    y = np.array([0, 0, 1, 1, 0, 1])
    s = np.array([0.1, 0.2, 0.8, 0.9, 0.3, 0.7])
    assert roc_auc_score(y, s) == 1.0
    assert roc_auc_score(y, -s) == 0.0
    assert roc_auc_score(y, np.zeros(6)) == 0.5  # all tied: the diagonal
    fpr, tpr, _ = roc_curve(y, np.zeros(6))
    np.testing.assert_array_equal(fpr, [0, 1])
    np.testing.assert_array_equal(tpr, [0, 1])
    y_pred = (s > 0.5).astype(int)
    assert precision_score(y, y_pred) == recall_score(y, y_pred) == f1_score(y, y_pred) == 1.0
    assert accuracy_score(y, 1 - y_pred) == 0.0
    assert recall_score(y, 1 - y_pred) == 0.0


def test_roc_with_string_labels_and_pos_label():
    rng = np.random.default_rng(3)
    y = rng.choice(np.array(["ham", "spam"]), 30)
    scores = rng.normal(size=30).round(1) + (y == "spam")
    fpr, tpr, thr = roc_curve(y, scores, pos_label="spam")
    fpr_sk, tpr_sk, thr_sk = skm.roc_curve(y, scores, pos_label="spam", drop_intermediate=False)
    np.testing.assert_allclose(fpr, fpr_sk)
    np.testing.assert_allclose(tpr, tpr_sk)
    np.testing.assert_array_equal(thr, thr_sk)
    expected = skm.roc_auc_score(y, scores)  # sklearn's positive class is the larger label
    assert roc_auc_score(y, scores, pos_label="spam") == pytest.approx(expected, rel=1e-12)
    # Scoring the other class flips the curve.
    assert roc_auc_score(y, scores, pos_label="ham") == pytest.approx(1 - expected, rel=1e-12)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: roc_curve([1, 1, 1], [0.2, 0.5, 0.9]), "y_true has only one class (1); need two"),
        (lambda: roc_auc_score([0, 0], [0.2, 0.5]), "y_true has only one class (0); need two"),
        (lambda: roc_curve([0, 1], [0.2, np.inf]), "scores contains NaN or inf"),
        (lambda: roc_curve([0, 1, 1], [0.2, 0.4]), "different lengths (3 and 2)"),
        (lambda: roc_auc_score([], []), "y_true is empty"),
        (lambda: roc_auc_score(["a", "b"], [0.1, 0.2]), "pos_label=1 is not one of"),
    ],
)
def test_roc_errors(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


# -------------------------------------------------------- precision-recall, calibration


@pytest.mark.parametrize("seed", SEEDS)
def test_precision_recall_curve_and_average_precision_match_sklearn_with_ties(seed):
    y, _, scores = _random_case(seed)
    assert np.unique(scores).size < scores.size
    for pos in (1, 0):
        precision, recall, thresholds = precision_recall_curve(y, scores, pos_label=pos)
        p_sk, r_sk, t_sk = skm.precision_recall_curve(y, scores, pos_label=pos, drop_intermediate=False)
        np.testing.assert_allclose(precision, p_sk, rtol=1e-12)
        np.testing.assert_allclose(recall, r_sk, rtol=1e-12)
        np.testing.assert_array_equal(thresholds, t_sk)
        assert (precision[-1], recall[-1]) == (1.0, 0.0)
        expected = skm.average_precision_score(y, scores, pos_label=pos)
        assert average_precision_score(y, scores, pos_label=pos) == pytest.approx(expected, rel=1e-12)


def test_precision_recall_curve_points_are_the_counts_at_each_threshold():
    y = np.array([0, 0, 1, 1, 1, 0])
    s = np.array([0.1, 0.4, 0.35, 0.8, 0.8, 0.9])
    precision, recall, thresholds = precision_recall_curve(y, s)
    for k, tau in enumerate(thresholds):
        y_pred = (s >= tau).astype(int)
        assert precision[k] == precision_score(y, y_pred) and recall[k] == recall_score(y, y_pred)
    # AP by its definition: each threshold's precision times the recall it adds
    assert average_precision_score(y, s) == pytest.approx(2 / 3 * 1 / 3 + 2 / 3 * 1 / 3 + 3 / 5 * 1 / 3)


def test_precision_recall_needs_a_positive_point():
    with pytest.raises(ValueError, match="y_true has no positive point"):
        precision_recall_curve([0, 0, 0], [0.1, 0.2, 0.3])


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [3, 10])
def test_calibration_curve_matches_sklearn(seed, strategy, n_bins):
    rng = np.random.default_rng(seed)
    p = rng.uniform(size=200).round(2)  # rounded: many points sit on the bin edges
    y = (rng.uniform(size=200) < p).astype(int)
    prob_true, prob_pred, counts = calibration_curve(
        y, p, n_bins=n_bins, strategy=strategy, return_counts=True
    )
    t_sk, p_sk = sk_calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    np.testing.assert_allclose(prob_true, t_sk, rtol=1e-12)
    np.testing.assert_allclose(prob_pred, p_sk, rtol=1e-12)
    assert counts.sum() == 200 and (counts > 0).all()
    assert counts.size == prob_true.size


def test_calibration_counts_and_edges():
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1])
    p = np.array([0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0])
    prob_true, prob_pred, counts = calibration_curve(y, p, n_bins=3, return_counts=True)
    np.testing.assert_allclose(prob_true, [0, 0.5, 1])  # sklearn's docstring example
    np.testing.assert_allclose(prob_pred, [0.2, 0.525, 0.85])
    np.testing.assert_array_equal(counts, [3, 2, 4])  # 1/3 < 0.4 ≤ 2/3 joins the middle bin
    assert len(calibration_curve(y, p, n_bins=3)) == 2  # sklearn's pair without return_counts


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: calibration_curve([0, 1], [0.2, 1.2]), "y_prob must hold probabilities in [0, 1]"),
        (lambda: calibration_curve([0, 1], [0.2, 0.4], n_bins=0), "n_bins must be a positive integer"),
        (lambda: calibration_curve([0, 1], [0.2, 0.4], strategy="x"), "strategy must be 'uniform'"),
    ],
)
def test_calibration_errors(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


# ======================================================== K classes


NAMES = np.array(["setosa", "versicolor", "virginica", "w", "x", "y"])  # sorted as their indices


def _k_case(seed: int, K: int, strings: bool = False):
    """Labels of K classes, hard predictions that never name the last class, and probabilities.

    The rows of P are drawn from a pool of 8 Dirichlet rows, nudged towards the true class, so every
    column holds many tied scores; each row sums to 1.
    """
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3 * K, 90))
    y = rng.integers(0, K, n)
    y[:K] = np.arange(K)  # every class present
    pool = rng.dirichlet(np.ones(K), size=8)
    P = pool[rng.integers(0, 8, n)]
    P = 0.6 * P + 0.4 * np.eye(K)[y] * (rng.uniform(size=n) < 0.7)[:, None]
    P = P / P.sum(axis=1, keepdims=True)
    y_pred = np.where(rng.uniform(size=n) < 0.6, y, rng.integers(0, K - 1, n))
    y_pred[y_pred == K - 1] = 0  # the last class is never predicted: its precision is 0/0
    if strings:
        return NAMES[y], NAMES[y_pred], P
    return y, y_pred, P


CASES = [(seed, K, strings) for seed in range(4) for K in (3, 4, 6) for strings in (False, True)]


@pytest.mark.parametrize(("seed", "K", "strings"), CASES)
def test_k_class_confusion_matrix_matches_sklearn(seed, K, strings):
    y, y_pred, _ = _k_case(seed, K, strings)
    C = confusion_matrix(y, y_pred)
    assert C.shape == (K, K) and C.dtype == np.int64 and C.sum() == y.size
    np.testing.assert_array_equal(C, skm.confusion_matrix(y, y_pred))
    assert C[:, K - 1].sum() == 0  # the never-predicted class: an empty column
    # Labels in an order of the caller's choosing, and one label that never occurs (an empty row and column).
    extra = "zz" if strings else 99
    labels = [*np.unique(y).tolist()[::-1], extra]
    np.testing.assert_array_equal(
        confusion_matrix(y, y_pred, labels=labels), skm.confusion_matrix(y, y_pred, labels=labels)
    )


@pytest.mark.parametrize(("seed", "K", "strings"), CASES)
def test_precision_recall_f1_per_class_and_averaged_match_sklearn(seed, K, strings):
    y, y_pred, _ = _k_case(seed, K, strings)
    ours = precision_recall_fscore_support(y, y_pred)
    theirs = skm.precision_recall_fscore_support(y, y_pred, zero_division=0)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert ours[0][-1] == 0.0  # never predicted: precision 0, sklearn's zero_division default
    for average in ("macro", "weighted", "micro"):
        ours = precision_recall_fscore_support(y, y_pred, average=average)
        theirs = skm.precision_recall_fscore_support(y, y_pred, average=average, zero_division=0)
        assert ours[3] is None and theirs[3] is None
        np.testing.assert_allclose(ours[:3], theirs[:3], rtol=1e-12)
    # A label absent from both y_true and y_pred: support 0, and 0 for all three ratios.
    labels = [*np.unique(y).tolist(), "zz" if strings else 99]
    for average in (None, "macro", "weighted"):
        ours = precision_recall_fscore_support(y, y_pred, labels=labels, average=average)
        theirs = skm.precision_recall_fscore_support(
            y, y_pred, labels=labels, average=average, zero_division=0
        )
        for a, b in zip(ours[:3], theirs[:3], strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-12)


def test_precision_recall_f1_by_hand():
    y_true = ["a", "a", "a", "b", "b", "c"]
    y_pred = ["a", "b", "a", "b", "a", "b"]  # c never predicted
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred)
    np.testing.assert_allclose(precision, [2 / 3, 1 / 3, 0.0])  # TP/(TP+FP): 2/3, 1/3, 0/0 → 0
    np.testing.assert_allclose(recall, [2 / 3, 1 / 2, 0.0])  # TP/(TP+FN)
    np.testing.assert_allclose(f1, [2 / 3, 2 / 5, 0.0])  # 2TP/(2TP+FP+FN): 4/6, 2/5, 0/1
    np.testing.assert_array_equal(support, [3, 2, 1])
    macro = precision_recall_fscore_support(y_true, y_pred, average="macro")
    np.testing.assert_allclose(macro[:3], [1 / 3, (2 / 3 + 1 / 2) / 3, (2 / 3 + 2 / 5) / 3])
    weighted = precision_recall_fscore_support(y_true, y_pred, average="weighted")
    np.testing.assert_allclose(weighted[:3], [(3 * 2 / 3 + 2 / 3) / 6, 3 / 6, (2 + 4 / 5) / 6])


@pytest.mark.parametrize(("seed", "K", "strings"), CASES[::3])
def test_classification_report_matches_sklearns(seed, K, strings):
    y, y_pred, _ = _k_case(seed, K, strings)
    report = classification_report(y, y_pred)
    assert isinstance(report, ClassificationReport)
    theirs = skm.classification_report(y, y_pred, output_dict=True, zero_division=0)
    assert report.classes == np.unique(y).tolist()
    for k, label in enumerate(report.classes):
        row = theirs[str(label)]
        assert (report.precision[k], report.recall[k], report.f1[k]) == pytest.approx(
            (row["precision"], row["recall"], row["f1-score"]), rel=1e-12
        )
        assert report.support[k] == row["support"]
    assert report.accuracy == pytest.approx(theirs["accuracy"], rel=1e-12)
    for ours, key in ((report.macro, "macro avg"), (report.weighted, "weighted avg")):
        assert ours == pytest.approx(
            (theirs[key]["precision"], theirs[key]["recall"], theirs[key]["f1-score"])
        )
    text = str(report)
    assert "macro avg" in text and "weighted avg" in text and str(report.classes[0]) in text
    assert len(text.splitlines()) == K + 6


def test_k_class_label_metrics_refuse_bad_labels():
    with pytest.raises(ValueError, match=r"y_true or y_pred contains \[2\], which is not in labels=\[0, 1\]"):
        confusion_matrix([0, 1, 2], [0, 1, 1], labels=[0, 1])
    with pytest.raises(ValueError, match=r"y_true contains \['c'\], which is not in labels"):
        precision_recall_fscore_support(["a", "b", "c"], ["a", "b", "b"], labels=["a", "b"])
    with pytest.raises(TypeError, match="both hold numbers or both hold strings"):
        precision_recall_fscore_support([0, 1, 2], [0, 1, 2], labels=["0", "1", "2"])
    with pytest.raises(
        ValueError, match="average must be None, 'micro', 'macro' or 'weighted', got 'samples'"
    ):
        precision_recall_fscore_support([0, 1, 2], [0, 1, 2], average="samples")
    # The binary metrics still refuse a third class: they need to know which one is positive.
    with pytest.raises(ValueError, match="at most two labels"):
        f1_score([0, 1, 2], [0, 1, 2])


# ------------------------------------------------------------ multi-class log loss


@pytest.mark.parametrize(("seed", "K", "strings"), CASES)
def test_multiclass_log_loss_matches_sklearn(seed, K, strings):
    y, _, P = _k_case(seed, K, strings)
    assert log_loss(y, P) == pytest.approx(skm.log_loss(y, P), rel=1e-12)
    # Columns in another order, named by labels: the same loss.
    classes = np.unique(y)
    order = np.random.default_rng(seed).permutation(K)
    assert log_loss(y, P[:, order], labels=classes[order].tolist()) == pytest.approx(
        skm.log_loss(y, P), rel=1e-12
    )


def test_multiclass_log_loss_by_hand_clipping_and_an_absent_class():
    P = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.5, 0.5, 0.0]])
    y = ["a", "b", "c", "c"]
    # -(1/n) Σ log P[i, y_i]; the last row gives its true class 0: clipped to eps, finite.
    eps = np.finfo(np.float64).eps
    expected = -(np.log(0.7) + np.log(0.8) + np.log(0.6) + np.log(eps)) / 4
    assert log_loss(y, P) == pytest.approx(expected, rel=1e-12)
    assert log_loss(y, P) == pytest.approx(skm.log_loss(y, P), rel=1e-12)
    assert log_loss(y, P, eps=1e-15) == pytest.approx(expected + (np.log(eps) - np.log(1e-15)) / 4, rel=1e-12)
    assert log_loss([0, 1, 2], np.eye(3)) < 1e-15  # certain and right: no log(0) blow-up
    # A class of the model that y_true lacks: labels names the columns.
    y2 = ["a", "b", "a", "b"]
    assert log_loss(y2, P, labels=["a", "b", "c"]) == pytest.approx(
        skm.log_loss(y2, P, labels=["a", "b", "c"]), rel=1e-12
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: log_loss([0, 1, 2], [[0.5, 0.5, 0.0], [0.2, 0.2, 0.2], [0, 0, 1]]),
            "p's rows must sum to 1",
        ),
        (lambda: log_loss([0, 1, 2], [[0.5, 0.6, -0.1], [0, 1, 0], [0, 0, 1]]), "probabilities in [0, 1]"),
        (lambda: log_loss([0, 1, 1], np.eye(3)), "y_true holds 2 classes [0, 1] but p has 3 columns"),
        (lambda: log_loss([0, 1, 2], np.eye(3), labels=[0, 1]), "labels names 2 classes but p has 3 columns"),
        (lambda: log_loss([0, 1, 5], np.eye(3), labels=[0, 1, 2]), "y_true contains [5], which is not in"),
        (lambda: log_loss([0, 1], np.eye(3)), "different lengths (2 and 3)"),
        (lambda: log_loss([0, 1, 2], np.full((3, 3), np.nan)), "p contains NaN or inf"),
        (lambda: log_loss([0, 1, 2], np.ones((3, 1))), "p must be 2-D (n_samples, K) with K ≥ 2"),
        (lambda: log_loss([0, 1], [0.2, 0.7], labels=[0, 1]), "labels names the columns of a 2-D p"),
    ],
)
def test_multiclass_log_loss_errors(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


# ------------------------------------------------------------ one-vs-rest ROC and AUC


@pytest.mark.parametrize(("seed", "K", "strings"), CASES)
def test_one_vs_rest_roc_matches_sklearn_with_ties(seed, K, strings):
    y, _, P = _k_case(seed, K, strings)
    curves = roc_curve_ovr(y, P)
    assert list(curves) == np.unique(y).tolist()
    for k, (label, (fpr, tpr, thresholds)) in enumerate(curves.items()):
        assert np.unique(P[:, k]).size < P.shape[0]  # tied scores in every column
        fpr_sk, tpr_sk, thr_sk = skm.roc_curve(y == label, P[:, k], drop_intermediate=False)
        np.testing.assert_allclose(fpr, fpr_sk, rtol=1e-12)
        np.testing.assert_allclose(tpr, tpr_sk, rtol=1e-12)
        np.testing.assert_array_equal(thresholds, thr_sk)
    macro = skm.roc_auc_score(y, P, multi_class="ovr", average="macro")
    assert roc_auc_score(y, P) == pytest.approx(macro, rel=1e-12)
    per_class = skm.roc_auc_score(y, P, multi_class="ovr", average=None)
    np.testing.assert_allclose(roc_auc_score(y, P, average=None), per_class, rtol=1e-12)
    # Columns in another order, named by labels: the same areas, in that order.
    order = np.random.default_rng(seed).permutation(K)
    labels = np.unique(y)[order].tolist()
    np.testing.assert_allclose(roc_auc_score(y, P[:, order], labels=labels, average=None), per_class[order])


def test_one_vs_rest_auc_is_the_pairwise_probability_and_takes_logits():
    y, _, P = _k_case(7, 4)
    logits = np.log(P) + 3.0  # any increasing map of each column ranks the same
    for k, auc in enumerate(roc_auc_score(y, logits, average=None)):
        diff = P[y == k, k][:, None] - P[y != k, k][None, :]
        assert auc == pytest.approx(np.mean(diff > 0) + 0.5 * np.mean(diff == 0), rel=1e-12)
    # Two columns that sum to 1: both one-vs-rest areas are the binary AUC of the second.
    y2, _, p = _random_case(3)
    P2 = np.column_stack([1 - p, p])
    np.testing.assert_allclose(roc_auc_score(y2, P2, average=None), [roc_auc_score(y2, p)] * 2, rtol=1e-12)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: roc_curve_ovr([0, 0, 1], np.eye(3)[[0, 0, 1]], labels=[0, 1, 2]), "class 2 has no sample"),
        (lambda: roc_auc_score(["a", "b"], np.eye(3)[:2], labels=["a", "b", "c"]), "class 'c' has no sample"),
        (lambda: roc_auc_score([0, 1, 2], np.eye(3), average="weighted"), "average must be 'macro' or None"),
        (lambda: roc_auc_score([0, 1, 2], np.eye(3)[:, :2]), "y_true holds 3 classes"),
        (lambda: roc_auc_score([0, 1], [0.2, 0.3], labels=[0, 1]), "labels names the columns of 2-D scores"),
    ],
)
def test_one_vs_rest_errors(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


# ------------------------------------------------------------ top-label calibration


def _top_label_by_hand(y_index, P, n_bins):
    """Guo et al.'s definition, one point at a time: bin b holds confidences in ((b)/M, (b+1)/M]."""
    bins = {}
    for i in range(P.shape[0]):
        k = int(np.argmax(P[i]))  # the first of tied maxima
        c = P[i, k]
        b = next(b for b in range(n_bins) if c <= (b + 1) / n_bins or b == n_bins - 1)
        bins.setdefault(b, []).append((k == y_index[i], c))
    rows = []
    for b in sorted(bins):
        hits, confs = zip(*bins[b], strict=True)
        rows.append((b, np.mean(hits), np.mean(confs), len(hits)))
    n = P.shape[0]
    ece = sum(count / n * abs(acc - conf) for _, acc, conf, count in rows)
    return rows, ece


@pytest.mark.parametrize(("seed", "K", "strings"), CASES)
@pytest.mark.parametrize("n_bins", [4, 10])
def test_top_label_calibration_matches_the_direct_computation(seed, K, strings, n_bins):
    y, _, P = _k_case(seed, K, strings)
    P = np.round(P * 20) / 20  # confidences on the bin edges (0.5, 0.75, …) and tied maxima
    P[:, -1] = 1 - P[:, :-1].sum(axis=1)
    P = np.clip(P, 0, 1)
    P /= P.sum(axis=1, keepdims=True)
    result = top_label_calibration(y, P, n_bins=n_bins)
    rows, ece = _top_label_by_hand(np.searchsorted(np.unique(y), y), P, n_bins)
    np.testing.assert_array_equal(result.bins, [r[0] for r in rows])
    np.testing.assert_allclose(result.accuracy, [r[1] for r in rows], rtol=1e-12)
    np.testing.assert_allclose(result.confidence, [r[2] for r in rows], rtol=1e-12)
    np.testing.assert_array_equal(result.counts, [r[3] for r in rows])
    assert result.ece == pytest.approx(ece, rel=1e-12, abs=1e-15)
    np.testing.assert_array_equal(result.edges, [b / n_bins for b in range(n_bins + 1)])
    assert result.counts.sum() == y.size


def test_top_label_calibration_by_hand():
    P = np.array([[0.5, 0.3, 0.2], [0.9, 0.05, 0.05], [0.2, 0.2, 0.6], [0.4, 0.4, 0.2], [0.1, 0.85, 0.05]])
    y = ["a", "a", "b", "b", "b"]  # top labels a, a, c, a (tie: the first), b
    result = top_label_calibration(y, P, labels=["a", "b", "c"], n_bins=2)  # bins [0, 0.5] and (0.5, 1]
    np.testing.assert_array_equal(result.bins, [0, 1])
    np.testing.assert_array_equal(result.counts, [2, 3])
    np.testing.assert_allclose(
        result.accuracy, [1 / 2, 2 / 3]
    )  # a right, a wrong | a right, c wrong, b right
    np.testing.assert_allclose(result.confidence, [0.45, (0.9 + 0.6 + 0.85) / 3])
    assert result.ece == pytest.approx(2 / 5 * 0.05 + 3 / 5 * abs(2 / 3 - 2.35 / 3))


def test_calibrated_probabilities_have_a_small_ece_and_overconfident_ones_a_large_one():
    rng = np.random.default_rng(0)
    P = rng.dirichlet(np.ones(4), size=100_000)
    y = (rng.uniform(size=(100_000, 1)) > P.cumsum(axis=1)).sum(axis=1)  # y_i drawn from P[i]
    assert top_label_calibration(y, P).ece < 0.01
    sharp = P**4 / (P**4).sum(axis=1, keepdims=True)  # same top labels, said more confidently
    overconfident = top_label_calibration(y, sharp)
    assert overconfident.ece > 0.15
    assert (overconfident.confidence > overconfident.accuracy).all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: top_label_calibration([0, 1, 2], np.eye(3), n_bins=0), "n_bins must be a positive integer"),
        (lambda: top_label_calibration([0, 1, 2], np.eye(3) * 0.9), "proba's rows must sum to 1"),
        (lambda: top_label_calibration([0, 1, 2], [0.1, 0.2, 0.3]), "proba must be 2-D (n_samples, K)"),
        (lambda: top_label_calibration([0, 1, 1], np.eye(3)), "pass labels=[...] to name the class"),
    ],
)
def test_top_label_calibration_errors(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)
