"""Presentation mode: the playground on a shared screen.

The sidebar (every control) is hidden with a style rule, not by leaving its widgets out: a widget
Streamlit does not draw in a run loses its state, and the settings live in those widgets. The
pages' navigation moves to the top bar, so a presenter can still open a lesson; the player's type
grows (its `present` flag) and the page's title is the lesson's sentence.
"""

import streamlit as st

from . import session

# The sidebar and the button that would open it again; the top bar holds the navigation instead.
HIDE_SIDEBAR = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none !important;
}
</style>"""


def navigation_position() -> str:
    """Where st.navigation puts the pages: in the sidebar, or in the top bar while presenting."""
    return "top" if session.presenting() else "sidebar"


def hide_sidebar() -> None:
    """While presenting, hide the sidebar (a style rule: it takes no room on the page)."""
    if session.presenting():
        st.html(HIDE_SIDEBAR)
