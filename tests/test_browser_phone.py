"""The playground on a phone, in a real headless Chromium against a real `streamlit run app.py`.

Playwright's mobile emulation of a 390×844 phone (is_mobile, has_touch, device_scale_factor 3):
the page opens on the player with the sidebar collapsed; nothing is wider than the screen; the
charts stack, the boundary first at the full width; every metric shows its whole number; Play
answers a tap, the scrubber a drag; a one-finger drag or a pinch on a chart belongs to the page, not
to Plotly. Touches are sent through the DevTools protocol (Input.dispatchTouchEvent), so they go
through Chromium's own gesture handling, as a finger's would. Also: a desktop keeps its sidebar and
its two charts side by side, and a player that narrows or widens on the page (a sidebar opened or
closed, a tablet turned) switches between the two layouts.

Screenshots go to artifacts/phone-*.png. These tests never skip: CI installs Chromium (.ci/run).
"""

import time
from collections.abc import Iterator

import pytest
from browser_support import SHOTS, epoch, open_player, root_attr, settled, visit, wait_until
from playwright.sync_api import Browser, CDPSession, Page, expect

pytestmark = pytest.mark.browser
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}
DESKTOP = {"viewport": {"width": 1280, "height": 720}}


@pytest.fixture
def phone(browser: Browser, url: str) -> Iterator[Page]:
    """The phone, opened by a link at epoch 0: paused there (a landing visit would play the run)."""
    with visit(browser, url + "/?epoch=0", loss=True, **PHONE) as pg:
        yield pg


def scroll_top(pg: Page) -> float:
    """Streamlit's main area scrolls, not the document."""
    return pg.locator("[data-testid=stMain]").evaluate("m => m.scrollTop")


def box(pg: Page, selector: str) -> dict:
    return pg.locator(selector).first.bounding_box()


Point = tuple[float, float]


def touch_drag(cdp: CDPSession, start: Point, end: Point, steps: int = 12) -> None:
    """One finger from start to end, in steps of a frame or so."""
    (x0, y0), (x1, y1) = start, end
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for k in range(1, steps + 1):
        f = k / steps
        point = {"x": x0 + f * (x1 - x0), "y": y0 + f * (y1 - y0)}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        time.sleep(0.016)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def pinch(cdp: CDPSession, centre: Point, spread: float, steps: int = 10) -> None:
    """Two fingers from the centre outwards, spread px each."""
    x, y = centre

    def points(d: float) -> list[dict]:
        return [{"x": x - 10 - d, "y": y, "id": 0}, {"x": x + 10 + d, "y": y, "id": 1}]

    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": points(0)})
    for k in range(1, steps + 1):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": points(spread * k / steps)})
        time.sleep(0.016)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


# The player's parts that reach past the screen's edges, and the widest element of the page.
OVERFLOW_JS = """() => {
  const W = document.documentElement.clientWidth;
  const host = document.querySelector('[data-testid=stBidiComponentIsolated]');
  const root = host.shadowRoot.querySelector('.lrp-root');
  const out = [...root.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.left < -0.5 || r.right > W + 0.5);
  }).map(e => e.className.baseVal ?? e.className);
  const main = document.querySelector('[data-testid=stMain]');
  return {W, out, doc: document.documentElement.scrollWidth, main: main.scrollWidth, root: root.scrollWidth,
          rootW: root.clientWidth};
}"""

# Each metric value: its text, the width its text needs, the room its tile gives it.
METRICS_JS = """(root) => [...root.querySelectorAll('.lrp-metric')].map(tile => {
  const v = tile.querySelector('.lrp-mvalue');
  const range = document.createRange();
  range.selectNodeContents(v);
  const text = [...range.getClientRects()];
  const t = tile.getBoundingClientRect();
  const pad = parseFloat(getComputedStyle(tile).paddingRight);
  const cs = getComputedStyle(v);
  return {text: v.innerText, room: [t.left, t.right - pad + 0.5],
          left: Math.min(...text.map(r => r.left)), right: Math.max(...text.map(r => r.right)),
          clipped: v.scrollWidth > v.clientWidth + 0.5,
          ellipsis: cs.textOverflow === 'ellipsis' && cs.overflow !== 'visible'};
})"""


def assert_metrics_whole(pg: Page) -> list[str]:
    shown = pg.locator(".lrp-root").evaluate(METRICS_JS)
    assert len(shown) == 6
    for m in shown:
        assert "…" not in m["text"] and not m["clipped"] and not m["ellipsis"], m
        assert m["room"][0] <= m["left"] and m["right"] <= m["room"][1], m  # inside its tile
    return [m["text"] for m in shown]


def test_phone_opens_on_the_player_and_nothing_is_wider_than_the_screen(browser: Browser, url: str) -> None:
    errors: list[str] = []
    pg = open_player(browser, url + "/?epoch=500", errors, loss=True, **PHONE)
    try:
        # the sidebar starts collapsed: the player is what a phone shows first
        sidebar = pg.locator("[data-testid=stSidebar]").bounding_box()
        assert sidebar is None or sidebar["x"] + sidebar["width"] <= 0
        expect(pg.locator("[data-testid=stExpandSidebarButton]")).to_be_visible()
        width = pg.evaluate(OVERFLOW_JS)
        assert width["W"] == 390
        assert width["out"] == [], width  # no part of the player past the screen's edges
        assert width["doc"] <= 390 and width["main"] <= 390 and width["root"] <= width["rootW"], width
        # the charts stacked: the boundary at the player's full width, the loss chart under it
        root, boundary, loss = box(pg, ".lrp-root"), box(pg, ".lrp-boundary"), box(pg, ".lrp-loss")
        assert boundary["width"] == pytest.approx(root["width"], abs=1) and root["width"] >= 350
        assert loss["width"] == pytest.approx(root["width"], abs=1)
        assert loss["y"] >= boundary["y"] + boundary["height"]
        plot = pg.locator(".lrp-boundary").evaluate("gd => gd._fullLayout._size")
        assert plot["w"] == pytest.approx(plot["h"], abs=1) and plot["w"] >= 280  # a square plot area
        # the modebar, always shown on a touch screen, sits above the plot area, not over the field
        modebar = box(pg, ".lrp-boundary .modebar")
        assert modebar["y"] + modebar["height"] <= box(pg, ".lrp-boundary .nsewdrag")["y"] + 1
        # the equation wraps onto as many lines as it needs: nothing cut, nothing to scroll
        eq = pg.locator(".lrp-eqline").evaluate(
            "e => [e.scrollHeight, e.clientHeight, e.classList.contains('lrp-eq-more'), e.textContent]"
        )
        assert eq[0] <= eq[1] + 1 and not eq[2] and "x2³" in eq[3] and eq[1] >= 3 * 18, eq
        assert_metrics_whole(pg)
        # the play controls and the scrubber fit the width, with room for a finger
        for part in (".lrp-play", ".lrp-step", ".lrp-reset", ".lrp-speed", ".lrp-scrub", ".lrp-scrublabel"):
            b = box(pg, part)
            assert 0 <= b["x"] and b["x"] + b["width"] <= 390, part
        assert box(pg, ".lrp-play")["height"] >= 40 and box(pg, ".lrp-scrub")["height"] >= 40
        assert box(pg, ".lrp-scrub")["width"] >= 200
        pg.screenshot(path=SHOTS / "phone-top.png")
        pg.locator(".lrp-boundary").scroll_into_view_if_needed()
        pg.screenshot(path=SHOTS / "phone-boundary.png")
        pg.locator(".lrp-transport").scroll_into_view_if_needed()
        pg.screenshot(path=SHOTS / "phone-controls.png")
        # the sidebar opens over the page on a tap, and closes again
        pg.locator("[data-testid=stExpandSidebarButton]").tap()
        expect(pg.get_by_role("combobox", name="Dataset")).to_be_in_viewport()
        pg.screenshot(path=SHOTS / "phone-sidebar.png")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        pg.context.close()
    assert not errors, errors


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("epochs=5000&optimizer=gd&epoch=5000", "converged"),  # four-digit epochs, a tiny gradient norm
        ("standardize=false&degree=6&learning_rate=1&epoch=5000", "diverged"),  # the badge, huge losses
    ],
    ids=["long-run", "diverged"],
)
def test_phone_metrics_show_every_number_whole(browser: Browser, url: str, query: str, expected: str) -> None:
    errors: list[str] = []
    pg = open_player(browser, f"{url}/?{query}", errors, loss=True, **PHONE)
    try:
        if expected == "diverged":
            expect(pg.locator(".lrp-badge")).to_have_text("diverged")
        else:
            expect(pg.locator(".lrp-mlabel").first).to_contain_text(expected)
        texts = assert_metrics_whole(pg)
        assert len(texts[0].replace(" ", "")) >= len("1/1")
        pg.locator(".lrp-metrics").scroll_into_view_if_needed()
        pg.screenshot(path=SHOTS / f"phone-metrics-{expected}.png")
        assert pg.evaluate(OVERFLOW_JS)["out"] == []
    finally:
        pg.context.close()
    assert not errors, errors


def test_phone_play_by_tap_and_scrub_by_drag(phone: Page) -> None:
    pg = phone
    assert epoch(pg) == 0
    play = pg.locator(".lrp-play")
    play.scroll_into_view_if_needed()
    play.tap()
    wait_until(lambda: root_attr(pg, "playing") == "true", "playing after a tap")
    time.sleep(1.2)  # past the first epoch, the longest step
    assert epoch(pg) > 0
    pg.screenshot(path=SHOTS / "phone-playing.png")
    play.tap()
    wait_until(lambda: root_attr(pg, "playing") == "false", "paused after a second tap")
    paused = epoch(pg)
    assert 0 < paused < 500
    settled(pg)  # the pause is reported: one rerun, and the player stays where it paused
    assert epoch(pg) == paused

    # a finger on the scrubber's thumb, dragged to the right
    scrub = pg.locator(".lrp-scrub")
    scrub.scroll_into_view_if_needed()
    b = scrub.bounding_box()
    thumb = 8  # half of Chromium's thumb
    x = b["x"] + thumb + (b["width"] - 2 * thumb) * paused / 500
    y = b["y"] + b["height"] / 2
    cdp = pg.context.new_cdp_session(pg)
    touch_drag(cdp, (x, y), (x + 0.6 * (b["width"] - 2 * thumb), y))
    wait_until(lambda: epoch(pg) > paused + 200, f"the scrubbed epoch (shown: {epoch(pg)})")
    scrubbed = epoch(pg)
    assert root_attr(pg, "playing") == "false"
    expect(pg.locator(".lrp-epoch")).to_have_text(str(scrubbed))
    settled(pg)  # released, the epoch is reported (one rerun): the player stays there
    assert epoch(pg) == scrubbed

    # a tap on the loss chart jumps to that epoch, as a click does on a desktop
    area = pg.locator(".lrp-loss .nsewdrag").first
    area.scroll_into_view_if_needed()
    a = area.bounding_box()
    pg.touchscreen.tap(a["x"] + 0.25 * a["width"], a["y"] + 0.3 * a["height"])
    wait_until(lambda: 90 <= epoch(pg) <= 160, f"the tapped epoch (shown: {epoch(pg)})")


def test_phone_a_drag_or_a_pinch_on_a_chart_is_the_pages(phone: Page) -> None:
    """Plotly calls preventDefault on the touches over its plot area when it has a drag mode, so the
    page could not scroll under a finger that starts on a chart as wide as the phone; narrow, the
    charts have none (their modebar still offers zoom and pan)."""
    pg = phone
    pg.locator(".lrp-root").evaluate(
        "r => { window.__prevented = []; for (const t of ['touchstart', 'touchmove']) "
        "r.addEventListener(t, ev => { if (ev.defaultPrevented) window.__prevented.push(t); }); }"
    )
    ranges = "gd => [gd._fullLayout.xaxis.range, gd._fullLayout.yaxis.range]"
    before = pg.locator(".lrp-boundary").evaluate(ranges)
    assert pg.locator(".lrp-boundary").evaluate("gd => gd._fullLayout.dragmode") is False
    assert pg.locator(".lrp-loss").evaluate("gd => gd._fullLayout.dragmode") is False
    area = pg.locator(".lrp-boundary .nsewdrag").first
    area.scroll_into_view_if_needed()
    a = area.bounding_box()
    top = scroll_top(pg)
    cdp = pg.context.new_cdp_session(pg)
    x, y = a["x"] + a["width"] / 2, a["y"] + 0.8 * a["height"]
    touch_drag(cdp, (x, y), (x, y - 250))  # one finger up over the field: the page scrolls down
    wait_until(lambda: scroll_top(pg) > top + 150, f"the page to scroll (scrollTop {scroll_top(pg)})")
    assert pg.locator(".lrp-boundary").evaluate(ranges) == before  # no zoom box
    a = area.bounding_box()
    pinch(cdp, (a["x"] + a["width"] / 2, a["y"] + a["height"] / 2), 80)
    time.sleep(0.5)
    assert pg.locator(".lrp-boundary").evaluate(ranges) == before
    loss = pg.locator(".lrp-loss .nsewdrag").first
    loss.scroll_into_view_if_needed()
    b = loss.bounding_box()
    top = scroll_top(pg)
    x, y = b["x"] + b["width"] / 2, b["y"] + 0.9 * b["height"]
    touch_drag(cdp, (x, y), (x, y + 200))  # down over the loss chart: the page scrolls back up
    wait_until(lambda: scroll_top(pg) < top - 100, f"the page to scroll up (scrollTop {scroll_top(pg)})")
    assert pg.evaluate("window.__prevented") == []
    assert root_attr(pg, "playing") == "false"


def test_desktop_keeps_its_sidebar_and_two_charts_side_by_side(browser: Browser, url: str) -> None:
    errors: list[str] = []
    pg = open_player(browser, url + "/?epoch=500", errors, loss=True, **DESKTOP)
    try:
        sidebar = pg.locator("[data-testid=stSidebar]").bounding_box()
        assert sidebar["x"] == 0 and sidebar["width"] >= 200  # "auto": expanded on a desktop
        boundary, loss = box(pg, ".lrp-boundary"), box(pg, ".lrp-loss")
        assert loss["x"] >= boundary["x"] + boundary["width"] and loss["y"] == boundary["y"]
        assert box(pg, ".lrp-root")["height"] == 556  # the page's height for the player: 1280x720 fits
        assert pg.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight") <= 720
        assert pg.locator(".lrp-boundary").evaluate("gd => gd._fullLayout.dragmode") == "zoom"
        pg.screenshot(path=SHOTS / "desktop-1280.png")
    finally:
        pg.context.close()
    assert not errors, errors


def test_the_layout_follows_the_players_width(browser: Browser, url: str) -> None:
    """A 1024 px tablet opens with the sidebar (Streamlit collapses it up to 768 px): the player
    beside it is narrower than two charts need, so they stack; with the sidebar closed they sit
    side by side again, drawn at their new sizes."""
    errors: list[str] = []
    tablet = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}
    pg = open_player(browser, url + "/?epoch=500", errors, loss=True, **tablet)
    try:
        assert box(pg, ".lrp-root")["width"] < 760
        boundary, loss = box(pg, ".lrp-boundary"), box(pg, ".lrp-loss")
        assert loss["y"] >= boundary["y"] + boundary["height"]
        pg.locator("[data-testid=stSidebar]").hover()  # the collapse button shows on hover
        pg.locator("[data-testid=stSidebarCollapseButton] button").click()
        wait_until(lambda: box(pg, ".lrp-root")["width"] >= 760, "the player at the page's full width")
        wait_until(lambda: box(pg, ".lrp-loss")["y"] == box(pg, ".lrp-boundary")["y"], "side by side")
        wait_until(
            lambda: pg.locator(".lrp-boundary").evaluate("gd => gd._fullLayout.dragmode") == "zoom", "zoom"
        )
        sizes = pg.locator(".lrp-root").evaluate(
            "r => [...r.querySelectorAll('.js-plotly-plot')].map(gd => "
            "[gd._fullLayout.width, Math.round(gd.getBoundingClientRect().width)])"
        )
        assert all(abs(w - shown) <= 1 for w, shown in sizes), sizes
        assert sum(w for w, _ in sizes) + 12 <= box(pg, ".lrp-root")["width"] + 1
        pg.screenshot(path=SHOTS / "tablet-sidebar-closed.png")
    finally:
        pg.context.close()
    assert not errors, errors
