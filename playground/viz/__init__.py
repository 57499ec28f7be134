"""Plotly figure builders: pure functions from numbers to go.Figure. They never import Streamlit."""

from .figures import CLASS_COLORS, confusion_figure, roc_figure, weights_figure

__all__ = ["CLASS_COLORS", "confusion_figure", "roc_figure", "weights_figure"]
