"""Reference pages for benchmarks/bench_app.py: plain Streamlit, nothing of the playground.

    streamlit run benchmarks/bare_page.py                 # one small Plotly chart (time to first chart)
    streamlit run benchmarks/bare_page.py ?mode=fragment  # the Streamlit-only way to animate a chart

The default page draws one go.Figure with a 20-point scatter. `?mode=fragment` is the animation
one would write without a client-side component: an st.fragment rerun every 50 ms that redraws
st.plotly_chart of a 50 × 50 heatmap whose values move with each tick. The tick number is in the
chart's title, so the benchmark can count the updates the browser actually shows.
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Bare page", layout="wide")

GRID = np.linspace(-3.0, 3.0, 50)
X1, X2 = np.meshgrid(GRID, GRID)


def scatter() -> go.Figure:
    rng = np.random.default_rng(0)
    fig = go.Figure(go.Scatter(x=rng.normal(size=20), y=rng.normal(size=20), mode="markers"))
    fig.update_layout(height=360, margin=dict(l=20, r=20, t=20, b=20))
    return fig


def heatmap(tick: int) -> go.Figure:
    angle = 0.15 * tick  # a boundary that turns a little each tick, like a training run playing
    z = 1.0 / (1.0 + np.exp(-4.0 * (np.cos(angle) * X1 + np.sin(angle) * X2)))
    fig = go.Figure(go.Heatmap(z=z, x=GRID, y=GRID, zmin=0.0, zmax=1.0, colorscale="RdBu"))
    fig.update_layout(title=dict(text=f"tick {tick}"), height=420, margin=dict(l=20, r=20, t=40, b=20))
    return fig


@st.fragment(run_every=0.05)
def animation() -> None:
    tick = st.session_state.get("tick", 0) + 1
    st.session_state.tick = tick
    st.plotly_chart(heatmap(tick), key="heatmap")


if st.query_params.get("mode") == "fragment":
    st.title("Fragment animation")
    animation()
else:
    st.title("Bare page")
    st.plotly_chart(scatter(), key="scatter")
