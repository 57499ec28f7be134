"""The demo's controls through Streamlit's AppTest: the landing run that plays once, presentation mode
(toggle and link), a drawing in a link or sent by the player, and a drawing too small to train.
The browser side of each is in tests/test_browser_demo.py."""

import json

import numpy as np
from app_support import TIMEOUT, app, data
from streamlit.testing.v1 import AppTest

from playground import drawing
from playground.ui.present import HIDE_SIDEBAR

FRAME = drawing.make_frame([-3, 3, -2, 2])


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def query(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def present_toggle(at: AppTest):
    (toggle,) = [t for t in at.main.toggle if t.label == "Present"]
    return toggle


def hidden_sidebar(at: AppTest) -> bool:
    return any(h.proto.body == HIDE_SIDEBAR for h in at.get("html"))


def drawn(n0: int, n1: int, seed: int = 0) -> drawing.Drawing:
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal([-1, -0.5], 0.3, (n0, 2)), rng.normal([1, 0.5], 0.3, (n1, 2))])
    return drawing.from_points(X, np.r_[np.zeros(n0, int), np.ones(n1, int)], FRAME)


def test_the_landing_run_plays_once_and_a_link_opens_paused() -> None:
    at = app()
    no_exception(at)
    d = data(at)
    assert d["start_epoch"] == 0 and d["autoplay"] is True
    assert at.main.markdown[0].value.startswith(
        "**Logistic Regression Playground** — watch gradient descent learn the boundary"
    )
    at.run()  # any rerun (a pause, a step): the player already has the run, it is not played again
    assert data(at)["autoplay"] is False
    linked = app(epoch="120")
    assert data(linked)["start_epoch"] == 120 and data(linked)["autoplay"] is False


def test_presentation_mode_hides_the_sidebar_and_enlarges_the_player() -> None:
    at = app()
    assert not hidden_sidebar(at) and data(at)["present"] is False
    assert present_toggle(at).help  # one line saying what it does
    present_toggle(at).set_value(True).run()
    no_exception(at)
    assert hidden_sidebar(at) and data(at)["present"] is True
    assert query(at, "present") == "true"  # the link keeps it
    assert at.main.markdown[0].value.startswith("##### ")  # a title for a shared screen
    assert not at.caption or all("Ran 500 epochs" not in c.value for c in at.main.caption)
    # it stays on across the other pages and back
    at.switch_page("app_pages/lessons.py").run()
    no_exception(at)
    assert hidden_sidebar(at)
    at.switch_page("app_pages/playground.py").run()
    assert present_toggle(at).value is True and data(at)["present"] is True
    present_toggle(at).set_value(False).run()
    assert not hidden_sidebar(at) and query(at, "present") is None


def test_a_presentation_link_shows_the_lessons_sentence_as_its_title() -> None:
    at = app(present="true", scene="circles")
    no_exception(at)
    assert present_toggle(at).value is True and hidden_sidebar(at)
    title = at.main.markdown[0].value
    assert title == "##### x1² + x2² is a circle: with squared features the boundary closes into a ring."
    bad = app(present="yes please")
    assert any("Present `yes please` must be true or false" in w.value for w in bad.main.warning)
    assert not hidden_sidebar(bad)


def test_a_link_carries_a_drawing_and_the_drawing_trains() -> None:
    d0 = drawn(3, 4)
    at = app(drawn=drawing.encode(d0))
    no_exception(at)
    d = data(at)
    assert d["drawing"] == {"active": True, "rev": 0}
    assert d["n_epochs"] > 0 and d["bounds"] == list(FRAME)  # a run, on the drawing's frame
    assert len(d["points"]["y"]) == 7 and sorted(d["points"]["y"]) == [0, 0, 0, 1, 1, 1, 1]
    X = np.column_stack([d["points"]["x1"], d["points"]["x2"]])
    assert np.allclose(np.sort(X, axis=0), np.sort(d0.X, axis=0), atol=1e-6)
    assert any(
        "Using your drawing: 7 points, 3 of class 0 and 4 of class 1" in c.value for c in at.sidebar.caption
    )
    assert query(at, "drawn") == drawing.encode(d0)  # written back: the link stays shareable
    (dataset,) = [s for s in at.sidebar.selectbox if s.label == "Dataset"]
    assert dataset.disabled
    # back to generated data
    (back,) = [b for b in at.sidebar.button if b.label == "Back to generated data"]
    back.click().run()
    no_exception(at)
    assert data(at)["drawing"]["active"] is False and query(at, "drawn") is None
    assert len(data(at)["points"]["y"]) == 300
    assert at.session_state["dataset"] == "moons"  # the box named "Your drawing" kept its value


def test_a_drawing_too_small_to_train_shows_its_canvas_and_what_is_missing() -> None:
    at = app(drawn=drawing.encode(drawn(2, 1)))
    no_exception(at)
    d = data(at)
    assert d["status"] == "no_run" and d["n_epochs"] == 0 and len(d["points"]["y"]) == 3
    (info,) = at.info
    assert info.value == "Add at least 2 points of each class to train a model: class 1 (orange) has 1."
    assert not at.error
    for page in ("evaluate", "maths"):  # the other pages say it too, and show generated data
        at.switch_page(f"app_pages/{page}.py").run()
        no_exception(at)
        assert any("each class needs at least 2 points" in e.value for e in at.error)


def test_a_drawing_of_more_than_200_points_stays_out_of_the_link() -> None:
    at = app()
    at.session_state["test_size"] = 0.0
    big = drawn(150, 160)
    from playground.ui.own_points import DRAWING_NAME, Upload  # what the player's report leads to

    at.session_state["upload_data"] = Upload(DRAWING_NAME, big.fingerprint(), big.points(), big)
    at.session_state["upload"] = big.fingerprint()
    at.run()
    no_exception(at)
    assert len(data(at)["points"]["y"]) == 310
    assert query(at, "drawn") is None
    assert any("A link carries drawings of up to 200 points" in c.value for c in at.sidebar.caption)


def report_script(report: object) -> None:
    """The player's drawing trigger, handled as the page's callback handles it."""
    import json

    import streamlit as st

    from playground.ui import controls, link, own_points, session

    link.init_state()
    controls.take_drawing(report)
    got = own_points.drawing_in_use()
    st.write(json.dumps({"n": None if got is None else got.n, "rev": own_points.drawing_rev()}))
    st.write(json.dumps({"test_size": st.session_state["test_size"], "notices": session.take_notices()}))


def test_the_players_drawing_report_becomes_the_data() -> None:
    report = {"rev": 7, "frame": list(FRAME), "x1": [0.0, 1.0, -1.0], "x2": [0.0, 1.0, 1.5], "y": [0, 1, 1]}
    at = AppTest.from_function(report_script, args=(report,), default_timeout=TIMEOUT).run()
    no_exception(at)
    first, second = (json.loads(m.value) for m in at.markdown)
    assert first == {"n": 3, "rev": 7}
    assert second["test_size"] == 0.0  # every drawn point trains (the drawing tools say so)
    assert second["notices"] == []  # no toast over the chart while drawing
    bad = AppTest.from_function(
        report_script, args=({**report, "y": [0, 1, 7]},), default_timeout=TIMEOUT
    ).run()
    no_exception(bad)
    first, second = (json.loads(m.value) for m in bad.markdown)
    assert first["n"] is None and second["notices"] == [
        "The drawing was not used: every class must be a whole number from 0 to 5."
    ]


def test_a_bad_drawing_in_a_link_is_named() -> None:
    for text, reason in (("!!!", "is not a drawing's code"), ("A" * 1000, "is longer than 926 characters")):
        at = app(drawn=text)
        no_exception(at)
        (warning,) = at.main.warning
        assert (
            "Drawing `" in warning.value
            and reason in warning.value
            and "generated data is used" in warning.value
        )
        assert data(at)["drawing"]["active"] is False


def test_a_run_of_points_just_drawn_opens_at_its_end_and_a_changed_control_plays() -> None:
    """Drawing, each retrain shows the model of the points at once (playing would end draw mode);
    a control changed afterwards plays its run from epoch 0, briskly."""
    at = app()
    points = drawn(20, 20)
    from playground.ui.own_points import DRAWING_NAME, Upload  # what the player's report leads to

    at.session_state["upload_data"] = Upload(DRAWING_NAME, points.fingerprint(), points.points(), points)
    at.session_state["upload"] = points.fingerprint()
    at.session_state["drawing_rev"] = 3  # the browser's third edit
    at.run()
    no_exception(at)
    d = data(at)
    assert d["start_epoch"] == d["n_epochs"] > 0 and not d["autoplay"] and not d["playing"]
    assert at.main.markdown[0].value.startswith("**Logistic Regression Playground** — watch")
    at.sidebar.slider(key="degree").set_value(2).run()
    d = data(at)
    assert d["start_epoch"] == 0 and d["autoplay"] and d["brisk"]
