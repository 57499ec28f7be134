"""The learning views (Update, Landscape) in a real headless Chromium at 1280×720, light and dark.

Each page must fit the screen with the sidebar open, draw its charts without a page error, and
follow the system's appearance (Streamlit's config defines [theme.light] and [theme.dark]; the
browser's prefers-color-scheme picks one). Screenshots land in artifacts/views-*.png.
"""

import time
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import ROOT, wait_until
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser
SHOTS = ROOT / "artifacts"
VIEWPORT = {"width": 1280, "height": 720}


def open_page(browser: Browser, url: str, path: str, scheme: str, charts: int = 1) -> tuple[Page, list[str]]:
    ctx = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(f"{url}/{path}")
    wait_charts(pg, charts)
    return pg, errors


def wait_charts(pg: Page, charts: int) -> None:
    pg.wait_for_function(
        f"document.querySelectorAll('[data-testid=stMain] .js-plotly-plot .main-svg').length >= {charts}",
        timeout=60_000,
    )
    settle(pg)


def settle(pg: Page, timeout: float = 30) -> None:
    """Until the script has finished its run (Streamlit's running indicator is gone) and a moment more."""
    deadline = time.monotonic() + timeout
    while pg.locator("[data-testid=stStatusWidget]").count() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # Plotly's last relayout


def background_luminance(pg: Page) -> float:
    rgb = pg.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
        ".match(/\\d+/g).slice(0, 3).map(Number)"
    )
    return sum(rgb) / (3 * 255)


def check_fits(pg: Page, errors: list[str], name: str) -> None:
    assert pg.locator("[data-testid=stException]").count() == 0
    assert pg.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight") <= VIEWPORT["height"]
    pg.screenshot(path=SHOTS / f"views-{name}.png")
    assert not errors, errors


def chart_title(pg: Page, index: int = 0) -> str:
    chart = pg.locator("[data-testid=stMain] .js-plotly-plot").nth(index)
    return chart.locator(".gtitle").text_content() or ""  # SVG text: no innerText


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("name", "path", "charts"),
    [
        ("update", "update", 1),
        ("update-sgd", "update?optimizer=sgd", 2),
        ("update-adam-l1", "update?optimizer=adam&penalty=l1&alpha=0.01&learning_rate=0.1", 1),
        ("landscape", "landscape", 1),
        ("landscape-degree6", "landscape?degree=6&n_samples=5000", 1),
    ],
)
def test_each_view_fits_the_screen_in_both_appearances(browser, url, name, path, charts, scheme) -> None:
    pg, errors = open_page(browser, url, path, scheme, charts)
    luminance = background_luminance(pg)
    assert luminance < 0.3 if scheme == "dark" else luminance > 0.7
    check_fits(pg, errors, f"{name}-{scheme}")
    pg.context.close()


@pytest.mark.parametrize(
    ("name", "path", "scheme"),
    [
        ("landscape-gd-zigzag", "landscape?degree=1&standardize=false&learning_rate=20", "light"),
        (
            "landscape-momentum",
            "landscape?dataset=linear&degree=1&optimizer=momentum&learning_rate=5",
            "dark",
        ),
        ("landscape-newton", "landscape?scene=newton", "light"),
    ],
)
def test_the_lessons_paths(browser, url, name, path, scheme) -> None:
    """GD's zigzag on unscaled features, momentum's overshoot, Newton's few long steps: screenshots."""
    pg, errors = open_page(browser, url, path, scheme)
    check_fits(pg, errors, name)
    assert "lies on this surface" in chart_title(pg)
    pg.context.close()


def test_the_epoch_slider_moves_both_views(browser, url) -> None:
    for path, start in (("landscape", "only epoch 500"), ("update", None)):
        pg, errors = open_page(browser, url, path, "light")
        if start is not None:
            assert start in chart_title(pg)
        pg.locator("[data-testid=stMain] input[type=range]").first.focus()
        pg.keyboard.press("Home")  # epoch 0
        settle(pg)
        if path == "landscape":
            assert "only epoch 0 lies on this surface" in chart_title(pg)
        else:
            cell = pg.locator("[data-testid=stMain] [data-testid=stDataFrame]")
            assert cell.count() == 1
            assert "θ_t" in pg.locator("[data-testid=stMain]").inner_text()
        pg.keyboard.press("End")  # the last epoch: Update says there is no next step
        settle(pg)
        if path == "update":
            assert "is the run's last: no next step" in pg.locator("[data-testid=stMain]").inner_text()
        check_fits(pg, errors, f"{path}-slider")
        pg.context.close()


def epoch_shown(pg: Page) -> int:
    """The value of the page's Epoch slider (the first slider of the main area)."""
    return int(pg.locator("[data-testid=stMain] input[type=range]").first.input_value())


def address_epoch(pg: Page) -> str | None:
    query = parse_qs(urlparse(pg.evaluate("location.href")).query)  # as the address bar shows it
    return query.get("epoch", [None])[-1]


@pytest.mark.parametrize(("path", "epoch"), [("landscape", 20), ("update", 20), ("evaluate", 3)])
def test_a_link_opens_each_view_at_its_epoch_and_the_address_keeps_it(browser, url, path, epoch) -> None:
    """A link copied from the address bar, opened in a fresh session, shows the same epoch."""
    pg, errors = open_page(browser, url, f"{path}?epoch={epoch}", "light")
    assert epoch_shown(pg) == epoch
    assert address_epoch(pg) == str(epoch)
    if path == "landscape":
        assert f"only epoch {epoch} lies on this surface" in chart_title(pg)
    pg.locator("[data-testid=stMain] input[type=range]").first.focus()
    pg.keyboard.press("ArrowRight")  # the page's own slider: the address follows it
    wait_until(lambda: address_epoch(pg) == str(epoch + 1), "the address follows the slider", timeout=30)
    copied = pg.evaluate("location.href")
    assert not errors, errors
    pg.context.close()
    fresh, errors = open_page(browser, url, copied.removeprefix(url + "/"), "light")
    assert epoch_shown(fresh) == epoch + 1 and address_epoch(fresh) == str(epoch + 1)
    fresh.screenshot(path=SHOTS / f"views-link-{path}.png")
    assert not errors, errors
    fresh.context.close()
