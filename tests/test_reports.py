"""The Evaluate page's numbers at a decision threshold, held against scikit-learn."""

from dataclasses import replace

import numpy as np
import pytest
import sklearn.metrics as skm
from sklearn.calibration import calibration_curve

from lr.functional import sigmoid
from playground.experiment import run_experiment
from playground.reports import CALIBRATION_BINS, logit, predict_at, report
from playground.scenes import SCENE_BY_KEY
from playground.settings import Settings

THRESHOLDS = [0.0, 0.05, 0.3, 0.5, 0.71, 0.95, 1.0]


@pytest.fixture(scope="module")
def exp():
    return run_experiment(replace(Settings(), noise=0.5, epochs=200))


def split_scores(exp, split: str, epoch: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    X, y = (exp.X_train, exp.y_train) if split == "train" else (exp.X_test, exp.y_test)
    return y, exp.logits(X, epoch)


@pytest.mark.parametrize("threshold", THRESHOLDS)
@pytest.mark.parametrize("split", ["train", "test"])
def test_label_metrics_and_confusion_at_a_threshold_match_sklearn(exp, split, threshold) -> None:
    r = report(exp, None, threshold)[split]
    y, z = split_scores(exp, split)
    y_pred = (sigmoid(z) > threshold).astype(int)  # sklearn's rule: class 1 above the threshold
    np.testing.assert_array_equal(r.confusion, skm.confusion_matrix(y, y_pred, labels=[0, 1]))
    assert r.accuracy == pytest.approx(skm.accuracy_score(y, y_pred))
    assert r.precision == pytest.approx(skm.precision_score(y, y_pred, zero_division=0))
    assert r.recall == pytest.approx(skm.recall_score(y, y_pred, zero_division=0))
    assert r.f1 == pytest.approx(skm.f1_score(y, y_pred, zero_division=0))
    assert r.threshold == threshold


@pytest.mark.parametrize("threshold", THRESHOLDS)
@pytest.mark.parametrize("split", ["train", "test"])
def test_the_operating_points_lie_on_sklearns_curves(exp, split, threshold) -> None:
    r = report(exp, None, threshold)[split]
    y, z = split_scores(exp, split)
    fpr, tpr, _ = skm.roc_curve(y, z, drop_intermediate=False)
    assert any(np.isclose(fpr, r.roc_point[0]) & np.isclose(tpr, r.roc_point[1]))
    (tn, fp), (fn, tp) = r.confusion
    assert r.roc_point == pytest.approx((fp / (fp + tn), tp / (tp + fn)))
    precision, recall, _ = skm.precision_recall_curve(y, z, drop_intermediate=False)
    np.testing.assert_allclose(r.precision_curve, precision)
    np.testing.assert_allclose(r.recall_curve, recall)
    assert any(np.isclose(recall, r.pr_point[0]) & np.isclose(precision, r.pr_point[1]))
    assert r.average_precision == pytest.approx(skm.average_precision_score(y, z), rel=1e-12)
    assert r.auc == pytest.approx(skm.roc_auc_score(y, z), rel=1e-12)


@pytest.mark.parametrize("epoch", [3, None])
def test_the_calibration_curve_matches_sklearn(exp, epoch) -> None:
    for split, r in report(exp, epoch).items():
        y, z = split_scores(exp, split, epoch)
        prob_true, prob_pred = calibration_curve(y, sigmoid(z), n_bins=CALIBRATION_BINS)
        np.testing.assert_allclose(r.calibration.prob_true, prob_true)
        np.testing.assert_allclose(r.calibration.prob_pred, prob_pred)
        assert r.calibration.counts.sum() == len(y)


def test_a_half_is_the_models_own_prediction(exp) -> None:
    assert logit(0.5) == 0.0 and logit(0.0) == -np.inf and logit(1.0) == np.inf
    z = np.array([-1e-300, 0.0, 1e-300, 2.0])  # σ(1e-300) rounds to ½, z > 0 does not
    np.testing.assert_array_equal(predict_at(z, 0.5), [0, 0, 1, 1])
    at_epoch_zero = report(exp, 0)["train"]  # z = 0 everywhere: all predicted class 0, as before
    assert at_epoch_zero.confusion[:, 1].sum() == 0
    with pytest.raises(ValueError, match="threshold must be a probability"):
        report(exp, None, 1.5)


def test_a_lower_threshold_trades_precision_for_recall_in_the_imbalance_lesson() -> None:
    exp = run_experiment(SCENE_BY_KEY["imbalance"].settings)
    for split in ("train", "test"):
        half, low = report(exp)[split], report(exp, None, 0.2)[split]
        assert low.recall > half.recall + 0.1, split
        assert low.precision < half.precision - 0.15, split  # 2000 points: 0.82 → 0.62 on the test split
        assert low.positive_share == pytest.approx(0.1, abs=0.02)


def test_without_curves_the_label_metrics_are_the_same(exp) -> None:
    full, light = report(exp, None, 0.3), report(exp, None, 0.3, curves=False)
    for split in full:
        assert (light[split].precision, light[split].recall) == (full[split].precision, full[split].recall)
        np.testing.assert_array_equal(light[split].confusion, full[split].confusion)
        assert light[split].calibration is None and light[split].auc is None


@pytest.mark.parametrize(("degree", "standardize"), [(1, True), (3, True), (2, False)])
def test_weights_on_raw_features_give_the_same_logits_and_the_players_equation(degree, standardize) -> None:
    """Evaluate's two columns of weights (on standardised features, on the raw ones) are one model: the
    raw ones give the same logits, and they are the numbers the player's equation prints, computed as
    player_run.js's equationText does from the player's payload."""
    import base64

    from playground.payload import build_payload
    from playground.reports import weights_of

    exp = run_experiment(replace(Settings(), degree=degree, standardize=standardize, epochs=40))
    payload = build_payload(exp)
    d = len(payload["features"]["names"])
    dtype = "<f4" if payload["weights_dtype"] == "float32" else "<f8"
    W = np.frombuffer(base64.b64decode(payload["weights"]), dtype=dtype).reshape(-1, d).astype(float)
    B = np.frombuffer(base64.b64decode(payload["bias"]), dtype=dtype).astype(float)
    mean, scale = np.array(payload["features"]["mean"]), np.array(payload["features"]["scale"])
    scale = np.where(scale == 0, 1.0, scale)
    X = np.vstack([exp.X_train, exp.X_test])
    for epoch in (0, 7, exp.trainer.history.n_epochs):
        weights = weights_of(exp, epoch)
        assert weights.standardised == standardize and weights.names == payload["features"]["names"]
        np.testing.assert_allclose(
            exp.poly.transform(X) @ weights.w_raw + weights.b_raw, exp.logits(X, epoch)
        )
        coef = W[epoch] / scale  # equationText: coef[k] = w / scale[k]; bRaw -= w * mean[k] / scale[k]
        np.testing.assert_allclose(weights.w_raw, coef, rtol=1e-5, atol=1e-9)
        np.testing.assert_allclose(weights.b_raw, B[epoch] - np.sum(W[epoch] * mean / scale), rtol=1e-5)
        if not standardize:
            np.testing.assert_array_equal(weights.w_raw, weights.w)


@pytest.mark.parametrize(
    ("v", "shown"),
    [
        (2.0712, "2.07"),
        (-2.2222, "−2.22"),
        (1234.5, "1230"),
        (0.000123, "1.23e-4"),
        (123456, "1.23e5"),
        (0.0, "0"),
        (-5.3, "−5.3"),
        (float("nan"), "—"),
    ],
)
def test_numbers_are_written_as_the_players_equation_writes_them(v, shown) -> None:
    from playground.reports import significant

    assert significant(v) == shown


# K ≥ 3 classes: the model predicts argmax_k z_k; every number held against scikit-learn


@pytest.fixture(scope="module", params=["blobs4", "iris3"])
def k_run(request):
    """A 4-class blob run noisy enough to make mistakes, and iris's three species."""
    if request.param == "blobs4":
        return run_experiment(replace(Settings(), dataset="blobs", n_classes=4, noise=1.0, epochs=200))
    return run_experiment(replace(Settings(), dataset="iris3", epochs=200))


def test_k_class_confusion_and_per_class_numbers_match_sklearn(k_run) -> None:
    from lr import metrics
    from playground.reports import class_report

    K = k_run.n_classes
    assert K in (3, 4)
    for epoch in (5, None):
        for split, r in class_report(k_run, epoch).items():
            y, Z = split_scores(k_run, split, epoch)
            assert Z.shape == (len(y), K)
            y_pred = np.argmax(Z, axis=1)
            expected = skm.confusion_matrix(y, y_pred, labels=range(K))
            np.testing.assert_array_equal(r.confusion, expected)
            np.testing.assert_array_equal(
                r.confusion, metrics.confusion_matrix(y, y_pred, labels=list(range(K)))
            )
            assert r.confusion.shape == (K, K) and r.n == len(y)
            assert r.accuracy == pytest.approx(skm.accuracy_score(y, y_pred))
            p, rec, f1, support = skm.precision_recall_fscore_support(
                y, y_pred, labels=range(K), zero_division=0
            )
            c = r.per_class
            np.testing.assert_allclose(c.precision, p)
            np.testing.assert_allclose(c.recall, rec)
            np.testing.assert_allclose(c.f1, f1)
            np.testing.assert_array_equal(c.support, support)
            for average, mean in (("macro", c.macro), ("weighted", c.weighted)):
                expected = skm.precision_recall_fscore_support(
                    y, y_pred, labels=range(K), average=average, zero_division=0
                )[:3]
                assert mean == pytest.approx(expected)
            P = k_run.probabilities(*((k_run.X_train,) if split == "train" else (k_run.X_test,)), epoch)
            assert r.log_loss == pytest.approx(skm.log_loss(y, P, labels=range(K)), rel=1e-9)
    # the run makes mistakes somewhere: the test is not of a diagonal matrix alone
    assert any(np.any(r.confusion - np.diag(np.diag(r.confusion))) for r in class_report(k_run, 5).values())


def test_k_class_one_vs_rest_curves_and_aucs_match_sklearn(k_run) -> None:
    from playground.reports import class_report

    K = k_run.n_classes
    for split, r in class_report(k_run, 20).items():
        y, _ = split_scores(k_run, split)
        P = k_run.probabilities(k_run.X_train if split == "train" else k_run.X_test, 20)
        assert len(r.curves) == K
        for k, c in enumerate(r.curves):
            t = (y == k).astype(int)
            fpr, tpr, _ = skm.roc_curve(t, P[:, k], drop_intermediate=False)
            np.testing.assert_allclose(c.fpr, fpr)
            np.testing.assert_allclose(c.tpr, tpr)
            assert c.auc == pytest.approx(skm.roc_auc_score(t, P[:, k]), rel=1e-12)
            precision, recall, _ = skm.precision_recall_curve(t, P[:, k], drop_intermediate=False)
            np.testing.assert_allclose(c.precision, precision)
            np.testing.assert_allclose(c.recall, recall)
            assert c.average_precision == pytest.approx(skm.average_precision_score(t, P[:, k]), rel=1e-12)
            assert c.share == pytest.approx(t.mean())
        assert r.auc == pytest.approx(skm.roc_auc_score(y, P, multi_class="ovr"), rel=1e-12)


def test_k_class_top_label_calibration_counts_every_point_and_its_ece(k_run) -> None:
    from playground.reports import class_report

    for split, r in class_report(k_run, 10).items():
        y, _ = split_scores(k_run, split, 10)
        P = k_run.probabilities(k_run.X_train if split == "train" else k_run.X_test, 10)
        top, confidence = np.argmax(P, axis=1), P.max(axis=1)
        cal = r.calibration
        assert cal.counts.sum() == len(y)
        bins = np.clip(np.ceil(confidence * CALIBRATION_BINS).astype(int) - 1, 0, None)  # (b/M, (b+1)/M]
        ece = sum(
            np.mean(bins == b) * abs(np.mean(top[bins == b] == y[bins == b]) - confidence[bins == b].mean())
            for b in np.unique(bins)
        )
        assert cal.ece == pytest.approx(ece, abs=1e-12)


def test_k_class_at_epoch_zero_every_point_is_class_0_and_curves_can_be_left_out(k_run) -> None:
    from playground.reports import class_report

    r = class_report(k_run, 0)["train"]  # W = 0, b = 0: all scores tie, argmax takes the lowest class
    assert r.confusion[:, 1:].sum() == 0 and r.confusion[:, 0].sum() == r.n
    assert r.log_loss == pytest.approx(np.log(k_run.n_classes))
    light = class_report(k_run, None, curves=False)
    full = class_report(k_run)
    for split in full:
        assert light[split].curves is None and light[split].calibration is None and light[split].auc is None
        np.testing.assert_array_equal(light[split].confusion, full[split].confusion)


def test_a_class_missing_from_a_split_has_no_curve_and_no_macro_auc() -> None:
    from playground.reports import one_vs_rest

    y = np.array([0, 0, 1, 1, 0, 1])  # class 2 is absent from this split
    P = np.tile([0.5, 0.3, 0.2], (6, 1))
    P[2:4] = [0.2, 0.7, 0.1]
    curves = one_vs_rest(y, P)
    assert curves[2] is None and curves[0] is not None and curves[1] is not None
    assert curves[1].auc == pytest.approx(skm.roc_auc_score(y == 1, P[:, 1]))


def test_k_class_weights_on_raw_features_give_the_same_logits(k_run) -> None:
    from playground.reports import class_weights_table, weights_of

    K = k_run.n_classes
    X = np.vstack([k_run.X_train, k_run.X_test])
    for epoch in (0, 9, k_run.trainer.history.n_epochs):
        weights = weights_of(k_run, epoch)
        d = len(weights.names)
        assert weights.w.shape == weights.w_raw.shape == (
            K,
            d,
        ) and weights.b.shape == weights.b_raw.shape == (K,)
        np.testing.assert_allclose(
            k_run.poly.transform(X) @ weights.w_raw.T + weights.b_raw, k_run.logits(X, epoch), atol=1e-9
        )
        for raw in (False, True):
            table = class_weights_table(weights, list(k_run.class_names), raw=raw)
            assert list(table) == ["class", *weights.names, "b"]
            assert table["class"] == list(k_run.class_names)
            assert all(len(column) == K for column in table.values())
    table = class_weights_table(weights, list(k_run.class_names), raw=True)
    from playground.reports import significant

    assert table["b"] == [significant(v) for v in weights.b_raw]
