"""The app's few style rules: text Streamlit's theme cannot make legible in both appearances.

Each rule fixes a contrast below WCAG's 4.5:1 (axe-core, tests/test_browser_a11y.py) that no theme
option reaches. Streamlit sets `color-scheme` (light or dark) on its app element, so CSS
`light-dark(a, b)` picks the colour of the appearance on screen, whichever way it was chosen (the
system's setting or the menu's switch); the plain colour before it is for browsers without it.
"""

import streamlit as st

# Contrast on the light (#fff, code #fcfcfb) and dark (#171614-#22211e) backgrounds, WCAG ratios.
APP_CSS = """<style>
/* A slider's value is drawn in the primary colour: #0072B2 is 5.2:1 on white but 3.1:1 on the dark
   sidebar; Okabe-Ito's sky blue #56B4E9 is 7:1 there. (The primary colour itself stays #0072B2:
   primary buttons carry white text on it, 5.2:1; on sky blue it would be 2.3:1.) */
.stApp [data-testid="stSliderThumbValue"] {
  color: #0072B2;
  color: light-dark(#0072B2, #56B4E9);
}
/* Code's syntax colours (Streamlit's: 2.3-3.8:1 on light, 4.1-4.3:1 on dark), each at 4.9:1 or more */
.stApp .stCode .token.keyword, .stApp .stCode .token.function, .stApp .stCode .token.builtin,
.stApp .stCode .token.class-name {
  color: #0969DA;
  color: light-dark(#0969DA, #7FC4F5);
}
.stApp .stCode .token.string, .stApp .stCode .token.triple-quoted-string, .stApp .stCode .token.char {
  color: #1A7F37;
  color: light-dark(#1A7F37, #6CCB8B);
}
.stApp .stCode .token.number, .stApp .stCode .token.boolean, .stApp .stCode .token.constant {
  color: #117A65;
  color: light-dark(#117A65, #5CC8A0);
}
.stApp .stCode .token.comment {
  color: #5E6272;
  color: light-dark(#5E6272, #A8ACBC);
}
/* Code inside a caption takes the caption's faded code colour, 2.4-3.8:1: the caption's own colour */
.stApp [data-testid="stCaptionContainer"] code {
  color: inherit;
}
/* A displayed formula's last glyph overhangs its box by a pixel or two, which made every formula a
   scrolling region (1-2 px) that the keyboard cannot reach: room for the overhang inside the box */
.stApp .katex-display > .katex {
  padding-inline: 0.15em;
}
/* Streamlit cuts a button's label that does not fit to "Standardise the fea…": wrap it instead, so a
   narrow column's button says all of what it does */
.stApp button [data-testid="stMarkdownContainer"],
.stApp button [data-testid="stMarkdownContainer"] p {
  white-space: normal;
  overflow: visible;
  text-overflow: clip;
  overflow-wrap: anywhere;
}
</style>"""


def apply() -> None:
    """Add the app's style rules to the page (a style element only: it takes no room)."""
    st.html(APP_CSS)
