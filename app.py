"""Logistic Regression Playground: entry point. Run with `streamlit run app.py`."""

import streamlit as st

from playground.ui import controls, session

st.set_page_config(
    page_title="Logistic Regression Playground",
    page_icon="📈",
    layout="wide",
    initial_sidebar_state="expanded",
)

session.init_state()
page = st.navigation(
    [
        st.Page("app_pages/playground.py", title="Playground", icon=":material/play_circle:", default=True),
        st.Page("app_pages/evaluate.py", title="Evaluate", icon=":material/fact_check:"),
        st.Page("app_pages/maths.py", title="The maths", icon=":material/function:"),
    ]
)
controls.sidebar()  # one control panel for every page: the settings survive page changes
session.sync_url(session.current_settings())
page.run()
