"""While the drawing tools are open (the player's report says so), the Playground's status keeps one
height and the player one size, whatever the run says: the chart stays under the pointer."""

import ast
from pathlib import Path

from app_support import app, data
from streamlit.testing.v1 import AppTest

from playground.ui import session

# the page's own constants, read from its source (importing a page would run it)
PAGE = ast.parse((Path(__file__).resolve().parent.parent / "app_pages" / "playground.py").read_text())
CONSTANTS = {
    t.id: v.value
    for node in PAGE.body
    if isinstance(node, ast.Assign)
    for t, v in zip(
        node.targets[0].elts if isinstance(node.targets[0], ast.Tuple) else node.targets,
        node.value.elts if isinstance(node.value, ast.Tuple) else [node.value],
        strict=False,
    )
    if isinstance(t, ast.Name) and isinstance(v, ast.Constant)
}
ALERT, LINE, DRAWING_STATUS = CONSTANTS["ALERT"], CONSTANTS["LINE"], CONSTANTS["DRAWING_STATUS"]


def report(at: AppTest, drawing: bool) -> None:
    """The player's report as the browser sends it after Draw (or Done drawing) is pressed."""
    shown = {"run_id": data(at)["run_id"], "epoch": 0, "playing": False, "drawing": drawing}
    at.session_state[session.PLAYER] = {"shown": shown}
    at.run()
    assert not at.exception, [e.message for e in at.exception]


def held_heights(at: AppTest) -> list[int]:
    """The pixel heights of the main area's fixed-height blocks."""
    blocks = [b for b in at.main.children.values() if type(b).__name__ == "Block"]
    return [b.proto.height_config.pixel_height for b in blocks if b.proto.height_config.pixel_height]


def test_a_run_shown_while_drawing_takes_the_height_of_a_drawing_short_of_points() -> None:
    at = app(epoch="0")
    usual = data(at)["height"]
    assert any(c.value.startswith("Ran ") for c in at.main.caption) and not held_heights(at)
    report(at, drawing=True)
    assert data(at)["height"] == usual - ALERT - LINE
    assert held_heights(at) == [DRAWING_STATUS]
    assert any(i.value.startswith("Ran ") for i in at.main.info)  # the sentence, as tall as an alert
    report(at, drawing=False)  # Done drawing: the usual page
    assert data(at)["height"] == usual and not held_heights(at)


def test_a_warning_and_its_button_take_no_more_room_while_drawing() -> None:
    plain = app(epoch="0")
    report(plain, drawing=True)
    at = app(epoch="0", learning_rate="0.01")  # a step well below 1/L: a larger one is advised
    (warning,) = at.main.warning
    assert "A larger step would too" in warning.value and at.main.button
    assert data(at)["height"] < data(plain)["height"]  # as usual, the warning's lines take room
    report(at, drawing=True)
    assert data(at)["height"] == data(plain)["height"] and held_heights(at) == [DRAWING_STATUS]
    assert "A larger step would too" in at.main.warning[0].value  # still said, in the held status


def test_a_report_that_is_not_true_is_no() -> None:
    at = app(epoch="0")
    usual = data(at)["height"]
    for value in ("true", 1, None, [True]):
        at.session_state[session.PLAYER] = {"shown": {"drawing": value}}
        at.run()
        assert data(at)["height"] == usual and not held_heights(at)


def player_place(at: AppTest) -> list[int]:
    """Where the player sits among the main area's elements: Streamlit keeps a component whose place
    stays, and makes a new one (its charts drawn afresh) where the place changes."""
    return [i for i, node in at.main.children.items() if getattr(node, "type", "") == "bidi_component"]


def test_the_player_keeps_its_place_whatever_the_status_says() -> None:
    caption = app(epoch="0")
    warning = app(epoch="0", learning_rate="0.01")
    diverged = app(epoch="0", learning_rate="100")
    held = app(epoch="0")
    report(held, drawing=True)
    assert caption.main.caption and warning.main.warning and diverged.main.error and held.main.info
    assert player_place(caption) == player_place(warning) == player_place(diverged) == player_place(held)
