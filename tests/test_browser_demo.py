"""Made for the demo, in a real headless Chromium against a real `streamlit run app.py`: drawing your
own points, the keyboard from anywhere on the page, presentation mode at 1280×720, the playback
clock, a run whose weights need float64, and what a shared screen must be able to read.

Screenshots go to artifacts/ (light and dark: the app follows the system's appearance).
"""

import itertools
import time
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import SHOTS, VIEWPORT, epoch, open_player, root_attr, settled, wait_until
from playwright.sync_api import Browser, Page, expect

from playground import drawing
from playground.experiment import run_experiment
from playground.payload import build_payload
from playground.player_files import player_files
from playground.settings import Settings
from playground.ui import plotly_js

pytestmark = pytest.mark.browser


def shown_points(pg: Page) -> list[list[float]]:
    """The points the boundary chart shows: [x1, x2, class] each."""
    return pg.locator(".lrp-boundary").evaluate(
        "gd => gd.data.slice(1, 5).flatMap((t, k) => t.x.map((x, i) => [x, t.y[i], k & 1]))"
    )


def plot_box(pg: Page) -> dict:
    """The boundary's plot area on the page, measured now (the drawing tools move it)."""
    return pg.locator(".lrp-boundary").evaluate(
        "gd => { const b = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;"
        " return {x: b.left + xa._offset, y: b.top + ya._offset, w: xa._length, h: ya._length}; }"
    )


def click_at(pg: Page, fx: float, fy: float) -> None:
    box = plot_box(pg)
    pg.mouse.click(box["x"] + fx * box["w"], box["y"] + fy * box["h"])


def pick_class(pg: Page, k: int) -> None:
    pg.locator(f".lrp-cls[data-cls='{k}']").click()


def start_empty(pg: Page) -> None:
    """Draw mode on an empty chart, its (canvas) rerun done."""
    pg.locator(".lrp-draw").click()
    wait_until(lambda: root_attr(pg, "drawing") == "true", "draw mode")
    pg.locator(".lrp-clear").click()
    expect(pg.get_by_text("Add at least 2 points of each class")).to_be_visible(timeout=20_000)
    settled(pg)
    wait_until(lambda: not shown_points(pg), "an empty chart")


def test_drawing_adds_removes_undoes_and_clears(page: Page) -> None:
    n0 = len(shown_points(page))
    page.locator(".lrp-draw").click()
    expect(page.locator(".lrp-drawbar")).to_be_visible()
    assert page.locator(".lrp-draw").get_attribute("aria-pressed") == "true"
    assert len(shown_points(page)) == n0  # drawing starts from the points on the chart
    pick_class(page, 1)
    (x0, x1), (y0, y1) = page.locator(".lrp-boundary").evaluate(
        "gd => [gd._fullLayout.xaxis.range, gd._fullLayout.yaxis.range]"
    )

    def in_corner() -> list:  # the top-left tenth of the chart, where no moons point lies
        return [p for p in shown_points(page) if p[0] < x0 + 0.1 * (x1 - x0) and p[1] > y1 - 0.1 * (y1 - y0)]

    assert not in_corner()
    click_at(page, 0.05, 0.05)
    wait_until(lambda: len(shown_points(page)) == n0 + 1, "the point added")
    assert [p[2] for p in in_corner()] == [1]  # where it was clicked, of the class picked
    settled(page)
    wait_until(
        lambda: "Using your drawing" in page.locator("[data-testid=stSidebar]").inner_text(),
        "the drawing used",
    )
    assert len(shown_points(page)) == n0 + 1  # the retrained run has the new point
    click_at(page, 0.05, 0.05)  # the same place: the point is removed
    wait_until(lambda: len(shown_points(page)) == n0, "the point removed")
    page.locator(".lrp-undo").click()
    wait_until(lambda: len(shown_points(page)) == n0 + 1, "the removal undone")
    page.locator(".lrp-clear").click()
    wait_until(lambda: not shown_points(page), "an empty chart")
    page.locator(".lrp-undo").click()  # a clear is undone too
    wait_until(lambda: len(shown_points(page)) == n0 + 1, "the clear undone")
    settled(page)
    assert page.locator("[data-testid=stException]").count() == 0


def test_a_burst_of_clicks_is_one_retrain_and_the_link_carries_the_drawing(
    browser: Browser, page: Page
) -> None:
    start_empty(page)
    page.screenshot(path=SHOTS / "drawing-empty.png")
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _: sent.append(time.monotonic())))
    page.reload()  # a websocket this test listens to, the session (and its empty drawing) kept
    page.locator(".lrp-boundary.js-plotly-plot").wait_for(timeout=60_000)
    settled(page)
    if root_attr(page, "drawing") != "true":  # a drawing short of points opens in draw mode
        page.locator(".lrp-draw").click()
    wait_until(lambda: root_attr(page, "drawing") == "true", "draw mode")
    time.sleep(0.5)
    before = len(sent)
    box = plot_box(page)
    spots = {0: [(0.15, 0.2), (0.25, 0.15), (0.2, 0.3)], 1: [(0.8, 0.75), (0.7, 0.85), (0.85, 0.85)]}
    pick = {k: f"r => r.querySelector(\".lrp-cls[data-cls='{k}']\").click()" for k in spots}
    clicks = []
    for k, where in spots.items():
        page.locator(".lrp-root").evaluate(pick[k])
        for fx, fy in where:
            page.mouse.click(box["x"] + fx * box["w"], box["y"] + fy * box["h"])
            clicks.append(time.monotonic())
    t0, burst = clicks[0], clicks[-1] - clicks[0]
    gaps = [b - a for a, b in itertools.pairwise(clicks)]
    assert max(gaps) < 0.4, f"not a burst: {gaps}"  # each click within the debounce of the last
    wait_until(lambda: len(shown_points(page)) == 6, "six points shown at once")
    expect(page.locator(".lrp-of")).to_have_text(" / 500", timeout=20_000)  # a run again
    settled(page)
    during = [t for t in sent[before:] if t < t0 + burst + 0.35]
    assert len(during) <= 1  # nothing was sent while clicking (at most the last click's report)
    assert len(sent) - before == 1, "one report, one rerun, after the burst"
    query = parse_qs(urlparse(page.url).query)
    carried = drawing.decode(query["drawn"][0])
    assert carried.n == 6 and carried.counts() == (3, 3)
    assert query["test_size"] == ["0"]  # every drawn point trains
    page.screenshot(path=SHOTS / "drawing-trained.png")

    errors: list[str] = []
    other = open_player(browser, page.url, errors)  # the link, in another browser
    try:
        expect(other.locator("[data-testid=stSidebar]")).to_contain_text("Using your drawing: 6 points")
        wait_until(lambda: len(shown_points(other)) == 6, "the drawing from the link")
        assert sorted(map(tuple, shown_points(other))) == sorted(map(tuple, shown_points(page)))
    finally:
        other.context.close()
    assert not errors, errors


def test_keyboard_works_anywhere_on_the_page_but_in_a_control(page: Page) -> None:
    page.get_by_text("Logistic Regression Playground").click()  # the title: the player has no focus
    assert page.evaluate("document.activeElement.tagName") in ("BODY", "MAIN")  # the page's main area
    page.keyboard.press("ArrowRight")
    wait_until(lambda: epoch(page) == 1, "→ steps")
    page.keyboard.press("End")
    wait_until(lambda: epoch(page) == 500, "End jumps to the last epoch")
    page.keyboard.press("Home")
    wait_until(lambda: epoch(page) == 0, "Home goes back to epoch 0")
    page.keyboard.press("Space")
    wait_until(lambda: root_attr(page, "playing") == "true", "Space plays")
    expect(page.locator(".lrp-play")).to_have_attribute("aria-label", "Pause")
    time.sleep(1.2)
    page.keyboard.press("Space")
    wait_until(lambda: root_attr(page, "playing") == "false", "Space pauses")
    expect(page.locator(".lrp-play")).to_have_attribute("aria-label", "Play")
    shown = epoch(page)
    assert page.locator(".lrp-sr").text_content().startswith(f"Epoch {shown} of 500: train loss")
    assert page.locator(".lrp-sr").get_attribute("aria-live") == "polite"
    assert page.locator(".lrp-scrub").get_attribute("aria-valuetext") == f"epoch {shown} of 500"
    settled(page)
    # in a Streamlit control the keys are the control's own
    seed = page.get_by_role("spinbutton", name="Seed")
    seed.focus()
    for key in ("ArrowRight", "Space", "Home"):
        page.keyboard.press(key)
    time.sleep(0.5)
    assert epoch(page) == shown and root_attr(page, "playing") == "false"
    page.get_by_role("slider", name="Noise").focus()
    page.keyboard.press("Space")
    time.sleep(0.5)
    assert root_attr(page, "playing") == "false"


def test_the_first_epochs_take_time_and_slower_speeds_slow_them(page: Page) -> None:
    """1× plays the default 500 epochs in 10 s, the first 20 in about 2.5 s (they used to take 0.3 s)."""
    timing = """(root) => new Promise((done) => {
      const t0 = performance.now();
      const poll = () =>
        Number(root.dataset.epoch) >= 20 ? done(performance.now() - t0) : requestAnimationFrame(poll);
      root.querySelector('.lrp-play').click();
      requestAnimationFrame(poll);
    })"""
    ms = page.locator(".lrp-root").evaluate(timing)
    assert 1800 < ms < 4000, ms
    page.locator(".lrp-reset").click()
    wait_until(lambda: epoch(page) == 0 and root_attr(page, "playing") == "false", "reset")
    expect(page.locator(".lrp-speed option[value='0.25']")).to_have_text("¼× · 40 s")
    page.locator(".lrp-speed").select_option("0.25")
    page.locator(".lrp-play").click()
    time.sleep(2.0)
    assert epoch(page) <= 1  # at ¼×, the first step alone takes about 2.8 s
    assert root_attr(page, "playing") == "true"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_presentation_mode_at_1280x720(browser: Browser, url: str, scheme: str) -> None:
    errors: list[str] = []
    pg = open_player(browser, url + "/?present=true&scene=circles&epoch=379", errors, color_scheme=scheme)
    try:
        expect(pg.locator("[data-testid=stSidebar]")).to_be_hidden()
        expect(pg.locator("[data-testid=stTopNav]").first).to_be_visible()  # the pages, in the top bar
        title = pg.locator("[data-testid=stMain] h5").first
        expect(title).to_have_text(
            "x1² + x2² is a circle: with squared features the boundary closes into a ring."
        )
        assert pg.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight") <= 720
        pg.wait_for_timeout(500)
        pg.screenshot(path=SHOTS / f"presentation-{scheme}.png")
        sizes = pg.locator(".lrp-root").evaluate(
            """root => {
              const px = (e) => parseFloat(getComputedStyle(e).fontSize);
              const shown = (e) => (e.getBBox ? e.getBBox().width > 0 : e.offsetWidth > 0);
              const of = (sel) => [...root.querySelectorAll(sel)].filter(shown).map(px);
              return {ticks: of('.xtick text, .ytick text, .y2tick text'),
                      titles: of('.g-xtitle text, .g-ytitle text, .g-y2title text'),
                      legends: of('.legendtext'), metricLabels: of('.lrp-mlabel'),
                      metricValues: of('.lrp-mvalue'),
                      controls: of('.lrp-btn, .lrp-speed, .lrp-scrublabel, .lrp-eq')};
            }"""
        )
        for what, found in sizes.items():
            assert found, what
            assert min(found) >= 16, (what, found)  # legible on a shared screen
        assert min(sizes["metricValues"]) >= 28
        # the keyboard, without a click in the player
        pg.keyboard.press("Home")
        wait_until(lambda: epoch(pg) == 0, "Home")
        pg.keyboard.press("Space")
        wait_until(lambda: root_attr(pg, "playing") == "true", "Space plays")
        pg.keyboard.press("Space")
        wait_until(lambda: root_attr(pg, "playing") == "false", "Space pauses")
        # and back: the toggle stays on the page
        pg.get_by_text("Present", exact=True).click()
        expect(pg.locator("[data-testid=stSidebar]")).to_be_visible(timeout=20_000)
        assert "present" not in parse_qs(urlparse(pg.url).query)
    finally:
        pg.context.close()
    assert not errors, errors


def test_a_shared_screen_can_read_everything(page: Page) -> None:
    page.keyboard.press("End")  # a trained boundary: the whole cubic equation
    wait_until(lambda: epoch(page) == 500, "the last epoch")
    sizes = page.locator(".lrp-root").evaluate(
        """root => {
          const px = (sel) =>
            [...root.querySelectorAll(sel)].map((e) => parseFloat(getComputedStyle(e).fontSize));
          return {ticks: px('.xtick text, .ytick text'), legends: px('.legendtext')};
        }"""
    )
    assert min(sizes["ticks"]) >= 12 and min(sizes["legends"]) >= 13
    # the cubic boundary's equation is whole: on two lines, not cut with an ellipsis
    eq = page.locator(".lrp-eqline")
    text = page.locator(".lrp-eq").text_content()
    assert "x2³" in text and text.endswith("= 0")
    box = eq.evaluate("e => [e.scrollHeight, e.clientHeight, parseFloat(getComputedStyle(e).lineHeight)]")
    assert box[0] <= box[1] + 1 and box[1] >= 2 * box[2] - 1
    assert eq.evaluate("e => getComputedStyle(e).textOverflow") != "ellipsis"
    # the sidebar's labels show whole
    for label in ("Discretize", "Log loss axis", "Present"):
        node = page.get_by_text(label, exact=True).first
        assert node.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), label


def test_a_run_beyond_float32_is_drawn_from_float64(browser: Browser, url: str) -> None:
    """Coordinates near 1e7 (an upload admits 1e15), degree 6, not standardised: the one recorded
    step puts weights near 4e42, which float32 would have turned into infinities."""
    errors: list[str] = []
    pg = open_player(browser, url + "/?degree=6&standardize=false&epoch=1", errors)
    try:
        rows = "\n".join(f"{(i % 7 - 3) * 1e7:.0f},{((i * 3) % 5 - 2) * 1e7:.0f},{i % 2}" for i in range(40))
        pg.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
            files=[{"name": "huge.csv", "mimeType": "text/csv", "buffer": f"x1,x2,label\n{rows}\n".encode()}]
        )
        expect(pg.get_by_text("Using your file huge.csv")).to_be_visible(timeout=20_000)
        settled(pg)
        expect(pg.locator(".lrp-badge")).to_have_text("diverged", timeout=20_000)
        pg.keyboard.press("End")
        wait_until(lambda: epoch(pg) == 1, "the last epoch")
        eq = pg.locator(".lrp-eq").text_content()
        assert "—" not in eq and "Infinity" not in eq and "NaN" not in eq, eq
        assert "e4" in eq, eq  # weights of the order of 1e40, shown as numbers
        assert pg.locator(".lrp-boundary").evaluate(
            "gd => gd.layout.images[0].source.startsWith('data:image/png')"
        )
    finally:
        pg.context.close()
    assert not errors, errors


def test_the_player_runs_without_streamlit_and_keys_go_to_the_player_last_used(
    browser: Browser, url: str
) -> None:
    """The module's default export, called as an exported page would call it ({data, key,
    parentElement, setStateValue}, no setTriggerValue): two players on one page, each works; keys
    pressed outside both go to the one last clicked; with nobody to retrain, no Draw button."""
    payload = build_payload(run_experiment(Settings()))
    payload.update(start_epoch=0, plotly={"url": f"{url}/app/static/{plotly_js.file_name()}"})
    files = player_files()
    js, html, css = files.js, files.html, files.css
    errors: list[str] = []
    pg = browser.new_context(viewport=VIEWPORT).new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        pg.goto(f"{url}/app/static/{plotly_js.file_name()}")  # any page of the same origin
        pg.set_content("<!doctype html><body style='margin:0'></body>")
        pg.evaluate(
            """async ([js, html, css, data]) => {
              const module = await import(URL.createObjectURL(new Blob([js], {type: 'text/javascript'})));
              window.__reports = [];
              for (const key of ['a', 'b']) {
                const host = document.createElement('div');
                host.style.height = '400px';
                document.body.appendChild(host);
                const shadow = host.attachShadow({mode: 'open'});
                shadow.innerHTML = `<style>${css}</style><div>${html}</div>`;
                // as the app sends it: the run's JSON text, and the view over it
                module.default({data: {run: JSON.stringify(data), view: {}}, key, parentElement: shadow,
                                setStateValue: (name, value) => window.__reports.push([key, name, value])});
              }
            }""",
            [js, html, css, payload],
        )
        roots = pg.locator(".lrp-root")
        expect(roots).to_have_count(2)
        for k in range(2):
            wait_until(lambda k=k: int(roots.nth(k).get_attribute("data-frames") or 0) >= 1, f"player {k}")
            expect(roots.nth(k).locator(".lrp-draw")).to_be_hidden()
        roots.nth(1).locator(".lrp-step").click()  # player b: used last
        wait_until(lambda: roots.nth(1).get_attribute("data-epoch") == "1", "b steps")
        pg.evaluate("document.activeElement.blur()")
        pg.keyboard.press("ArrowRight")  # outside both players
        wait_until(lambda: roots.nth(1).get_attribute("data-epoch") == "2", "the key goes to b")
        assert roots.nth(0).get_attribute("data-epoch") == "0"
        roots.nth(0).locator(".lrp-step").click()
        pg.evaluate("document.activeElement.blur()")
        pg.keyboard.press("End")
        wait_until(lambda: roots.nth(0).get_attribute("data-epoch") == "500", "now the keys go to a")
        assert roots.nth(1).get_attribute("data-epoch") == "2"
        reports = [[k, name, v["epoch"]] for k, name, v in pg.evaluate("window.__reports")]
        assert ["b", "shown", 2] in reports, reports  # setStateValue, as in Streamlit
    finally:
        pg.context.close()
    assert not errors, errors


def test_the_degree_6_equation_shows_whole_at_1280x720(browser: Browser, url: str) -> None:
    errors: list[str] = []
    pg = open_player(browser, url + "/?degree=6&epoch=300", errors)
    try:
        wait_until(lambda: epoch(pg) == 300, "epoch 300")
        pg.screenshot(path=SHOTS / "degree-6-equation.png")
        eq = pg.locator(".lrp-eqline")
        text = pg.locator(".lrp-eq").text_content()
        assert "x2⁶" in text and text.endswith("= 0")  # all 28 terms, the last one included
        box = eq.evaluate(
            "e => [e.scrollHeight, e.clientHeight, parseFloat(getComputedStyle(e.lastElementChild).fontSize)]"
        )
        assert box[0] <= box[1] + 1, box  # nothing cut, nothing to scroll
        assert box[2] >= 10, box  # and still readable
        assert pg.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight") <= 720
    finally:
        pg.context.close()
    assert not errors, errors


def test_nothing_moves_under_the_pointer_when_a_drawing_first_retrains(page: Page) -> None:
    """Draw mode on the generated points, one click: the retrained run (the first on a drawing)
    keeps the plot area where it was, so the next click lands where the visitor aims."""
    settled(page)
    page.locator(".lrp-draw").click()
    wait_until(lambda: root_attr(page, "drawing") == "true", "draw mode")
    # the chart may move once, as draw mode is entered (its legend makes room for six classes)
    wait_until(
        lambda: page.locator(".lrp-boundary").evaluate("gd => gd._fullLayout.dragmode === false"), "laid out"
    )
    page.wait_for_timeout(200)
    before = plot_box(page)
    title = page.locator("[data-testid=stMain] [data-testid=stMarkdown]").first.bounding_box()
    click_at(page, 0.05, 0.05)
    wait_until(
        lambda: "Using your drawing" in page.locator("[data-testid=stSidebar]").inner_text(),
        "the drawing used",
    )
    settled(page)
    page.wait_for_timeout(500)
    page.screenshot(path=SHOTS / "drawing-first-retrain.png")
    assert plot_box(page) == before
    assert page.locator("[data-testid=stMain] [data-testid=stMarkdown]").first.bounding_box() == title
    # nothing laid over the headline or the chart: no toast
    assert page.locator("[data-testid=stToast]").count() == 0
