"""The player with three to six classes, in a real headless Chromium against a real `streamlit run`.

Softmax regression's field, boundaries, points, hover and score functions are drawn by the browser
(playground/ui/player_*.js), so they are tested here, where they run: the field's PNG against the
probabilities lr computes for the same run (an independent oracle), the boundaries' SVG by its
pairs of classes, and the two-class player against the sigmoid model exactly as before.
"""

import base64
import io
import math
import re
import urllib.parse
from collections.abc import Iterator

import numpy as np
import pytest
from browser_support import SHOTS, epoch, settled, visit, wait_until
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from playground import palette
from playground.experiment import run_experiment
from playground.payload import plot_bounds
from playground.settings import Settings

pytestmark = pytest.mark.browser

GRID = 100  # the player's field nodes per axis (player_charts.js: GRID)
BLOBS4 = "/?dataset=blobs&n_classes=4"


@pytest.fixture
def blobs4(browser: Browser, url: str) -> Iterator[Page]:
    """Four blobs, opened by a link at the run's last epoch."""
    with visit(browser, url + BLOBS4 + "&epoch=500") as pg:
        wait_until(lambda: epoch(pg) == 500, "epoch 500")
        yield pg


def boundary(pg: Page, script: str):
    return pg.locator(".lrp-boundary").evaluate(script)


def field_pixels(pg: Page) -> np.ndarray:
    """The field's layout image (a GRID × GRID PNG data URL) as RGB, row 0 = largest x2."""
    source = boundary(pg, "gd => gd.layout.images[0].source")
    data = base64.b64decode(source.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=int)


def lines_svg(pg: Page) -> str:
    return urllib.parse.unquote(boundary(pg, "gd => gd.layout.images[1].source"))


def background(pg: Page) -> np.ndarray:
    paper = boundary(pg, "gd => gd._fullLayout.paper_bgcolor")
    return np.array([int(v) for v in re.findall(r"[\d.]+", paper)[:3]])


def legend_names(pg: Page) -> list[str]:
    return pg.locator(".lrp-boundary .legend .legendtext").all_text_contents()


def expected_field(settings: Settings, at_epoch: int, bg: np.ndarray) -> np.ndarray:
    """The field's pixels as the player should paint them, from lr's own probabilities: the most
    probable class's colour over the background, tinted by 0.5·t^0.85 where t = (p_max − 1/K)/(1 − 1/K)
    in 256 steps (two classes: t = |2p − 1|, the class of p ≥ ½); row 0 = largest x2."""
    exp = run_experiment(settings)
    x1min, x1max, x2min, x2max = plot_bounds(np.vstack([exp.X_train, exp.X_test]))
    g1, g2 = np.meshgrid(np.linspace(x1min, x1max, GRID), np.linspace(x2max, x2min, GRID))
    P = exp.probabilities(np.column_stack([g1.ravel(), g2.ravel()]), at_epoch)
    K = P.shape[1]
    colours = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in palette.CLASS_COLORS])
    if K == 2:
        step = np.minimum(255, np.floor(P[:, 1] * 256))
        p = (step + 0.5) / 256
        cls = (p >= 0.5).astype(int)
        t = np.abs(2 * p - 1)
    else:
        cls = P.argmax(axis=1)
        step = np.clip(np.floor((P.max(axis=1) - 1 / K) * 256 / (1 - 1 / K)), 0, 255)
        t = (step + 0.5) / 256
    a = (0.5 * t**0.85)[:, None]
    rgb = np.floor(bg * (1 - a) + colours[cls] * a + 0.5)
    return rgb.reshape(GRID, GRID, 3).astype(int)


def assert_field_is(pg: Page, settings: Settings, at_epoch: int) -> None:
    shown = field_pixels(pg)
    want = expected_field(settings, at_epoch, background(pg))
    off = np.abs(shown - want).max(axis=2) > 1
    # a node within float rounding of a step's edge may land one step over: a handful at most
    assert off.mean() < 0.005, f"{off.sum()} of {GRID * GRID} field pixels differ from lr's probabilities"


def test_four_blobs_show_four_class_colours_shaded_by_probability(blobs4: Page) -> None:
    page = blobs4
    assert_field_is(page, Settings(dataset="blobs", n_classes=4), 500)
    pixels = field_pixels(page).reshape(-1, 3)
    bg = background(page)
    colours = [np.array([int(c[i : i + 2], 16) for i in (1, 3, 5)]) for c in palette.CLASS_COLORS[:4]]
    # each class's colour at full tint (deep in its blob) somewhere in the field
    for k, c in enumerate(colours):
        full = np.floor(bg * 0.5 + c * 0.5 + 0.5)
        assert (np.abs(pixels - full).max(axis=1) <= 3).sum() > 50, f"class {k}'s colour is missing"
    assert len({tuple(p) for p in pixels}) > 100  # shaded by p_max, not four flat tints
    assert legend_names(page)[:4] == ["0", "1", "2", "3"]
    page.screenshot(path=SHOTS / "playground-blobs4.png")


def test_four_blobs_show_their_boundaries_where_two_classes_tie(blobs4: Page) -> None:
    svg = lines_svg(blobs4)
    pairs = re.findall(r"data-pair='(\d)-(\d)' d='([^']*)'", svg)
    assert len(pairs) >= 3, svg[:300]
    for a, b, d in pairs:
        assert int(a) < int(b) < 4
        assert d.count("M") >= 10  # a line across cells, not a speck
    assert svg.count("<path") == 2 * len(pairs)  # a halo under each line
    assert "boundaries" in legend_names(blobs4)


def test_discretized_four_blobs_are_four_flat_tints(blobs4: Page) -> None:
    page = blobs4
    before = field_pixels(page)
    page.get_by_text("Discretize").click()
    wait_until(lambda: not np.array_equal(field_pixels(page), before), "the discretized field")
    assert len({tuple(p) for p in field_pixels(page).reshape(-1, 3)}) == 4


def test_hover_lists_every_class_probability(blobs4: Page) -> None:
    page = blobs4
    wait_until(lambda: boundary(page, "gd => Array.isArray(gd.data[1].customdata)"), "the hover values")
    box = page.locator(".lrp-boundary").bounding_box()
    x, y = boundary(
        page,
        "gd => { const fl = gd._fullLayout, t = gd.data[1];"
        " return [fl.xaxis._offset + fl.xaxis.c2p(t.x[0]), fl.yaxis._offset + fl.yaxis.c2p(t.y[0])]; }",
    )
    page.mouse.move(box["x"] + x, box["y"] + y)
    label = page.locator(".lrp-boundary .hoverlayer")
    expect(label).to_contain_text("p(3) = ")
    text = label.text_content()
    values = [float(v) for v in re.findall(r"p\(\d\) = ([\d.]+)", text)]
    assert len(values) == 4 and math.isclose(sum(values), 1, abs_tol=0.003), text
    area = page.locator(".lrp-boundary .nsewdrag").first.bounding_box()
    page.mouse.move(area["x"] + 4, area["y"] + 4)  # the top-left corner: the field
    expect(label).to_contain_text("field")
    text = label.text_content()
    assert [k for k in "0123" if f"p({k}) = " in text] == list("0123"), text


def test_the_score_functions_show_above_the_chart_as_a_table(blobs4: Page) -> None:
    page = blobs4
    expect(page.locator(".lrp-eqlabel")).to_have_text("Class scores, p = softmax(z):")
    table = page.locator(".lrp-eq table.lrp-ztable-wide")
    # four lines of ten terms would wrap: a row per class, a column per feature and the constant
    header = table.locator("tr").first.locator("th").all_text_contents()
    assert header == ["", "x1", "x2", "x1²", "x1·x2", "x2²", "x1³", "x1²·x2", "x1·x2²", "x2³", "1"]
    rows = table.locator("tr").all()[1:]
    assert [r.locator("th").text_content() for r in rows] == ["z₀", "z₁", "z₂", "z₃"]
    assert rows[3].locator("td").last.text_content() == "0.764"  # z₃'s constant at epoch 500, as lr has it
    # the charts keep their room at 1280×720: the label's line and five rows
    assert (
        page.locator(".lrp-eqline").evaluate("e => e.scrollHeight") <= 18 + 5 * 17 + 4
    )  # + the subscripts' room
    assert page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight") <= 720


def test_a_wide_score_table_says_it_scrolls_and_scrolls_by_keyboard(browser: Browser, url: str) -> None:
    # degree 6: 28 columns do not fit 1280 px; every feature's weight must still be reachable
    with visit(browser, url + "/?dataset=spiral&n_classes=6&degree=6&epoch=100") as page:
        expect(page.locator(".lrp-eqlabel")).to_have_text(
            "Class scores, p = softmax(z): (scroll the table sideways for every feature)"
        )
        table = page.locator(".lrp-eq table.lrp-ztable-wide")
        assert table.evaluate("t => t.scrollWidth > t.clientWidth && t.tabIndex === 0")
        assert table.get_attribute("aria-label")
        table.focus()
        for _ in range(8):
            page.keyboard.press("ArrowRight")
        wait_until(lambda: table.evaluate("t => t.scrollLeft") > 0, "the table scrolled sideways")
        assert epoch(page) == 100  # the arrows scrolled the table, not the run


def test_iris_species_names_leave_the_axis_title_clear_of_its_ticks(browser: Browser, url: str) -> None:
    # three long class names fill the legend's first row: the legend takes a third row below the
    # x axis, not the room of its title, which sat on the tick labels
    with visit(browser, url + "/?dataset=iris3&degree=1&epoch=100") as page:
        boxes = boundary(
            page,
            """gd => {
              const box = (e) => e.getBoundingClientRect();
              const ticks = [...gd.querySelectorAll('.xtick text')].map(box).filter(b => b.height > 0);
              const title = box(gd.querySelector('.g-xtitle text'));
              const legend = box(gd.querySelector('.legend'));
              return {tick: Math.max(...ticks.map(b => b.bottom)), top: title.top, bottom: title.bottom,
                      legend: legend.top};
            }""",
        )
        assert boxes["legend"] >= boxes["bottom"] - 1, boxes  # the legend below the title
        assert (boxes["top"] + boxes["bottom"]) / 2 > boxes["tick"], boxes  # the title below the ticks


def test_few_features_show_each_score_function_on_a_line(browser: Browser, url: str) -> None:
    with visit(browser, url + "/?dataset=blobs&n_classes=3&degree=1&epoch=300") as page:
        scores = page.locator(".lrp-eq .lrp-z")
        expect(scores).to_have_count(3)
        texts = scores.all_text_contents()
        assert [t[:5] for t in texts] == ["z₀ = ", "z₁ = ", "z₂ = "]
        assert all("·x1" in t and "·x2" in t for t in texts)
        colours = scores.locator(".lrp-zswatch").evaluate_all("s => s.map(e => getComputedStyle(e).color)")
        assert colours == ["rgb(0, 114, 178)", "rgb(230, 159, 0)", "rgb(0, 158, 115)"]


def test_a_phone_shows_the_score_functions_as_a_table(browser: Browser, url: str) -> None:
    with visit(browser, url + BLOBS4 + "&epoch=500", viewport={"width": 390, "height": 844}) as page:
        table = page.locator(".lrp-eq table.lrp-ztable")
        expect(table).to_be_visible()
        assert table.locator("tr").first.locator("th").all_text_contents() == ["", "z₀", "z₁", "z₂", "z₃"]
        assert table.locator("tr").count() == 1 + 9 + 1  # the header, degree 3's features, the constant
        assert page.locator(".lrp-eqline").evaluate("e => e.scrollWidth <= e.clientWidth")


def test_a_link_with_n_classes_reproduces_the_view(browser: Browser, url: str) -> None:
    with visit(browser, url + BLOBS4 + "&epoch=120") as page:
        wait_until(lambda: epoch(page) == 120, "epoch 120")
        settled(page)
        page.locator(".lrp-step").click()
        address = lambda: page.evaluate("location.href")  # noqa: E731 (page.url is only read between calls)
        wait_until(lambda: "epoch=121" in address(), "the link at epoch 121")
        settled(page)
        link = address()
        field, eq = field_pixels(page), page.locator(".lrp-eq").text_content()
    assert "n_classes=4" in link and "dataset=blobs" in link
    with visit(browser, link) as again:
        wait_until(lambda: epoch(again) == 121, "epoch 121 after reload")
        assert np.array_equal(field_pixels(again), field)
        assert again.locator(".lrp-eq").text_content() == eq
        assert legend_names(again)[:5] == ["0", "1", "2", "3", "train"]
        assert_field_is(again, Settings(dataset="blobs", n_classes=4), 121)


def test_two_classes_look_as_before(browser: Browser, url: str) -> None:
    with visit(browser, url + "/?epoch=500") as page:
        wait_until(lambda: epoch(page) == 500, "epoch 500")
        assert_field_is(page, Settings(), 500)  # p = σ(z), two tints split at ½, as ever
        svg = lines_svg(page)
        assert svg.count("<path") == 2 and "data-pair" not in svg  # one p = 0.5 line and its halo
        assert legend_names(page) == ["0", "1", "train", "test", "misclassified", "p = 0.5"]
        assert boundary(page, "gd => gd.data.length") == 11
        expect(page.locator(".lrp-eqlabel")).to_have_text("Boundary p = 0.5:")
        expect(page.locator(".lrp-eq")).to_have_text(re.compile(r"^−1\.46·x1 − 3\.67·x2 .* = 0$"))
