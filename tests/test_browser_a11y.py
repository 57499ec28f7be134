"""Accessibility in a real headless Chromium at 1280×720, light and dark: axe-core finds no serious or
critical violation on any page, no formula scrolls out of sight, no button's label is cut, and the
confusion matrices' ticks are the class names.

axe-core comes from the PyPI package axe-playwright-python (pinned in requirements-dev.txt; it ships
axe.min.js, here axe-core 4.12), injected into the page: no npm step. Screenshots land in
artifacts/a11y-*.png.
"""

import time
from pathlib import Path

import axe_playwright_python
import pytest
from browser_support import ROOT
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser
SHOTS = ROOT / "artifacts"
VIEWPORT = {"width": 1280, "height": 720}
AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
# one_vs_rest twice: with two classes (its sentence and button), and with the four-blob lesson (the maps)
PAGES = ["", "lessons", "evaluate", "compare", "one_vs_rest", "one_vs_rest?scene=one-vs-rest"]
PAGES += ["update", "landscape", "maths"]

# Run axe over the document, leaving out only the labels of disabled widgets (Streamlit marks them
# `disabled` on the label itself): WCAG 1.4.3 exempts "text that is part of an inactive user interface
# component", and Streamlit greys a disabled widget's label (Landscape's weight pickers while the slice
# is along the path's principal directions) to 2.3:1 on purpose. axe does not know the label belongs
# to a disabled control: its text sits in an aria-hidden span, the input is labelled by aria-label.
RUN_AXE = """async () => {
  const context = { include: [document], exclude: [['[data-testid="stWidgetLabel"][disabled]']] };
  const results = await axe.run(context, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(
      (n) => n.target.join(' ') + ': ' + (n.failureSummary || '').slice(0, 300)) }));
}"""


def open_page(browser: Browser, url: str, path: str, scheme: str) -> Page:
    ctx = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    pg = ctx.new_page()
    pg.goto(f"{url}/{path}")
    pg.wait_for_selector("[data-testid=stMain]", timeout=60_000)
    settle(pg)
    return pg


def settle(pg: Page, timeout: float = 60) -> None:
    """Until the app's run has reached the page (its style rules are in the document: Streamlit marks the
    script "notRunning" before its first run too), the run has finished and the page has not changed for
    1.5 s: the charts' last layout, the formulas typeset."""
    pg.wait_for_function(
        "[...document.querySelectorAll('style')].some((s) => s.textContent.includes('stSliderThumbValue'))",
        timeout=timeout * 1000,
    )
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        running = pg.locator(".stApp[data-test-script-state=running], [data-testid=stStatusWidget]").count()
        now = pg.evaluate("document.querySelector('[data-testid=stMain]').innerHTML.length")
        if running or now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since > 1.5:
            return
        time.sleep(0.25)


def serious_violations(pg: Page) -> list[dict]:
    pg.add_script_tag(content=AXE_JS)
    return pg.evaluate(RUN_AXE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation(browser, url, path, scheme) -> None:
    pg = open_page(browser, url, path, scheme)
    found = serious_violations(pg)
    if path == "evaluate":  # the tabs behind the first: axe checks only what is shown
        for tab in ("Calibration", "Weights"):
            pg.get_by_role("tab", name=tab).click()
            settle(pg)
            found += serious_violations(pg)
    pg.screenshot(path=SHOTS / f"a11y-{path or 'playground'}-{scheme}.png")
    pg.context.close()
    assert not found, "\n".join(f"{v['id']}: {node}" for v in found for node in v["nodes"])


def test_axe_is_the_pinned_version(browser, url) -> None:
    """axe-playwright-python 0.1.8 (requirements-dev.txt) ships axe-core 4.12.1: the rules these tests
    hold the pages to change with it, so a new version is a deliberate change of the pin."""
    pg = open_page(browser, url, "maths", "light")
    pg.add_script_tag(content=AXE_JS)
    version = pg.evaluate("axe.version")
    pg.context.close()
    assert version == "4.12.1", version


def test_no_formula_scrolls_with_the_sidebar_open(browser, url) -> None:
    """At 1280×720 with the sidebar open every formula on Maths fits its column: none is cut or hides
    its end in a scrolling box the keyboard cannot reach (the loss ended at "log(1+eᶻ) −")."""
    pg = open_page(browser, url, "maths", "light")
    assert pg.locator("[data-testid=stSidebar]").is_visible()
    widths = pg.evaluate(
        "[...document.querySelectorAll('[data-testid=stMain] .katex-display')]"
        ".map((e) => [e.scrollWidth, e.clientWidth, e.textContent.slice(0, 40)])"
    )
    pg.context.close()
    assert len(widths) >= 8
    assert [w for w in widths if w[0] > w[1]] == []


@pytest.mark.parametrize("path", ["?scene=unscaled", "lessons", "evaluate", "compare"])
def test_no_button_label_is_cut(browser, url, path) -> None:
    """A button says all of what it does: the advice button beside the divergence box read
    "Standardise the fea…" (Streamlit cuts a label that does not fit its column)."""
    pg = open_page(browser, url, path, "light")
    labels = pg.evaluate(
        "[...document.querySelectorAll('button [data-testid=stMarkdownContainer]')]"
        ".filter((e) => e.offsetParent !== null)"
        ".map((e) => [e.innerText, e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight])"
    )
    pg.context.close()
    if path == "?scene=unscaled":
        assert any(text == "Standardise the features" for text, *_ in labels), labels
    cut = [label for label in labels if label[1] > label[2] or label[3] > label[4]]
    assert cut == []


def test_confusion_matrix_ticks_are_the_class_names(browser, url) -> None:
    """Classes 0 and 1 read as the predicted classes, not as a number line −0.5, 0, 0.5, 1."""
    pg = open_page(browser, url, "evaluate", "light")
    pg.wait_for_function("document.querySelectorAll('[data-testid=stMain] .js-plotly-plot').length >= 5")
    ticks = pg.evaluate(
        """[...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]
        .filter((c) => /^(train|test), t = /.test(c.querySelector('.gtitle')?.textContent || ''))
        .map((c) => [[...c.querySelectorAll('.xtick text')].map((t) => t.textContent),
                     [...c.querySelectorAll('.ytick text')].map((t) => t.textContent)])"""
    )
    pg.context.close()
    assert len(ticks) == 2
    for x, y in ticks:
        assert x == ["0", "1"] and y == ["true 0", "true 1"], (x, y)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_while_drawing(browser, url, scheme) -> None:
    """Draw mode after a third class: the status held to one height, the legend's room for six classes,
    and the equation line held at its two-class height, its three score functions scrolling in it."""
    pg = open_page(browser, url, "?epoch=0", scheme)
    pg.locator(".lrp-draw").click()
    settle(pg)
    box = pg.locator(".lrp-boundary").evaluate(
        "gd => { const b = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;"
        " return {x: b.left + xa._offset, y: b.top + ya._offset, w: xa._length, h: ya._length}; }"
    )
    pg.keyboard.press("2")
    for fx in (0.03, 0.1):  # the top left corner, clear of the moons' points (a click on one removes it)
        pg.mouse.click(box["x"] + fx * box["w"], box["y"] + 0.04 * box["h"])
        pg.wait_for_timeout(150)
    pg.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').innerText.includes('2 of class 2')",
        timeout=30_000,
    )
    settle(pg)
    held = pg.locator(".lrp-eqline").evaluate("e => [e.scrollHeight > e.clientHeight + 1, e.tabIndex]")
    assert held == [True, 0], held  # the score functions scroll in the held line, which takes the focus
    found = serious_violations(pg)
    pg.screenshot(path=SHOTS / f"a11y-drawing-{scheme}.png")
    pg.context.close()
    assert not found, "\n".join(f"{v['id']}: {node}" for v in found for node in v["nodes"])
