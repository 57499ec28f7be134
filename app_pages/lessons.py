"""Lessons: one-click scenes. Each card's link sets every control and opens the lesson's page: the
Playground, where the lesson's sentence says what to watch, or the page the sentence names
(One-vs-rest). The links are shareable (?scene=…)."""

import streamlit as st

from playground.scenes import SCENES

st.markdown("#### Lessons: one click sets every control")
st.caption(
    "Each opens the Playground (one opens One-vs-rest) with its settings and a sentence on what to watch. "
    "Press Play."
)
columns = st.columns(3)
for i, scene in enumerate(SCENES):
    with columns[i % 3].container(border=True):
        st.page_link(
            scene.page,
            label=scene.title,
            icon=":material/school:",
            query_params={"scene": scene.key},
            help="Open this lesson in the Playground"
            if scene.page.endswith("playground.py")
            else "Open this lesson on its page",
        )
        st.caption(scene.sentence)
