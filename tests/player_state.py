"""What the player component reports, for AppTest: the page reads it as the browser sends it."""

import json

from streamlit.testing.v1 import AppTest


def run_id(at: AppTest) -> str:
    """The run the page's player shows (the page is run first if it has not been)."""
    if not at.get("bidi_component"):
        at.run()
    (player,) = [c for c in at.get("bidi_component") if c.proto.component_name.endswith("lr_player")]
    return json.loads(json.loads(player.proto.json)["run"])["run_id"]


def report(at: AppTest, epoch: object, playing: bool = False, run: str | None = None) -> None:
    """Set the player's state as the browser does when it pauses at `epoch` (or starts playing)."""
    shown = {"run_id": run_id(at) if run is None else run, "epoch": epoch, "playing": playing}
    at.session_state["player"] = {"shown": shown}
