"""Visitor text stays text: file names, CSV cells and labels, URL values never render as Markdown.

Streamlit renders st.caption, st.error, st.warning and st.toast as Markdown, so every piece of
visitor text reaches them inside a code span (playground.ui.text.verbatim). Here: the code span
shows exactly the text, and the pages' messages hold hostile link values only inside code spans.
The browser test (tests/test_browser_hostile.py) checks the rendered DOM.
"""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.ui.text import verbatim

APP = str(Path(__file__).resolve().parent.parent / "app.py")
HOSTILE = [
    "![b](http://127.0.0.1:9/x.png)",
    "[Session expired: log in](https://evil.example/)",
    '=HYPERLINK("http://evil.example")',
    ":red[RED] :blue-background[bg]",
    "$x^2$ and $$y$$",
    "<img src=http://127.0.0.1:9/y.png>",
    "www.evil.example me@evil.example",
    "``a`b```",
    "`",
    "line\nbreak\r\u202eevil",
    "",
]
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.*?)(?<!`)\1(?!`)", re.S)


def code_span_text(markdown: str) -> str:
    """What CommonMark shows for a lone code span: the inside, one space stripped from each end
    when both ends have one (and it is not all spaces)."""
    m = _CODE_SPAN.fullmatch(markdown)
    assert m, f"not a single code span: {markdown!r}"
    inside = m.group(2)
    if inside.startswith(" ") and inside.endswith(" ") and inside.strip(" "):
        inside = inside[1:-1]
    return inside


def outside_code_spans(markdown: str) -> str:
    return _CODE_SPAN.sub("", markdown)


@pytest.mark.parametrize("text", HOSTILE)
def test_verbatim_is_one_code_span_showing_the_text(text: str) -> None:
    span = verbatim(text)
    assert "\n" not in span and "\r" not in span and "\u202e" not in span
    shown = code_span_text(span)
    assert shown == re.sub(r"[\n\r\u202e]+", " ", text) or (not text and shown.strip() == "")


def test_verbatim_cuts_long_text() -> None:
    shown = code_span_text(verbatim("x" * 500, limit=60))
    assert len(shown) == 60 and shown.endswith("…")


def markdown_bodies(at: AppTest) -> list[str]:
    elements = [*at.warning, *at.error, *at.caption, *at.info, *at.toast, *at.markdown]
    return [e.value for e in elements] + [e.value for e in at.sidebar.warning]


@pytest.mark.parametrize("name", ["dataset", "optimizer", "learning_rate", "n_samples", "standardize"])
@pytest.mark.parametrize("value", HOSTILE[:7])
def test_link_values_are_shown_only_inside_code_spans(name: str, value: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params[name] = value
    at.run()
    assert not at.exception
    bodies = markdown_bodies(at)
    assert any("From the link" in b for b in bodies)
    for body in bodies:
        rest = outside_code_spans(body)
        for token in ("](", "http", "www.", "@evil", ":red[", "$", "<img", "HYPERLINK"):
            assert token not in rest, (token, body)


@pytest.mark.parametrize("page", ["app_pages/evaluate.py", "app_pages/maths.py"])
def test_a_bad_link_value_is_named_on_every_page(page: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["epochs"] = "-3"
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert any("Epochs `-3` must be an integer from 1 to 5000" in w.value for w in at.main.warning)


def test_repeated_link_keys_are_named() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["degree"] = ["2", "4"]
    at.run()
    assert at.session_state["degree"] == 4
    assert any("Polynomial degree `4` is given 2 times" in w.value for w in at.main.warning)


@pytest.mark.parametrize("text", [*HOSTILE, 'a "quoted" name', "it's <b>bold</b> & &quot; &amp;"])
def test_chart_text_is_escaped_once_for_plotly(text: str) -> None:
    """Plotly's pseudo-HTML reads tags and decodes &lt; &gt; &amp; and numeric entities only: a double
    quote stays a quote (html.escape's &quot; would show as typed), a tag never reaches it as one."""
    from playground.viz.common import escaped

    shown = escaped(text)
    assert "<" not in shown and ">" not in shown and "&quot;" not in shown.replace("&amp;quot;", "")
    decoded = re.sub(
        r"&(#x[\da-fA-F]+|lt|gt|amp);",
        lambda m: {"lt": "<", "gt": ">", "amp": "&"}.get(m.group(1)) or chr(int(m.group(1)[2:], 16)),
        shown,
    )
    assert decoded == text
