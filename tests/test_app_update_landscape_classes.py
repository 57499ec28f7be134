"""The Update and Landscape pages on a four-class blobs run (softmax, Θ (4, d+1)), through AppTest.

Update: the class picker picks Θ's row the table shows, the matrix figure shows every class, and the
table's numbers are the recorded Θ_t and Θ_t+1 rows. Landscape: the weight pickers list every class's
entries, the link's ?across= / ?up= name entries of Θ row by row (bounded by this run's K·(d+1)),
and the surface under the shown epoch is the recorded J(Θ_t).
"""

import base64
import json

import numpy as np
from app_support import APP
from streamlit.testing.v1 import AppTest

from playground.experiment import run_experiment
from playground.settings import Settings
from playground.ui import link

UPDATE, LANDSCAPE = "app_pages/update.py", "app_pages/landscape.py"
BLOBS = {"dataset": "blobs", "n_classes": "4"}
SETTINGS = Settings(dataset="blobs", n_classes=4)


def opened(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in {**BLOBS, **query}.items():
        at.query_params[k] = v
    at.switch_page(page)
    at.run()
    no_exception(at)
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def array(data: object) -> np.ndarray:
    """A figure's array: Plotly writes NumPy arrays as base64 typed arrays ({"dtype", "bdata", "shape"})."""
    if isinstance(data, dict):
        flat = np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
        shape = data.get("shape")
        return flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    return np.asarray(data, dtype=float)


def epoch_slider(at: AppTest):
    return next(s for s in at.main.slider if s.label == "Epoch")


def test_the_update_page_shows_each_classs_row_of_the_step():
    at = opened(UPDATE)
    h = run_experiment(SETTINGS).trainer.history
    t = epoch_slider(at).value
    assert t == h.n_epochs - 1
    (classes,) = [s for s in at.main.selectbox if s.label == "Class"]
    assert list(classes.options) == ["class 0", "class 1", "class 2", "class 3"] and classes.value == 0
    latex = at.latex[0].value
    assert r"(P - Y)^\top X_1/n" in latex and r"\Theta" in latex  # the softmax gradient, named
    (frame,) = at.dataframe
    assert (
        list(frame.value["weight"])[:2] == ["x1", "x2"] and list(frame.value["weight"])[-1] == "b (intercept)"
    )
    for k in (0, 2):
        if k:
            classes.set_value(k).run()
            no_exception(at)
        frame = at.dataframe[0].value
        np.testing.assert_array_equal(frame["θ_t"], np.append(h.w[t, k], h.b[t, k]))
        np.testing.assert_allclose(
            frame["θ_t+1"], np.append(h.w[t + 1, k], h.b[t + 1, k]), rtol=1e-12, atol=1e-12
        )
    (matrix,) = [f for f in figures(at) if f["data"][0]["type"] == "heatmap"]
    z = array(matrix["data"][0]["z"])
    assert z.shape == (4, h.w.shape[2] + 1)
    change = np.column_stack([h.w[t + 1] - h.w[t], h.b[t + 1] - h.b[t]])
    np.testing.assert_allclose(z, change, rtol=1e-9, atol=1e-12)
    assert matrix["data"][0]["y"] == ["class 0", "class 1", "class 2", "class 3"]
    assert matrix["layout"]["shapes"][0]["y0"] == 2 - 0.5  # the picked class's row is outlined
    assert any("one row per class" in c.value for c in at.caption)


def test_the_update_page_with_k_classes_and_mini_batches_shows_the_batch_in_every_class_colour():
    at = opened(UPDATE, optimizer="sgd", epoch="2", step="3")
    step = next(s for s in at.main.slider if s.label == "Mini-batch step")
    assert step.value == 3 and param(at, "step") == "3"
    batch = [f for f in figures(at) if f["layout"]["title"]["text"].startswith("step 3")]
    assert len(batch) == 1 and len(batch[0]["data"]) == 1 + 4  # the other batches, then four classes


def test_the_update_page_last_epoch_shows_the_gradient_matrix():
    h = run_experiment(SETTINGS).trainer.history
    at = opened(UPDATE, epoch=str(h.n_epochs))
    assert r"\nabla J(\Theta_E)" in at.latex[0].value
    (matrix,) = [f for f in figures(at) if f["data"][0]["type"] == "heatmap"]
    assert matrix["layout"]["title"]["text"].startswith("g at Θ_E")


def test_the_landscape_pickers_list_every_classs_weights_and_the_link_keeps_them():
    exp = run_experiment(SETTINGS)
    p = exp.trainer.n_features + 1
    at = opened(LANDSCAPE, slice="weights", across=str(2 * p), up=str(3 * p + p - 1))
    first, second = at.main.selectbox
    assert len(first.options) == 4 * p
    assert first.options[:2] == ["w[class 0, x1]", "w[class 0, x2]"] and first.options[-1] == "b[class 3]"
    assert (first.value, second.value) == ("w[class 2, x1]", "b[class 3]")
    assert (param(at, "across"), param(at, "up")) == (str(2 * p), str(4 * p - 1))
    (fig,) = figures(at)
    assert fig["layout"]["xaxis"]["title"]["text"] == "w[class 2, x1]"
    assert f"the other {4 * p - 2} entries of Θ keep their values" in fig["layout"]["title"]["text"]
    first.set_value("w[class 1, x2]").run()  # the visitor's pick: the address follows
    no_exception(at)
    assert param(at, "across") == str(p + 1)


def test_the_landscapes_surface_under_the_shown_epoch_is_the_recorded_objective():
    exp = run_experiment(SETTINGS)
    h = exp.trainer.history
    at = opened(LANDSCAPE, epoch="30")
    assert at.main.radio[0].value == "pca"  # degree 3: the path's own plane
    (fig,) = figures(at)
    contour = fig["data"][0]
    assert contour["type"] == "contour"
    J = array(contour["customdata"]).astype(float)
    a_t, c_t = fig["data"][2]["x"][0], fig["data"][2]["y"][0]
    i = int(np.argmin(np.abs(array(contour["x"]) - a_t)))
    j = int(np.argmin(np.abs(array(contour["y"]) - c_t)))
    assert abs(J[j, i] - h.objective[30]) <= 1e-6 * h.objective[30]  # float32 in the figure
    assert any("softmax's cross-entropy" in c.value for c in at.caption)


def test_a_landscape_link_beyond_this_runs_theta_is_named():
    p = run_experiment(SETTINGS).trainer.n_features + 1
    at = opened(LANDSCAPE, slice="weights", across=str(4 * p))  # one past Θ's last entry
    assert at.main.selectbox[0].value == "w[class 0, x1]"
    assert any(
        f"First weight `{4 * p}` must be an entry of this model's Θ (4 classes × {p}), from 0 to {4 * p - 1}"
        in w.value
        for w in at.warning
    )
    assert link.MAX_THETA == 6 * 28  # six classes of the degree-6 model's 28 entries
    at = opened(LANDSCAPE, slice="weights", across=str(link.MAX_THETA))
    assert any("First weight" in w.value and f"{link.MAX_THETA - 1}" in w.value for w in at.warning)


def test_a_three_class_drawings_landscape_slice_is_kept_in_the_link():
    # a drawing's K is its own (the settings say 2 for data they do not make): the link's ?across= and
    # ?up= are kept against the drawing's three rows of Θ
    from playground import drawing

    rng = np.random.default_rng(0)
    centres = np.array([[-1.5, -1.0], [1.5, -1.0], [0.0, 1.5]])
    X = np.vstack([rng.normal(c, 0.3, (8, 2)) for c in centres])
    code = drawing.encode(drawing.from_points(X, np.repeat([0, 1, 2], 8), (-3.0, 3.0, -3.0, 3.0)))
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in {"drawn": code, "degree": "1", "slice": "weights", "across": "4", "up": "8"}.items():
        at.query_params[k] = v
    at.switch_page(LANDSCAPE)
    at.run()
    no_exception(at)
    first, second = at.main.selectbox
    assert len(first.options) == 3 * 3 and (first.value, second.value) == ("w[class 1, x2]", "b[class 2]")
    assert (param(at, "slice"), param(at, "across"), param(at, "up")) == ("weights", "4", "8")
    assert param(at, "drawn") == code
