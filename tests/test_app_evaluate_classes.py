"""Evaluate with three to six classes, through Streamlit's AppTest and the figure builders: K×K
confusion matrices, per-class precision, recall and F1, one-vs-rest AUCs, no threshold slider and the
sentence that says why; the class names stay plain text."""

import json
from dataclasses import replace

import numpy as np
import pytest
import sklearn.metrics as skm
from app_support import app

from playground.experiment import run_experiment
from playground.grid import logits_on_grid, points_view
from playground.palette import CLASS_COLORS
from playground.reports import class_report
from playground.settings import Settings

EVALUATE = "app_pages/evaluate.py"
# blobs noisy enough that the model makes mistakes: the numbers are not all 1
LINKS = {"blobs4": {"dataset": "blobs", "n_classes": "4", "noise": "1"}, "iris3": {"dataset": "iris3"}}
SETTINGS = {
    "blobs4": replace(Settings(), dataset="blobs", n_classes=4, noise=1.0),
    "iris3": replace(Settings(), dataset="iris3"),
}


def no_exception(at) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def figures(at) -> dict[str, dict]:
    return {
        (spec := json.loads(chart.proto.spec))["layout"]["title"]["text"]: spec
        for chart in at.get("plotly_chart")
    }


@pytest.fixture(scope="module", params=list(LINKS))
def opened(request):
    """The Evaluate page of a K-class link, and the same run made directly."""
    at = app(EVALUATE, **LINKS[request.param])
    no_exception(at)
    return at, run_experiment(SETTINGS[request.param])


def test_no_threshold_slider_and_one_line_says_why(opened) -> None:
    at, exp = opened
    K = exp.n_classes
    assert [s.label for s in at.main.slider] == ["Epoch"]
    assert any(
        c.value.startswith(
            f"With {K} classes the model predicts the most probable class; a single threshold t applies "
            "to two classes only."
        )
        for c in at.caption
    )
    assert "threshold" not in at.query_params


def test_the_k_by_k_matrices_are_sklearns(opened) -> None:
    at, exp = opened
    K = exp.n_classes
    shown = figures(at)
    for split, X, y in (("train", exp.X_train, exp.y_train), ("test", exp.X_test, exp.y_test)):
        cm = skm.confusion_matrix(y, np.argmax(exp.logits(X), axis=1), labels=range(K))
        (heatmap,) = shown[f"{split}: true ↓, predicted →"]["data"]
        assert np.array(heatmap["text"]).astype(int).tolist() == cm.tolist()
        assert heatmap["z"]["shape"] == f"{K}, {K}"  # shaded by the share of the true class


def test_the_per_class_tables_are_sklearns(opened) -> None:
    at, exp = opened
    K = exp.n_classes
    test_table, train_table = (d.value for d in at.dataframe[:2])  # test first, then train
    for table, X, y in ((test_table, exp.X_test, exp.y_test), (train_table, exp.X_train, exp.y_train)):
        y_pred = np.argmax(exp.logits(X), axis=1)
        assert list(table["class"]) == [*exp.class_names, "macro mean", "weighted mean"]
        p, r, f, s = skm.precision_recall_fscore_support(y, y_pred, labels=range(K), zero_division=0)
        np.testing.assert_allclose(table["precision"][:K].astype(float), p, atol=5e-4)
        np.testing.assert_allclose(table["recall"][:K].astype(float), r, atol=5e-4)
        np.testing.assert_allclose(table["F1"][:K].astype(float), f, atol=5e-4)
        assert table["support"][:K].astype(int).tolist() == s.tolist()
        for row, average in ((K, "macro"), (K + 1, "weighted")):
            means = skm.precision_recall_fscore_support(y, y_pred, average=average, zero_division=0)[:3]
            shown = [float(table[c][row]) for c in ("precision", "recall", "F1")]
            np.testing.assert_allclose(shown, means, atol=5e-4)


def test_the_one_vs_rest_aucs_are_sklearns(opened) -> None:
    at, exp = opened
    K = exp.n_classes
    P = exp.probabilities(exp.X_test)
    roc = figures(at)["ROC, each class vs rest (test; AUC)"]
    curves = [t for t in roc["data"] if t["name"] != "chance"]
    assert [t["line"]["color"] for t in curves] == list(CLASS_COLORS[:K])
    for k, trace in enumerate(curves):
        auc = skm.roc_auc_score(exp.y_test == k, P[:, k])
        assert trace["name"] == f"{exp.class_names[k]} ({auc:.3f})"
    macro = skm.roc_auc_score(exp.y_test, P, multi_class="ovr")
    assert any(
        f"{macro:.3f}" in str(t.value.to_dict() if hasattr(t.value, "to_dict") else t.value) for t in at.table
    )
    assert "Top-label calibration" in figures(at)
    weights = figures(at)["Weights on the standardised features: a row per class"]
    assert weights["data"][0]["z"]["shape"] == f"{K}, {len(exp.poly.get_feature_names_out()) + 1}"


def test_a_link_s_threshold_is_harmless_with_k_classes_and_kept_for_two() -> None:
    at = app(EVALUATE, dataset="blobs", n_classes="4", threshold="0.3")
    no_exception(at)
    assert [s.label for s in at.main.slider] == ["Epoch"]
    assert any("The threshold t = 0.30 is kept for two-class runs." in c.value for c in at.caption)
    next(s for s in at.sidebar.slider if s.label == "Classes").set_value(2).run()
    no_exception(at)
    assert next(s for s in at.main.slider if s.label == "Threshold t").value == 0.3
    assert "ROC curve, ● at t" in figures(at)  # the two-class page, as before


def test_two_classes_keep_the_threshold_page() -> None:
    at = app(EVALUATE)
    no_exception(at)
    assert [s.label for s in at.main.slider] == ["Epoch", "Threshold t"]
    assert not any("most probable class" in c.value for c in at.caption)
    assert {"ROC curve, ● at t", "Precision–recall, ● at t", "Calibration"} <= set(figures(at))


HOSTILE = "<b>cat</b>"


def test_uploaded_class_names_stay_plain_text_on_the_k_class_page() -> None:
    at = app()
    labels = [HOSTILE, "dog", "emu"]
    rows = "\n".join(f"{(i % 7) - 3 + 4 * (i % 3)},{(i * 3) % 5 - 2},{labels[i % 3]}" for i in range(60))
    (uploader,) = at.get("file_uploader")
    uploader.upload("three.csv", f"x1,x2,label\n{rows}\n".encode()).run()
    at.switch_page(EVALUATE).run()
    no_exception(at)
    text = json.dumps(figures(at))
    assert "&lt;b&gt;cat" in text and "<b>cat" not in text
    (table, _) = (d.value for d in at.dataframe[:2])
    assert HOSTILE in list(table["class"])  # a dataframe cell is plain text: the name as written


def test_the_regions_use_k_colours_and_the_boundaries_lie_where_two_classes_tie() -> None:
    from playground.viz.common import class_boundary_lines, point_traces
    from playground.viz.evaluate_figures import class_confusion_figure, class_regions_figure

    exp = run_experiment(SETTINGS["blobs4"])
    points = points_view(exp)
    Z = logits_on_grid(exp, points.bounds)
    fig = class_regions_figure(points, Z)
    assert {t.marker.color for t in fig.data if t.type == "scatter"} - {"rgba(0,0,0,0)"} == set(
        CLASS_COLORS[:4]
    )
    assert {t.marker.line.color for t in point_traces(points)} == set(CLASS_COLORS[:4])
    (region,) = [t for t in fig.data if t.type == "heatmap"]
    np.testing.assert_array_equal(region.z, np.argmax(Z, axis=-1))
    lines = class_boundary_lines(points, Z, "grey")
    assert len(lines) == 4  # each blob's region has an edge inside the frame
    for k, line in enumerate(lines):  # class k's margin: positive where k wins, 0 on its edge
        top2 = np.sort(Z, axis=-1)
        wins = np.argmax(Z, axis=-1) == k
        assert np.all((np.asarray(line.z) > 0) == (wins & (top2[..., -1] > top2[..., -2])))
    r = class_report(exp)["test"]
    cm = class_confusion_figure(r, "test", ("a", "b", "c", "d"))
    assert cm.layout.xaxis.ticktext[2] == f'<span style="color:{CLASS_COLORS[2]}">c</span>'


def test_the_two_class_points_are_drawn_as_before() -> None:
    from playground.viz.common import point_traces

    points = points_view(run_experiment(replace(Settings(), epochs=5)))
    traces = point_traces(points)
    assert [t.name for t in traces] == ["0", "0 (test)", "1", "1 (test)"]
    assert {t.marker.line.color for t in traces} == set(CLASS_COLORS[:2])
