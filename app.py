"""Logistic Regression Playground: entry point. Run with `streamlit run app.py`."""

import streamlit as st

st.set_page_config(
    page_title="Logistic Regression Playground",
    page_icon=":material/insights:",
    layout="wide",
    initial_sidebar_state="expanded",
)

page = st.navigation(
    [
        st.Page("pages/playground.py", title="Playground", icon=":material/play_circle:", default=True),
    ]
)
page.run()
