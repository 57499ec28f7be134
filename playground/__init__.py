"""The Logistic Regression Playground: the app around the `lr` library.

playground/*.py is the domain (settings and their limits, the experiment pipeline, reports, upload
parsing, the player's payload): NumPy and lr only. playground/viz builds Plotly figures (pure
functions); playground/ui is the Streamlit code the pages in app_pages/ use.
"""
