"""Plotly figure builders: pure functions from numbers to go.Figure. They never import Streamlit."""
