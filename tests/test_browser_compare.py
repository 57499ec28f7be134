"""The Compare and Evaluate views in a real headless Chromium against a real `streamlit run app.py`,
at 1280×720 in the light and the dark appearance (the config defines both; the browser's colour
scheme picks one). Screenshots go to artifacts/ to be looked at."""

import pytest
from browser_support import ROOT
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
SHOTS = ROOT / "artifacts"
SCHEMES = ("light", "dark")


def open_page(browser, url: str, scheme: str, path: str) -> tuple[Page, list[str]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme=scheme)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(f"{url}/{path}")
    return pg, errors


def charts_drawn(pg: Page, count: int) -> None:
    """At least `count` Plotly charts drawn (their SVG is in the page) and no run in progress."""
    expect(pg.locator("[data-testid=stPlotlyChart] .main-svg").nth(count - 1)).to_be_attached(timeout=60_000)
    expect(pg.locator("[data-testid=stStatusWidget]")).to_be_hidden(timeout=60_000)
    pg.mouse.move(5, 700)  # no tooltip over the screenshot
    pg.wait_for_timeout(800)  # Plotly's own layout pass after the element mounts


def page_height(pg: Page) -> int:
    return pg.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")


def background(pg: Page) -> str:
    return pg.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_compare_with_the_five_optimizers(browser, url: str, scheme: str) -> None:
    pg, errors = open_page(browser, url, scheme, "compare")
    charts_drawn(pg, 2)
    # the first visit: the current run alone, a meaningful chart before any pin
    expect(pg.get_by_text("Pin this run, change the settings")).to_be_visible()
    assert page_height(pg) <= 720, page_height(pg)
    pg.screenshot(path=SHOTS / f"compare-first-{scheme}.png")
    pg.get_by_role("button", name="Every optimizer").click()
    expect(pg.get_by_role("button", name="5 · Newton (IRLS)")).to_be_visible(timeout=60_000)
    charts_drawn(pg, 2)
    legend = pg.locator("[data-testid=stPlotlyChart] .legend").first
    expect(legend).to_contain_text("Gradient descent")
    expect(legend).to_contain_text("Adam")
    expect(legend).to_contain_text("J* = 0.149518")
    assert pg.locator("[data-testid=stException]").count() == 0
    dark = background(pg) != "rgb(255, 255, 255)"
    assert dark == (scheme == "dark"), background(pg)
    pg.screenshot(path=SHOTS / f"compare-{scheme}.png")
    pg.get_by_role("tab", name="Distance to the optimum").click()
    pg.wait_for_timeout(800)
    pg.screenshot(path=SHOTS / f"compare-distance-{scheme}.png")
    assert page_height(pg) <= 720, page_height(pg)
    pg.context.close()
    assert not errors, errors


@pytest.mark.parametrize("scheme", SCHEMES)
def test_evaluate_with_the_threshold_moved(browser, url: str, scheme: str) -> None:
    pg, errors = open_page(browser, url, scheme, "evaluate")
    charts_drawn(pg, 5)
    slider = pg.get_by_role("slider", name="Threshold t")
    # 0.50 → 0.30 by the keyboard, a step of 0.01 a press; under load a rerun can take the focus
    # from the slider between two presses (seen in CI: 0.33), so it is taken back until 0.30
    for _ in range(60):
        if float(slider.input_value()) < 0.305:
            break
        slider.focus()
        pg.keyboard.press("ArrowLeft")
    expect(pg.get_by_text("From t = ½ to 0.30 on test")).to_be_visible(timeout=20_000)
    charts_drawn(pg, 5)
    expect(pg.locator("[data-testid=stPlotlyChart]", has_text="Boundary at t = 0.30")).to_be_visible()
    expect(pg.locator("[data-testid=stPlotlyChart]", has_text="test, t = 0.30")).to_be_visible()
    assert pg.locator("[data-testid=stException]").count() == 0
    pg.screenshot(path=SHOTS / f"evaluate-{scheme}.png")
    assert page_height(pg) <= 720, page_height(pg)
    pg.get_by_role("tab", name="Calibration").click()
    pg.wait_for_timeout(800)
    pg.screenshot(path=SHOTS / f"evaluate-calibration-{scheme}.png")
    pg.context.close()
    assert not errors, errors


def test_compare_four_classes_with_the_five_optimizers(browser, url: str) -> None:
    """Four blobs (softmax): the five optimizers, one J*, each run's boundaries where two classes tie,
    the page still one screen at 1280×720."""
    pg, errors = open_page(browser, url, "light", "compare?dataset=blobs&n_classes=4")
    charts_drawn(pg, 2)
    pg.get_by_role("button", name="Every optimizer").click()
    expect(pg.get_by_role("button", name="5 · Newton (IRLS)")).to_be_visible(timeout=60_000)
    charts_drawn(pg, 2)
    expect(pg.locator("[data-testid=stPlotlyChart] .legend").first).to_contain_text("J* = ")
    expect(pg.get_by_text("where its two most probable classes tie")).to_be_visible()
    expect(pg.get_by_text("Final boundaries (where two classes tie)")).to_be_attached()
    assert pg.locator("[data-testid=stException]").count() == 0
    assert page_height(pg) <= 720, page_height(pg)
    pg.screenshot(path=SHOTS / "compare-four-classes.png")
    pg.context.close()
    assert not errors, errors
