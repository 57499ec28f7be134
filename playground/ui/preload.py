"""Plotly.js on its way before the Playground's player exists.

A first visit waits for Plotly.js (1.5 MB gzipped, then 0.6-1 s of the browser's main thread to
evaluate its 4.8 MB) before the boundary can be drawn. The player's own request would start only
when the player mounts, after the sidebar's widgets have rendered. This invisible component is sent
first in the script run, so the download and the evaluation overlap the rest of the page; the
player then finds `window.Plotly` loaded or loading (the one shared loader, player_plotly.js).
"""

import streamlit as st

from playground.player_files import PLAYER_DIR

from . import plotly_js

KEY = "lrp_plotly_preload"
# The component's element is kept out of the layout (and so out of the sidebar's spacing).
_HIDE = f"<style>.st-key-{KEY} {{ display: none !important; }}</style>"
_JS = (PLAYER_DIR / "player_plotly.js").read_text(encoding="utf-8") + (
    "\nexport default function ({ data }) {\n"
    "  // if this load fails, the player asks the server for the text\n"
    "  if (data && data.url) loadPlotly({ url: data.url }, () => {});\n"
    "}\n"
)
_PRELOAD = st.components.v2.component("lr_plotly_preload", js=_JS)


def preload_plotly() -> None:
    """Start the browser's download of Plotly.js now, when the server serves it as a file."""
    url = plotly_js.static_url()
    if url is None:  # the player will be sent the text itself
        return
    st.html(_HIDE)
    _PRELOAD(data={"url": url}, key=KEY)
