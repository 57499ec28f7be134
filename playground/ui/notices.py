"""Messages about what the visitor did that the app adjusted: a link's ignored values, a control
that had to give way to another. Visitor text in them is shown verbatim (plain text)."""

import streamlit as st

from . import link, session
from .text import verbatim


def link_problems() -> None:
    """One compact note at the top of the page naming every value of the link that was not used as
    given, with a button that closes it. In the main area, not the sidebar: presentation mode hides
    the sidebar, and a phone opens with it closed, where nobody would see it."""
    problems = link.link_problems()
    if not problems:
        return
    parts = [f"{p.label} {verbatim(p.text, 24)} {p.reason}" for p in problems]
    note, close = st.columns([9, 1], vertical_alignment="center")
    note.warning("From the link: " + "; ".join(parts) + ".", icon=":material/link_off:")
    close.button(
        "Dismiss",
        key="dismiss_link_note",
        on_click=link.dismiss_link_problems,
        help="Close this note (the link's values it names stay as the page uses them).",
    )


def show_pending() -> None:
    """Notices queued by the last control change, shown once as toasts (the layout does not move)."""
    for text in session.take_notices():
        st.toast(text, icon=":material/tune:")
