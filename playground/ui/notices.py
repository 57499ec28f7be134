"""Messages about what the visitor did that the app adjusted: a link's ignored values, a control
that had to give way to another. Visitor text in them is shown verbatim (plain text)."""

import streamlit as st

from . import session
from .text import verbatim


def link_problems() -> None:
    """One compact note in the sidebar naming every value of the link that was not used as given."""
    problems = session.link_problems()
    if not problems:
        return
    parts = [f"{p.label} {verbatim(p.text, 24)} {p.reason}" for p in problems]
    st.sidebar.warning("From the link: " + "; ".join(parts) + ".", icon=":material/link_off:")


def show_pending() -> None:
    """Notices queued by the last control change, shown once as toasts (the layout does not move)."""
    for text in session.take_notices():
        st.toast(text, icon=":material/tune:")
