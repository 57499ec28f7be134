"""What the AppTest tests share: the app opened by a link, on any page, and the data its player gets."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

TIMEOUT = 60
APP = str(Path(__file__).resolve().parent.parent / "app.py")


def app(page: str | None = None, **query: str) -> AppTest:
    """The app opened by a link with these query parameters, run; then switched to `page`
    ("app_pages/update.py") when given, which must run without an exception."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page is not None:
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def _strict(text: str) -> object:
    """json.loads that refuses NaN and Infinity: the player must never receive them."""

    def refuse(token: str) -> None:
        raise AssertionError(f"non-finite number {token} in the player's data")

    return json.loads(text, parse_constant=refuse)


def data(at: AppTest) -> dict:
    """The payload of the page's player component, as the player reads it: the view over the run."""
    (player,) = [c for c in at.get("bidi_component") if c.proto.component_name.endswith("lr_player")]
    sent = _strict(player.proto.json)
    return {**_strict(sent["run"]), **sent["view"]}
