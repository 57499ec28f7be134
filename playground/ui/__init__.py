"""Streamlit helpers shared by the pages: session state, the control panel, cached runs, the player.

Importing this package imports Streamlit; `import lr` and the playground domain do not.
"""
