"""Visitor text on the page is plain text, never Markdown.

Streamlit renders the text of st.caption, st.error, st.warning, st.toast and the rest as Markdown:
a file name `![x](http://host/x.png)` would make every viewer's browser fetch that image, a link
value `[log in](https://…)` would put a clickable link in the app's own warning, and `:red[…]`,
`$…$` or a bare URL would be styled, typeset or auto-linked. Backslash escapes do not stop the
auto-linking of bare URLs (it runs after them); a code span does: everything inside it is shown
literally. So every piece of text that came from a visitor (file names, CSV cells and labels, URL
values) goes into a message through `verbatim`.
"""

import re

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+")
_TICKS = re.compile(r"`+")


def verbatim(text: object, limit: int = 60) -> str:
    """`text` as a Markdown code span that shows it literally, on one line, at most `limit` characters.

    Control and bidirectional-override characters become one space (they could break the line or
    reorder what is shown); the fence is one backtick longer than any run of backticks inside.
    """
    shown = _INVISIBLE.sub(" ", str(text))
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    fence = "`" * (max((len(run) for run in _TICKS.findall(shown)), default=0) + 1)
    # a code span strips one space from each end when both are there: pad when the text needs it
    pad = " " if shown[:1] in ("`", " ") or shown[-1:] in ("`", " ") or not shown else ""
    return f"{fence}{pad}{shown}{pad}{fence}"
