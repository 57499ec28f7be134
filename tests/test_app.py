"""The app's widgets and pages, through Streamlit's AppTest (no browser).

The player itself runs in the browser (tests/test_browser.py covers Play, Pause, Step, Reset and
the scrubber); here each control is checked against the run it produces, read from the data the
page hands the player.
"""

import base64
import math

import numpy as np
import pytest
import streamlit as st
from app_support import app, data
from player_state import report
from streamlit.testing.v1 import AppTest

from playground.settings import MAX_STEPS, Settings


def weights(d: dict) -> np.ndarray:
    n_features = len(d["features"]["names"])
    dtype = {"float32": "<f4", "float64": "<f8"}[d["weights_dtype"]]
    w = np.frombuffer(base64.b64decode(d["weights"]), dtype=dtype)
    return w.reshape(d["n_epochs"] + 1, n_features)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def widget(at: AppTest, kind: str, label: str):
    found = [w for w in getattr(at.sidebar, kind) if w.label == label]
    assert found, f"no {kind} labelled {label!r}"
    return found[0]


@pytest.fixture(scope="module")
def first() -> AppTest:
    return app()


def test_first_paint_is_a_trained_example(first: AppTest) -> None:
    no_exception(first)
    d = data(first)
    s = Settings()
    assert d["n_epochs"] == s.epochs and d["start_epoch"] == 0  # a trained run, opened ready to play
    assert len(d["points"]["x1"]) == s.n_samples
    assert abs(sum(d["points"]["test"]) - s.n_samples * s.test_size) <= 1  # stratified: rounded per class
    assert d["features"]["names"] == ["x1", "x2", "x1²", "x1·x2", "x2²", "x1³", "x1²·x2", "x1·x2²", "x2³"]
    W = weights(d)
    assert np.all(W[0] == 0) and np.abs(W[-1]).max() > 0.5  # trained, not the starting zeros
    assert d["train_acc"][-1] > 0.9 and d["train_loss"][-1] < d["train_loss"][0]
    assert len(d["train_loss"]) == len(d["test_loss"]) == len(d["grad_norm"]) == d["n_epochs"] + 1


def test_the_player_loads_plotly_js_from_the_apps_static_folder(first: AppTest) -> None:
    from playground.ui import plotly_js

    assert data(first)["plotly"] == {"url": f"app/static/{plotly_js.file_name()}"}
    assert (plotly_js.STATIC_DIR / plotly_js.file_name()).is_file()


def test_without_static_files_plotly_js_travels_once_per_session(monkeypatch) -> None:
    from playground.ui import plotly_js

    monkeypatch.setattr(plotly_js, "static_url", lambda: None)  # e.g. a read-only checkout
    at = app()
    assert data(at)["plotly"]["source"] == plotly_js.served().decode()
    at.run()
    assert data(at)["plotly"] == {"url": None}  # the browser keeps the copy it was sent


def test_plotly_js_text_is_sent_when_the_browser_cannot_load_the_file(first: AppTest) -> None:
    at = app()
    assert "source" not in data(at)["plotly"]
    at.session_state["_plotly_js_asked"] = True  # what the player's plotly_needed trigger sets
    at.run()
    assert "plotly.js v" in data(at)["plotly"]["source"][:200]
    at.run()
    assert "source" not in data(at)["plotly"]  # once


def test_every_control_has_one_line_help(first: AppTest) -> None:
    kinds = ("selectbox", "slider", "select_slider", "number_input", "toggle", "radio", "button")
    for kind in kinds:
        for w in getattr(first.sidebar, kind):
            assert w.help and "\n" not in w.help, f"{kind} {w.label!r} lacks a one-line help"


@pytest.mark.parametrize(
    ("kind", "label", "value", "check"),
    [
        ("selectbox", "Dataset", "xor", lambda d, d0: d["run_id"] != d0["run_id"]),
        ("slider", "Samples", 120, lambda d, d0: len(d["points"]["x1"]) == 120),
        ("slider", "Noise", 0.6, lambda d, d0: d["points"]["x1"] != d0["points"]["x1"]),
        ("slider", "Class 1 share", 0.8, lambda d, d0: abs(np.mean(d["points"]["y"]) - 0.8) < 0.01),
        ("slider", "Test split", 0.5, lambda d, d0: sum(d["points"]["test"]) == 150),
        ("number_input", "Seed", 7, lambda d, d0: d["points"]["x1"] != d0["points"]["x1"]),
        ("slider", "Polynomial degree", 1, lambda d, d0: d["features"]["names"] == ["x1", "x2"]),
        (
            "toggle",
            "Standardise",
            False,
            lambda d, d0: set(d["features"]["mean"]) == {0.0} and set(d["features"]["scale"]) == {1.0},
        ),
        ("select_slider", "Epochs", 50, lambda d, d0: d["n_epochs"] == 50),
        ("select_slider", "Learning rate", 0.1, lambda d, d0: d["train_loss"][-1] > d0["train_loss"][-1]),
        (
            "select_slider",
            "Penalty strength α",
            0.1,
            lambda d, d0: np.abs(weights(d)[-1]).sum() < np.abs(weights(d0)[-1]).sum(),
        ),
    ],
)
def test_each_control_changes_the_run(first: AppTest, kind, label, value, check) -> None:
    at = app()
    d0 = data(at)
    widget(at, kind, label).set_value(value).run()
    no_exception(at)
    d = data(at)
    assert check(d, d0)
    assert d["run_id"] != d0["run_id"]


def test_l1_sets_weights_to_exact_zeros() -> None:
    at = app(penalty="l1", alpha="0.02", degree="6", epochs="1000")
    no_exception(at)
    w = weights(data(at))[-1]
    assert (w == 0).sum() >= 5 and (w != 0).sum() >= 2


def test_newton_converges_and_greys_out_the_learning_rate() -> None:
    at = app()
    widget(at, "selectbox", "Optimizer").set_value("newton").run()
    no_exception(at)
    d = data(at)
    assert d["status"] == "converged" and d["n_epochs"] < 30
    assert widget(at, "select_slider", "Learning rate").disabled


def test_sgd_shows_batch_size_and_caps_the_work() -> None:
    at = app()
    assert not [w for w in at.sidebar.select_slider if w.label == "Batch size"]
    widget(at, "selectbox", "Optimizer").set_value("sgd").run()
    batch = widget(at, "select_slider", "Batch size")
    batch.set_value(8)
    widget(at, "slider", "Samples").set_value(5000)
    widget(at, "select_slider", "Epochs").set_value(5000).run()
    no_exception(at)
    d = data(at)
    steps_per_epoch = math.ceil(3750 / 8)
    assert d["n_epochs"] * steps_per_epoch <= MAX_STEPS
    assert any("capped" in c.value for c in at.caption)


def test_view_toggles_keep_the_run() -> None:
    at = app()
    d0 = data(at)
    widget(at, "toggle", "Discretize").set_value(True).run()
    widget(at, "toggle", "Log loss axis").set_value(True).run()
    d = data(at)
    assert d["discretize"] and d["log_scale"] and d["run_id"] == d0["run_id"]


def test_new_data_draws_a_new_seed() -> None:
    at = app()
    seed = at.session_state["seed"]
    next(b for b in at.sidebar.button if b.label == "New data").click().run()
    no_exception(at)
    assert at.session_state["seed"] != seed


def test_divergence_names_the_cause_and_offers_the_fix_that_works() -> None:
    # unscaled degree-6 features: lowering the step would crawl; standardising fixes the same step
    at = app(standardize="false", degree="6", learning_rate="1")
    no_exception(at)
    d = data(at)
    assert d["status"] == "diverged"
    (error,) = at.error
    assert "Learning rate 1 is too large" in error.value and "not standardised" in error.value
    W = weights(d)
    assert np.isfinite(W).all()  # the run keeps only finite epochs
    (fix,) = [b for b in at.button if b.label == "Standardise the features"]
    fix.click().run()
    no_exception(at)
    assert at.session_state["standardize"] is True and at.session_state["learning_rate"] == 1.0
    assert data(at)["status"] != "diverged" and not at.error


@pytest.mark.parametrize(("learning_rate", "kind"), [("100", "error"), ("50", "warning")])
def test_too_large_a_step_on_standardised_features_offers_a_step_below_one_over_l(
    learning_rate, kind
) -> None:
    # 100 diverges (still above its start after 50 epochs); 50 runs on without settling
    at = app(learning_rate=learning_rate)
    (message,) = getattr(at, kind)
    assert "1/L = 1.12" in message.value
    (fix,) = [b for b in at.button if b.label.startswith("Use learning rate")]
    assert fix.label == "Use learning rate 1"
    fix.click().run()
    assert at.session_state["learning_rate"] == 1.0 and data(at)["status"] != "diverged"


def test_l1_strong_enough_to_zero_every_weight_says_so_and_offers_a_smaller_alpha() -> None:
    at = app(penalty="l1", alpha="1")
    no_exception(at)
    (warning,) = at.warning
    assert "strong enough to set every weight to exactly 0" in warning.value
    (fix,) = [b for b in at.button if b.label.startswith("Use α")]
    fix.click().run()
    assert np.any(weights(data(at))[-1] != 0)


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"learning_rate": "999"}, "Learning rate `999` must be a number from 0.0001 to 100"),
        ({"epochs": "-3"}, "Epochs `-3` must be an integer from 1 to 5000"),
        ({"dataset": "banana"}, "Dataset `banana` must be one of linear, moons"),
        ({"n_samples": "lots"}, "Samples `lots` must be an integer from 20 to 5000"),
        ({"noise": "nan"}, "Noise `nan` must be a number from 0 to 1"),
        ({"standardize": "maybe"}, "Standardise `maybe` must be true or false"),
    ],
)
def test_bad_url_values_are_named_and_ignored(query: dict, fragment: str) -> None:
    at = app(**query)
    no_exception(at)
    (warning,) = at.warning
    assert fragment in warning.value
    assert data(at)["n_epochs"] == Settings().epochs  # the page still shows the default run


def test_url_values_set_the_controls_and_snap_to_the_sliders() -> None:
    at = app(dataset="circles", degree="2", learning_rate="0.3", epochs="700")
    no_exception(at)
    assert not at.warning
    assert at.session_state["dataset"] == "circles" and at.session_state["degree"] == 2
    assert at.session_state["learning_rate"] == 0.2  # nearest slider value on the log scale
    assert at.session_state["epochs"] == 500


def test_settings_are_written_to_the_url() -> None:
    at = app()
    widget(at, "selectbox", "Dataset").set_value("spiral").run()
    assert at.query_params["dataset"] == ["spiral"] or at.query_params["dataset"] == "spiral"


def test_two_visitors_do_not_share_state() -> None:
    a, b = app(), app()
    widget(a, "selectbox", "Dataset").set_value("xor").run()
    b.run()
    assert b.session_state["dataset"] == "moons" and a.session_state["dataset"] == "xor"
    assert data(a)["run_id"] != data(b)["run_id"]


def test_evaluate_opens_at_the_epoch_the_player_stopped() -> None:
    at = app()
    report(at, 42)  # what the browser reports when paused
    at.run()
    at.switch_page("app_pages/evaluate.py").run()
    no_exception(at)
    (epoch,) = [s for s in at.main.slider if s.label == "Epoch"]
    assert epoch.value == 42
    assert any(c.value.startswith("Epoch 42 of 500") for c in at.caption)
    # two confusion matrices; boundary, ROC, precision-recall; calibration; weights
    assert len(at.get("plotly_chart")) == 7
    # the weights on the standardised features and on the raw ones (the player's equation), named
    (table,) = at.dataframe
    assert list(table.value.columns) == ["feature", "standardised", "raw, as the equation"]
    epoch.set_value(0).run()
    no_exception(at)


def test_maths_page_checks_the_gradient() -> None:
    at = app()
    at.switch_page("app_pages/maths.py").run()
    no_exception(at)
    (metric,) = at.metric
    assert float(metric.value) < 1e-6
    assert len(at.code) >= 8 and len(at.latex) >= 8


def test_a_link_carries_the_paused_epoch_and_the_view_toggles() -> None:
    at = app(epoch="42", log_scale="true", discretize="true")
    no_exception(at)
    d = data(at)
    assert d["start_epoch"] == 42 and d["log_scale"] and d["discretize"]
    report(at, 77)  # the visitor paused at 77
    at.run()
    assert at.query_params["epoch"] in (["77"], "77")
    assert at.query_params["log_scale"] in (["true"], "true")


def test_a_changed_control_plays_the_new_run_from_epoch_0_briskly() -> None:
    at = app()
    d = data(at)
    assert d["start_epoch"] == 0 and d["autoplay"] and not d["brisk"]  # landing: at the run's clock
    report(at, 120)  # the visitor paused: a rerun of the same run keeps the epoch, paused
    at.run()
    d = data(at)
    assert not d["autoplay"] and not d["playing"] and at.query_params["epoch"] in (["120"], "120")
    widget(at, "slider", "Polynomial degree").set_value(2).run()
    d = data(at)  # the changed run plays from its start, briskly, and the page knows it plays
    assert d["start_epoch"] == 0 and d["autoplay"] and d["brisk"] and d["playing"]
    assert "epoch" not in at.query_params  # the old run's epoch is not this run's
    at.run()  # a rerun of the same run: not started again
    assert not data(at)["autoplay"]


def test_a_forged_player_state_gives_an_epoch_of_the_run_or_none() -> None:
    """Whatever the browser sends as the shown epoch, the link and the downloads name an epoch of
    the run (clamped) or the page's own (the value ignored), and the download still arrives."""
    at = app()
    last = data(at)["n_epochs"]
    for sent, expected in [
        (-1, 0),
        (10**9, last),
        (77, 77),
        (77.0, 77),
        ("abc", None),
        (float("inf"), None),
        (float("nan"), None),
        ([3], None),
        (True, None),
        (2.5, None),
        (None, None),
    ]:
        report(at, sent)
        at.run()
        no_exception(at)
        model = at.get("download_button")[0]
        if expected is None:
            assert "epoch" not in at.query_params, sent
            expected = 0  # the page's own: where the run opened
        else:
            assert at.query_params["epoch"] in ([str(expected)], str(expected)), sent
        assert model.proto.label == f"Model at epoch {expected} (JSON)", sent
    for forged in ([], "abc", {"shown": "abc"}, {"shown": {"run_id": 5, "epoch": 9}}):
        at.session_state["player"] = forged
        at.run()
        no_exception(at)


def test_the_downloads_of_one_epoch_say_it_and_wait_while_the_run_plays() -> None:
    at = app()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[0].startswith("Model (JSON): pause") and labels[3].startswith(
        "Offline player (HTML): pause"
    )
    assert [b.proto.disabled for b in at.get("download_button")] == [True, False, False, True]
    report(at, 8)  # paused at 8
    at.run()
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [
        "Model at epoch 8 (JSON)",
        "History (CSV)",
        "Python script",
        "Offline player at epoch 8 (HTML)",
    ]
    assert not any(b.proto.disabled for b in buttons)
    report(at, 8, playing=True)  # Play pressed at 8: the player says so once
    at.run()
    assert [b.proto.disabled for b in at.get("download_button")] == [True, False, False, True]
    report(at, 8, run="another run")  # a report about another run is not about this one
    at.run()
    assert at.get("download_button")[0].proto.disabled  # still the opening's word: it plays


def test_a_bad_link_epoch_is_named() -> None:
    at = app(epoch="soon")
    no_exception(at)
    assert any("Epoch `soon` must be a whole number of epochs" in w.value for w in at.main.warning)


def test_the_playground_caches_what_it_shows_not_the_run() -> None:
    """The run (its feature matrices: MBs) is cached only by the pages that read it."""
    from streamlit.runtime.caching.cache_data_api import _data_caches

    def cached() -> set[str]:
        stats = _data_caches.get_stats()["cache_memory_bytes"]
        return {s.cache_name.rsplit(".", 1)[-1] for s in stats if s.byte_length}

    st.cache_data.clear()
    at = app()
    assert not at.exception and cached() == {"_played"}
    at.switch_page("app_pages/evaluate.py").run()
    assert not at.exception and "_experiment" in cached()


def test_a_link_carries_evaluates_threshold() -> None:
    at = app(threshold="0.3")
    no_exception(at)
    at.switch_page("app_pages/evaluate.py").run()
    no_exception(at)
    assert next(s for s in at.main.slider if s.label == "Threshold t").value == 0.3
    assert at.query_params["threshold"] in (["0.3"], "0.3")
    next(s for s in at.main.slider if s.label == "Threshold t").set_value(0.5).run()
    assert "threshold" not in at.query_params  # the default leaves the link


@pytest.mark.parametrize("text", ["2", "-0.1", "nan", "half", "1e400"])
def test_a_bad_link_threshold_is_named_and_the_default_used(text: str) -> None:
    at = app(threshold=text)
    no_exception(at)
    assert any(f"Threshold t `{text}` must be a number from 0 to 1" in w.value for w in at.main.warning)
    at.switch_page("app_pages/evaluate.py").run()
    assert next(s for s in at.main.slider if s.label == "Threshold t").value == 0.5


@pytest.mark.parametrize("present", ["true", "false"])
def test_the_link_note_is_in_the_main_area_on_every_page_until_dismissed(present: str) -> None:
    """Presentation mode hides the sidebar (and a phone opens with it closed): the note on the link's
    ignored values is on the page itself, on every page, until the visitor closes it."""
    at = app(present=present, seed="abc")
    no_exception(at)
    pages = ["lessons", "evaluate", "compare", "update", "landscape", "maths", "playground"]
    for page in pages:
        assert any("Seed `abc` must be an integer" in w.value for w in at.main.warning), page
        assert not at.sidebar.warning
        at.switch_page(f"app_pages/{page}.py").run()
        no_exception(at)
    (dismiss,) = [b for b in at.main.button if b.label == "Dismiss"]
    dismiss.click().run()
    no_exception(at)
    assert not [w for w in at.warning if "From the link" in w.value]
    at.switch_page("app_pages/evaluate.py").run()
    assert not [w for w in at.warning if "From the link" in w.value]
