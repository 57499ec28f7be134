"""The Compare page and Evaluate's threshold through Streamlit's AppTest: pin, unpin, clear, the two
one-click comparisons, the log toggles, the threshold slider, and the Playground's pin button."""

import json
from pathlib import Path

import pytest
from player_state import report
from streamlit.testing.v1 import AppTest
from test_visitor_text import outside_code_spans

from playground.comparison import MAX_PINS

APP = str(Path(__file__).resolve().parent.parent / "app.py")
COMPARE = "app_pages/compare.py"
EVALUATE = "app_pages/evaluate.py"


def app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        at.switch_page(page).run()
    no_exception(at)
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r} among {[b.label for b in at.button]}"
    return found[0]


def figures(at: AppTest) -> dict[str, dict]:
    """The page's Plotly figures by their title."""
    out = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        out[spec["layout"]["title"]["text"]] = spec
    return out


def pinned(at: AppTest) -> list:
    return list(at.session_state["pins"]) if "pins" in at.session_state else []


def unpin_labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button if b.label[:1].isdigit()]


def test_compare_opens_on_the_current_run_with_its_optimum() -> None:
    at = app(COMPARE)
    figs = figures(at)
    assert set(figs) == {
        "Loss: train J (solid), test (dashed)",
        "Distance to the optimum, J − J* (log scale)",
        "Final boundaries (p = ½)",
    }
    names = [t["name"] for t in figs["Loss: train J (solid), test (dashed)"]["data"]]
    assert names[0].startswith("J* = 0.149518") and names[1] == "1 · this run"
    assert any(c.value.startswith("Pin this run, change the settings") for c in at.caption)
    assert not unpin_labels(at)


def test_pin_change_pin_unpin_and_clear() -> None:
    at = app()
    sidebar_pin = [b for b in at.sidebar.button if b.label == "Pin this run"]
    assert sidebar_pin and sidebar_pin[0].help and "\n" not in sidebar_pin[0].help  # on the Playground too
    sidebar_pin[0].click().run()
    no_exception(at)
    assert [p.settings.learning_rate for p in pinned(at)] == [1.0]
    assert any("Pinned as run 1" in t.value for t in at.toast)
    next(s for s in at.sidebar.select_slider if s.label == "Learning rate").set_value(0.1).run()
    at.switch_page(COMPARE).run()
    no_exception(at)
    # the unpinned current run is drawn as run 2, told apart by what differs
    assert unpin_labels(at) == ["1 · Learning rate = 1"]
    assert any("Run 2 is the current run, not pinned." in c.value for c in at.caption)
    button(at, "Pin this run").click().run()
    no_exception(at)
    assert unpin_labels(at) == ["1 · Learning rate = 1", "2 · Learning rate = 0.1"]
    loss = figures(at)["Loss: train J (solid), test (dashed)"]
    assert [t["name"] for t in loss["data"] if t.get("showlegend") is not False][1:] == [
        "1 · Learning rate = 1",
        "2 · Learning rate = 0.1",
    ]
    button(at, "Pin this run").click().run()  # the same run again
    assert len(pinned(at)) == 2 and any("pinned already, as run 2" in t.value for t in at.toast)
    button(at, "1 · Learning rate = 1").click().run()
    no_exception(at)
    assert [p.settings.learning_rate for p in pinned(at)] == [0.1]
    button(at, "Clear").click().run()
    no_exception(at)
    assert pinned(at) == [] and not unpin_labels(at)


def test_a_fifth_pin_is_refused() -> None:
    at = app(COMPARE)
    for eta in (0.1, 0.2, 0.5, 1.0):
        at.session_state["learning_rate"] = eta
        at.run()
        button(at, "Pin this run").click().run()
    assert len(pinned(at)) == MAX_PINS
    at.session_state["learning_rate"] = 2.0
    at.run()
    button(at, "Pin this run").click().run()
    no_exception(at)
    assert len(pinned(at)) == MAX_PINS and any("unpin one first" in t.value for t in at.toast)


def test_the_five_optimizers_in_one_click() -> None:
    at = app(COMPARE)
    button(at, "Every optimizer").click().run()
    no_exception(at)
    assert unpin_labels(at) == [
        "1 · Gradient descent",
        "2 · Mini-batch SGD",
        "3 · Momentum",
        "4 · Adam",
        "5 · Newton (IRLS)",
    ]
    figs = figures(at)
    gap = figs["Distance to the optimum, J − J* (log scale)"]
    assert len(gap["data"]) == 5 and gap["layout"]["yaxis"]["type"] == "log"
    loss = figs["Loss: train J (solid), test (dashed)"]
    assert sum(t["name"].startswith("J*") for t in loss["data"]) == 1  # one objective, one optimum
    boundaries = figs["Final boundaries (p = ½)"]
    assert sum(t["type"] == "contour" for t in boundaries["data"]) == 5
    assert not any("not pinned" in c.value for c in at.caption)  # the current run is one of them


def test_three_learning_rates_in_one_click_and_newton_gives_way() -> None:
    at = app(COMPARE)
    button(at, "Three learning rates").click().run()
    no_exception(at)
    assert unpin_labels(at) == ["1 · Learning rate = 0.1", "2 · Learning rate = 1", "3 · Learning rate = 10"]
    at.session_state["optimizer"] = "newton"
    at.run()
    button(at, "Three learning rates").click().run()
    no_exception(at)
    assert {p.settings.optimizer for p in pinned(at)} == {"gd"}
    assert any("uses no learning rate" in t.value for t in at.toast)


def test_the_log_toggles_change_the_axes_and_survive_a_page_change() -> None:
    at = app(COMPARE)
    loss = figures(at)["Loss: train J (solid), test (dashed)"]
    assert loss["layout"]["yaxis"]["type"] == "linear" and loss["layout"]["xaxis"]["type"] == "linear"
    for label in ("Log loss axis", "Log epoch axis"):
        next(t for t in at.sidebar.toggle if t.label == label).set_value(True).run()
    no_exception(at)
    figs = figures(at)
    loss = figs["Loss: train J (solid), test (dashed)"]
    assert loss["layout"]["yaxis"]["type"] == "log" and loss["layout"]["xaxis"]["type"] == "log"
    assert figs["Distance to the optimum, J − J* (log scale)"]["layout"]["xaxis"]["type"] == "log"
    at.switch_page(EVALUATE).run()
    at.switch_page(COMPARE).run()
    assert [t.value for t in at.sidebar.toggle if t.label.startswith("Log")] == [True, True]


def test_compare_marks_the_epoch_the_player_shows() -> None:
    at = app()
    report(at, 42)
    at.run()
    at.switch_page(COMPARE).run()
    loss = figures(at)["Loss: train J (solid), test (dashed)"]
    assert [s["x0"] for s in loss["layout"]["shapes"]] == [42]


@pytest.mark.parametrize("threshold", [0.3, 0.8])
def test_the_threshold_slider_moves_the_operating_point_and_the_counts(threshold: float) -> None:
    at = app(EVALUATE)
    before = figures(at)
    slider = next(s for s in at.main.slider if s.label == "Threshold t")
    assert slider.value == 0.5
    slider.set_value(threshold).run()
    no_exception(at)
    after = figures(at)
    assert f"Boundary at t = {threshold:.2f} (dashed: ½)" in after
    roc = after["ROC curve, ● at t"]
    points = [(t["x"], t["y"]) for t in roc["data"] if t["mode"] == "markers"]
    assert points != [(t["x"], t["y"]) for t in before["ROC curve, ● at t"]["data"] if t["mode"] == "markers"]
    assert f"test, t = {threshold:.2f}" in after
    caption = next(c.value for c in at.caption if c.value.startswith("From t = ½"))
    recall = caption.split("recall ")[1].split(",")[0].split(" → ")
    if threshold < 0.5:
        assert float(recall[1]) >= float(recall[0])  # a lower threshold finds more of class 1
    else:
        assert float(recall[1]) <= float(recall[0])
    # the threshold is kept when the visitor looks at another page and comes back
    at.switch_page(COMPARE).run()
    at.switch_page(EVALUATE).run()
    assert next(s for s in at.main.slider if s.label == "Threshold t").value == threshold


def test_the_imbalance_lesson_shows_the_trade_on_evaluate() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scene"] = "imbalance"
    at.run()
    at.switch_page(EVALUATE).run()
    next(s for s in at.main.slider if s.label == "Threshold t").set_value(0.2).run()
    no_exception(at)
    caption = next(c.value for c in at.caption if c.value.startswith("From t = ½"))
    recall = [float(v) for v in caption.split("recall ")[1].split(",")[0].split(" → ")]
    precision = [float(v) for v in caption.split("precision ")[1].split(";")[0].split(" → ")]
    assert recall[1] > recall[0] and precision[1] < precision[0]


HOSTILE_NAME = "[log in](https://evil.example/)![x](http://127.0.0.1:9/x.png).csv"


def test_a_pinned_file_keeps_its_points_and_its_name_stays_plain_text() -> None:
    at = app()
    rows = "\n".join(f"{i % 7 - 3},{(i * 3) % 5 - 2},{'<b>cat</b>' if i % 2 else 'dog'}" for i in range(40))
    (uploader,) = at.get("file_uploader")
    uploader.upload(HOSTILE_NAME, f"x1,x2,label\n{rows}\n".encode()).run()
    no_exception(at)
    assert at.session_state["upload"]
    next(b for b in at.sidebar.button if b.label == "Pin this run").click().run()
    (pin,) = pinned(at)
    assert pin.points is not None and len(pin.points.y) == 40 and pin.file_name == HOSTILE_NAME
    # the file is put aside: the pin keeps its points, the page draws it over the generated data
    next(b for b in at.get("file_uploader")).clear().run()
    at.switch_page(COMPARE).run()
    no_exception(at)
    assert not at.session_state["upload"]
    bodies = [c.value for c in at.caption]
    assert any("Run 1 is on your file `" in b for b in bodies)
    assert any("Run 1 trained on other data" in b for b in bodies)
    for body in bodies:
        rest = outside_code_spans(body)
        assert "](" not in rest and "http" not in rest, body
    loss = figures(at)["Loss: train J (solid), test (dashed)"]
    assert (
        len([t for t in loss["data"] if t.get("legendgroup")]) >= 3
    )  # the pinned file's run and the current
    # back on the file: the boundaries' points carry its class names, escaped for Plotly
    uploader = at.get("file_uploader")[0]
    uploader.upload(HOSTILE_NAME, f"x1,x2,label\n{rows}\n".encode()).run()
    no_exception(at)
    text = json.dumps(figures(at)["Final boundaries (p = ½)"])
    assert "&lt;b&gt;cat" in text and "<b>cat" not in text


# Links: every page's address reproduces what the page shows (issue 15, item 5)
LANDSCAPE, UPDATE, MATHS, LESSONS = (f"app_pages/{p}.py" for p in ("landscape", "update", "maths", "lessons"))


def opened(page: str | None = None, **query: str) -> AppTest:
    """A fresh session that lands on `page` by a link with `query`."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    at.run()
    no_exception(at)
    return at


def param(at: AppTest, key: str) -> str | None:
    """The address's value of `key`, as a visitor would copy it."""
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def epoch_slider(at: AppTest):
    return next(s for s in at.main.slider if s.label == "Epoch")


@pytest.mark.parametrize(("page", "epoch"), [(LANDSCAPE, 20), (UPDATE, 20), (EVALUATE, 3)])
def test_a_link_opens_each_learning_page_at_its_epoch_and_keeps_it(page: str, epoch: int) -> None:
    at = opened(page, epoch=str(epoch))
    assert epoch_slider(at).value == epoch
    assert param(at, "epoch") == str(epoch)
    epoch_slider(at).set_value(epoch + 5).run()  # the page's own slider: the address follows it
    no_exception(at)
    assert param(at, "epoch") == str(epoch + 5)
    for other in (EVALUATE, UPDATE, LANDSCAPE):  # and every page opens on the epoch the visitor chose
        at.switch_page(other).run()
        no_exception(at)
        assert epoch_slider(at).value == epoch + 5 and param(at, "epoch") == str(epoch + 5)


def test_a_link_epoch_past_the_run_s_end_shows_the_end_and_says_so() -> None:
    at = opened(LANDSCAPE, epochs="50", epoch="4000")
    assert epoch_slider(at).value == 50
    assert param(at, "epoch") == "50"


@pytest.mark.parametrize("page", [MATHS, COMPARE, LESSONS])
def test_pages_without_an_epoch_slider_keep_the_link_s_epoch(page: str) -> None:
    at = opened(page, epoch="20")
    assert param(at, "epoch") == "20"
    if page == MATHS:
        assert any("epoch 20's weights" in c.value for c in at.caption)
    if page == COMPARE:
        loss = figures(at)["Loss: train J (solid), test (dashed)"]
        assert [s["x0"] for s in loss["layout"]["shapes"]] == [20]


def test_the_update_page_s_mini_batch_step_travels_in_the_link() -> None:
    at = opened(UPDATE, optimizer="sgd", epoch="2", step="3")
    step = next(s for s in at.main.slider if s.label == "Mini-batch step")
    assert step.value == 3 and param(at, "step") == "3" and epoch_slider(at).value == 2
    step.set_value(5).run()
    no_exception(at)
    assert param(at, "step") == "5"
    at.switch_page(EVALUATE).run()  # the link copied on another page keeps it too
    assert param(at, "step") == "5"
    at.switch_page(UPDATE).run()
    assert next(s for s in at.main.slider if s.label == "Mini-batch step").value == 5


def test_the_landscape_s_slice_travels_in_the_link() -> None:
    at = opened(LANDSCAPE, slice="weights", across="2", up="9")
    assert at.main.radio[0].value == "weights"
    assert [s.value for s in at.main.selectbox] == ["x1²", "b (intercept)"]
    assert (param(at, "slice"), param(at, "across"), param(at, "up")) == ("weights", "2", "9")
    at.main.selectbox[0].set_value("x2").run()  # the visitor's pick: the address follows
    no_exception(at)
    assert (param(at, "across"), param(at, "up")) == ("1", "9")
    at.main.radio[0].set_value("pca").run()
    assert param(at, "slice") == "pca" and param(at, "across") is None
    again = opened(LANDSCAPE, slice="pca")
    assert again.main.radio[0].value == "pca"


def test_a_landscape_link_to_weights_this_model_lacks_is_named() -> None:
    at = opened(LANDSCAPE, degree="1", slice="weights", across="7")
    assert [s.value for s in at.main.selectbox] == ["x1", "x2"]
    assert any(
        "First weight `7` must be an entry of this model's θ, from 0 to 2" in w.value for w in at.warning
    )


def test_a_landscape_link_with_one_weight_twice_is_named_and_uses_two() -> None:
    at = opened(LANDSCAPE, slice="weights", across="1", up="1")
    assert [s.value for s in at.main.selectbox] == ["x2", "x1"]
    assert any("Second weight `1` is the first weight too" in w.value for w in at.warning)
