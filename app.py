"""Logistic Regression Playground: entry point. Run with `streamlit run app.py`."""

import logging

import streamlit as st

from playground.payload import run_id
from playground.ui import controls, link, notices, present, session, style

st.set_page_config(
    page_title="Logistic Regression Playground",
    page_icon="📈",
    layout="wide",
    # Streamlit's "auto": collapsed on a viewport up to 768 px wide (its theme's md breakpoint), so
    # a phone opens on the player, not on the controls; a visitor's own choice is remembered.
    initial_sidebar_state="auto",
)

link.init_state()
page = st.navigation(
    [
        st.Page("app_pages/playground.py", title="Playground", icon=":material/play_circle:", default=True),
        st.Page("app_pages/lessons.py", title="Lessons", icon=":material/school:"),
        st.Page("app_pages/evaluate.py", title="Evaluate", icon=":material/fact_check:"),
        st.Page("app_pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page("app_pages/one_vs_rest.py", title="One-vs-rest", icon=":material/join_inner:"),
        st.Page("app_pages/update.py", title="Update", icon=":material/calculate:"),
        st.Page("app_pages/landscape.py", title="Landscape", icon=":material/landscape:"),
        st.Page("app_pages/maths.py", title="Maths", icon=":material/function:"),  # /maths, as titled
    ],
    position=present.navigation_position(),  # the top bar while presenting: the sidebar is hidden
)
style.apply()  # legible text in both appearances (playground/ui/style.py)
present.hide_sidebar()
notices.link_problems()  # on every page: a bad value in a shared link is named wherever it lands
controls.sidebar()  # one control panel for every page: the settings survive page changes
notices.show_pending()
try:
    page.run()
except Exception:  # st.stop and st.rerun are BaseExceptions and pass through
    # A visitor sees a short apology, never a traceback or a server path; the log gets the details.
    logging.getLogger("playground").exception("page %s failed", page.title)
    st.error("Sorry, something went wrong on this page. Change a setting or reload to go on.")
settings = session.current_settings()
link.sync_url(settings, run_id(settings))  # after the page: it knows the epoch the visitor paused at
