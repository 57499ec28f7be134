"""Tests for lr.metrics, with sklearn.metrics as an independent oracle."""

import numpy as np
import pytest
import sklearn.metrics as skm
from sklearn.calibration import calibration_curve as sk_calibration_curve

from lr.metrics import (
    accuracy_score,
    average_precision_score,
    calibration_curve,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
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
        (lambda: confusion_matrix([0, 1], [0, 1], labels=[0]), ValueError, "two distinct"),
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
