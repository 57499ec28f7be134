"""What the K-class review found in a real Chromium against a real `streamlit run`: a K-class page at
1280×720 keeps its one-line title and fits without scrolling (a 3-class upload with hostile labels
too), and the One-vs-rest maps of iris's long frame are tall enough to read."""

import numpy as np
import pytest
from browser_support import SHOTS, settled, visit
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

LABELS = ("<b>x</b>", "[a](http://x)", "=cmd()")


def three_class_csv() -> bytes:
    rng = np.random.default_rng(0)
    rows = []
    for i in range(150):
        k = i % 3
        c = 3 * np.array([np.cos(2 * np.pi * k / 3), np.sin(2 * np.pi * k / 3)]) + rng.normal(size=2)
        rows.append(f'{c[0]:.3f},{c[1]:.3f},"{LABELS[k]}"')
    return ("a,b,label\n" + "\n".join(rows) + "\n").encode()


def title_lines(pg) -> float:
    """The Playground title's height in lines of its own text."""
    title = pg.locator("[data-testid=stMain] [data-testid=stMarkdown]").first
    script = "el => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)"
    return pg.evaluate(script, title.locator("p").first.element_handle())


def test_a_k_class_playground_keeps_one_title_line_and_fits_1280x720(browser: Browser, url: str) -> None:
    with visit(browser, url + "/?dataset=blobs&n_classes=4&epoch=0") as pg:
        expect(pg.locator("[data-testid=stMain]")).to_contain_text("learn 4 classes (Space: play or pause)")
        assert title_lines(pg) < 1.5
        assert pg.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight") <= 720
        pg.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
            files=[{"name": "three.csv", "mimeType": "text/csv", "buffer": three_class_csv()}]
        )
        expect(pg.get_by_text("Using your file")).to_be_visible(timeout=30_000)
        settled(pg)
        expect(pg.locator("[data-testid=stMain]")).to_contain_text("learn 3 classes (Space: play or pause)")
        assert title_lines(pg) < 1.5  # "learn the boundaries" wrapped to two lines here
        assert pg.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight") <= 720
        pg.screenshot(path=SHOTS / "review-k-class-upload-fits.png")


def test_one_vs_rest_maps_of_iris_are_tall_enough_to_read(browser: Browser, url: str) -> None:
    with visit(browser, url + "/?dataset=iris3&degree=1&epoch=100") as pg:
        pg.get_by_role("link", name="One-vs-rest").click()
        maps = pg.locator("[data-testid=stMain] .js-plotly-plot")
        expect(maps).to_have_count(2, timeout=30_000)
        settled(pg)
        for i in range(2):  # the plotting area, not the figure: one unit on both axes left 80 px of it
            height = maps.nth(i).locator(".nsewdrag").first.bounding_box()["height"]
            assert height > 250, height
        pg.screenshot(path=SHOTS / "review-iris3-one-vs-rest.png")
