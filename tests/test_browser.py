"""The playground in a real headless Chromium against a real `streamlit run app.py`.

The player plays the recorded run in the browser, so Play, Pause, Step, Reset, the scrubber and the
two Plotly.js charts (zoom, hover, legend, the modebar's PNG download) are tested here, where they
run. These tests never skip: CI installs Chromium (see .ci/run). Screenshots go to artifacts/.
"""

import io
import time
from collections.abc import Iterator

import numpy as np
import pytest
from browser_support import (
    SHOTS,
    VIEWPORT,
    epoch,
    open_player,
    root_attr,
    streamlit_server,
    visit,
    wait_until,
)
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from playground.ui import plotly_js

pytestmark = pytest.mark.browser


@pytest.fixture
def trained(browser: Browser, url: str) -> Iterator[Page]:
    """The page opened by a link at the run's last epoch: a trained boundary to hover and export."""
    with visit(browser, url + "/?epoch=500") as pg:
        wait_epoch(pg, 500)
        yield pg


def wait_epoch(pg: Page, value: int, timeout: float = 10) -> None:
    wait_until(lambda: epoch(pg) == value, f"epoch {value} (shown: {epoch(pg)})", timeout)


def boundary(pg: Page, script: str):
    """Evaluate script (a function of the boundary's Plotly graph div) in the page."""
    return pg.locator(".lrp-boundary").evaluate(script)


def field_source(pg: Page) -> str:
    return boundary(pg, "gd => gd.layout.images[0].source")


def axis_ranges(pg: Page) -> list:
    return boundary(pg, "gd => [gd._fullLayout.xaxis.range, gd._fullLayout.yaxis.range]")


def plot_area(pg: Page, chart: str = ".lrp-boundary") -> dict:
    """The page coordinates of a chart's plot area (Plotly's drag layer)."""
    return pg.locator(f"{chart} .nsewdrag").first.bounding_box()


def legend_item(pg: Page, name: str):
    return pg.locator(f".lrp-boundary .legend .traces:has(.legendtext:text-is('{name}')) .legendtoggle")


def png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_landing_opens_on_a_title_and_plays_the_run_once(browser: Browser, url: str) -> None:
    errors: list[str] = []
    page = open_player(browser, url, errors)
    try:
        assert epoch(page) == 0  # a landing visitor watches the run from its start
        expect(page.locator(".lrp-epoch")).to_have_text("0")
        first = page.locator("[data-testid=stMain] [data-testid=stMarkdown]").first
        expect(first).to_contain_text("Logistic Regression Playground")
        expect(first).to_contain_text("watch gradient descent learn the boundary (Space: play or pause)")
        wait_until(lambda: root_attr(page, "playing") == "true", "the landing run to play")
        time.sleep(1.2)  # past the first epoch, the longest step
        assert page.locator("[data-testid=stException]").count() == 0
        # the whole page fits a 1280x720 screen-share
        assert page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight") <= 720
        page.screenshot(path=SHOTS / "playground.png")
        page.keyboard.press("Space")  # the visitor takes over
        wait_until(lambda: root_attr(page, "playing") == "false", "paused")
        assert 0 < epoch(page) < 500
    finally:
        page.context.close()
    assert not errors, errors


def test_the_charts_are_plotly_figures_from_the_installed_plotly(page: Page) -> None:
    root = page.locator(".lrp-root")
    assert root.locator(".js-plotly-plot").count() == 2
    # the Plotly.js of the installed plotly package, served as a static file of the app
    assert page.evaluate("window.Plotly.version") == plotly_js.version()
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(f"/app/static/{plotly_js.file_name()}" in name for name in loaded)
    # the per-frame layers are layout images: the field a PNG, the line and the marks SVG
    kinds = boundary(page, "gd => gd._fullLayout.images.map(i => i.source.slice(0, 15))")
    assert kinds == ["data:image/png;", "data:image/svg+", "data:image/svg+"]
    names = boundary(page, "gd => gd.data.map(t => t.name)")
    assert {"train", "test", "misclassified", "p = 0.5"} <= set(names)
    assert page.locator(".lrp-loss").evaluate("gd => gd._fullLayout.images.length") == 1
    # tick labels legible on a shared screen
    sizes = boundary(page, "gd => [gd._fullLayout.xaxis.tickfont.size, gd._fullLayout.yaxis.tickfont.size]")
    assert min(sizes) >= 12
    # the modebar: Plotly's CSS is carried into the component's shadow root, so it is laid out
    page.mouse.move(plot_area(page)["x"] + 50, plot_area(page)["y"] + 50)
    modebar = page.locator(".lrp-boundary .modebar")
    expect(modebar).to_be_visible()
    assert modebar.evaluate("m => getComputedStyle(m).position") == "absolute"
    expect(page.locator(".lrp-boundary .modebar-btn[data-title='Download plot as a PNG']")).to_have_count(1)
    expect(page.locator(".lrp-root .modebar-btn[data-title^='Share']")).to_have_count(0)  # no upload


def test_play_pause_step_reset_and_scrub(page: Page) -> None:
    mounts = root_attr(page, "mounts")
    charts = page.locator(".lrp-boundary, .lrp-loss")
    charts.evaluate_all("divs => divs.forEach(d => { d.__tagged = true; })")  # the same nodes after playing?
    page.locator(".lrp-reset").click()
    wait_epoch(page, 0)
    before = field_source(page)

    page.locator(".lrp-play").click()
    time.sleep(1.0)
    assert root_attr(page, "playing") == "true"
    e1 = epoch(page)
    assert e1 > 0
    # Streamlit's "Running…" never shows: playback makes no rerun
    assert not page.locator("[data-testid=stStatusWidget]").is_visible()
    time.sleep(0.5)
    assert epoch(page) > e1
    assert field_source(page) != before  # the field moved

    page.locator(".lrp-play").click()  # pause
    assert root_attr(page, "playing") == "false"
    paused = epoch(page)
    time.sleep(0.5)
    assert epoch(page) == paused

    page.locator(".lrp-step").click()
    wait_epoch(page, paused + 1)

    scrub = page.locator(".lrp-scrub")
    scrub.evaluate(
        "(s) => { s.value = '100'; s.dispatchEvent(new Event('input', {bubbles: true})); "
        "s.dispatchEvent(new Event('change', {bubbles: true})); }"
    )
    wait_epoch(page, 100)
    expect(page.locator(".lrp-epoch")).to_have_text("100")

    page.locator(".lrp-reset").click()
    wait_epoch(page, 0)
    assert root_attr(page, "mounts") == mounts  # one player, two charts, for the whole session
    assert charts.evaluate_all("divs => divs.length === 2 && divs.every(d => d.__tagged === true)")
    page.screenshot(path=SHOTS / "playground-reset.png")


def test_keyboard_space_plays_and_pauses_arrows_step(page: Page) -> None:
    page.locator(".lrp-root").focus()
    page.keyboard.press("ArrowRight")  # the page opens at epoch 0
    wait_epoch(page, 1)
    page.keyboard.press("ArrowLeft")
    wait_epoch(page, 0)
    page.keyboard.press("Space")
    wait_until(lambda: root_attr(page, "playing") == "true", "playing")
    time.sleep(1.2)  # the first epoch, the longest step, stays on screen for about 0.7 s
    page.keyboard.press("Space")
    wait_until(lambda: root_attr(page, "playing") == "false", "paused")
    assert 0 < epoch(page) < 500


def test_a_changed_control_shows_a_new_run(page: Page) -> None:
    page.get_by_role("slider", name="Polynomial degree").focus()
    page.keyboard.press("ArrowLeft")  # degree 3 → 2
    wait_epoch(page, 500, timeout=20)  # the new run plays from epoch 0 to its end, briskly
    expect(page.locator(".lrp-eq")).to_contain_text("x1²")
    expect(page.locator(".lrp-eq")).not_to_contain_text("x1³")
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator(".lrp-root .js-plotly-plot").count() == 2


def test_hover_shows_p_at_the_points_and_on_the_field(trained: Page) -> None:
    page = trained
    # a new figure gets the epoch's values for its hover just after its first frame
    wait_until(lambda: boundary(page, "gd => Array.isArray(gd.data[1].customdata)"), "the hover values")
    box = page.locator(".lrp-boundary").bounding_box()
    x, y = boundary(
        page,
        "gd => { const fl = gd._fullLayout, t = gd.data[1];"
        " return [fl.xaxis._offset + fl.xaxis.c2p(t.x[0]), fl.yaxis._offset + fl.yaxis.c2p(t.y[0])]; }",
    )
    page.mouse.move(box["x"] + x, box["y"] + y)
    label = page.locator(".lrp-boundary .hoverlayer")
    expect(label).to_contain_text("p(1) = ")
    assert "train" in label.text_content() or "test" in label.text_content()
    area = plot_area(page)
    page.mouse.move(area["x"] + 4, area["y"] + 4)  # the empty top-left corner: the field
    expect(label).to_contain_text("z = ")
    expect(label).to_contain_text("p(1) = 0.0")  # deep in class 0's side


def test_loss_chart_hover_shows_the_epoch_and_a_click_jumps_there(page: Page) -> None:
    area = plot_area(page, ".lrp-loss")
    x, y = area["x"] + area["width"] * 0.5, area["y"] + area["height"] * 0.3
    page.mouse.move(x, y)
    label = page.locator(".lrp-loss .hoverlayer")
    expect(label).to_contain_text("epoch ")
    expect(label).to_contain_text("train loss")
    expect(label).to_contain_text("gradient norm")
    hovered = int(label.text_content().split("epoch ")[1].split("train")[0].split("test")[0])
    assert 0 < hovered < 500
    page.mouse.click(x, y)
    wait_epoch(page, hovered)
    assert root_attr(page, "playing") == "false"


def test_legend_hides_the_test_points_the_marks_and_the_line(page: Page) -> None:
    marks = boundary(page, "gd => gd.layout.images[2].source")
    legend_item(page, "test").click()
    wait_until(lambda: boundary(page, "gd => gd.data[3].visible") == "legendonly", "test points hidden")
    assert boundary(page, "gd => gd.data[4].visible") == "legendonly"
    assert boundary(page, "gd => gd.data[1].visible") in (None, True)  # train stays
    wait_until(lambda: boundary(page, "gd => gd.layout.images[2].source") != marks, "marks on train only")
    legend_item(page, "misclassified").click()
    wait_until(lambda: boundary(page, "gd => gd._fullLayout.images[2].visible") is False, "marks hidden")
    legend_item(page, "p = 0.5").click()
    wait_until(lambda: boundary(page, "gd => gd._fullLayout.images[1].visible") is False, "line hidden")


# Each layout image as the figure holds it and as the page draws it: [layout source, full layout
# source, the xlink:href of the <image> drawn for it (null when none is)].
IMAGES_DRAWN = """gd => gd._fullLayout.images.map((full) => {
  const el = [...gd.querySelectorAll('image')].find((e) => e.__data__ && e.__data__._index === full._index);
  const href = el ? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href') : null;
  return [gd.layout.images[full._index].source, full.source, href];
})"""


def test_frames_set_the_images_without_a_relayout(page: Page) -> None:
    """Playback puts a frame's image sources on the figures directly, not through Plotly.relayout (its
    supplyDefaults over the whole figure cost 1-3 ms per figure and frame); the figure's layout, its full
    layout and the drawn images agree throughout, and the SVG layers are URLs as long as their SVG."""
    relayouts = """gd => { gd.__relayouts = 0; gd.on('plotly_relayout', () => { gd.__relayouts++; }); }"""
    page.locator(".lrp-reset").click()
    wait_epoch(page, 0)
    boundary(page, relayouts)
    page.locator(".lrp-loss").evaluate(relayouts)
    frames = int(root_attr(page, "frames"))
    page.locator(".lrp-play").click()
    time.sleep(1.5)
    page.locator(".lrp-play").click()
    wait_until(lambda: root_attr(page, "playing") == "false", "paused")
    assert int(root_attr(page, "frames")) > frames + 10
    assert boundary(page, "gd => gd.__relayouts") == 0
    assert page.locator(".lrp-loss").evaluate("gd => gd.__relayouts") == 0
    for gd in (".lrp-boundary", ".lrp-loss"):
        for own, full, href in page.locator(gd).evaluate(IMAGES_DRAWN):
            assert own == full == href
    field, line, _ = boundary(page, IMAGES_DRAWN)
    assert field[0].startswith("data:image/png;base64,")
    assert line[0].startswith("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'")
    assert "%20" not in line[0] and "#" not in line[0]
    # hidden by its legend entry, the line is drawn nowhere, and shown again it is the shown epoch's
    legend_item(page, "p = 0.5").click()
    wait_until(lambda: boundary(page, IMAGES_DRAWN)[1][2] is None, "line hidden")
    page.locator(".lrp-step").click()
    wait_until(lambda: boundary(page, IMAGES_DRAWN)[1][0] != line[0], "the next epoch's line")
    legend_item(page, "p = 0.5").click()
    wait_until(lambda: boundary(page, IMAGES_DRAWN)[1][2] is not None, "line shown")
    own, full, href = boundary(page, IMAGES_DRAWN)[1]
    assert own == full == href != line[0]


def test_a_box_zoom_survives_playback(page: Page) -> None:
    (x0, x1), _ = axis_ranges(page)
    area = plot_area(page)
    page.mouse.move(area["x"] + 90, area["y"] + 90)
    page.mouse.down()
    page.mouse.move(area["x"] + 230, area["y"] + 250, steps=6)
    page.mouse.up()
    wait_until(lambda: axis_ranges(page)[0][1] - axis_ranges(page)[0][0] < 0.6 * (x1 - x0), "the box zoom")
    zoomed = axis_ranges(page)
    page.locator(".lrp-reset").click()
    wait_epoch(page, 0)
    before = field_source(page)
    page.locator(".lrp-play").click()
    time.sleep(1.0)
    page.locator(".lrp-play").click()
    assert epoch(page) > 0 and field_source(page) != before  # it played
    assert axis_ranges(page) == zoomed
    page.screenshot(path=SHOTS / "playground-zoomed.png")


def test_the_png_download_contains_the_field_and_the_line(trained: Page) -> None:
    page = trained

    def download() -> Image.Image:
        area = plot_area(page)
        page.mouse.move(area["x"] + 60, area["y"] + 60)  # the modebar shows on hover
        with page.expect_download() as info:
            page.locator(".lrp-boundary .modebar-btn[data-title='Download plot as a PNG']").click()
        return png(info.value.path().read_bytes())

    scale = 2  # toImageButtonOptions
    size = boundary(page, "gd => gd._fullLayout._size")
    inner = tuple(
        scale * v
        for v in (size["l"] + 2, size["t"] + 2, size["l"] + size["w"] - 2, size["t"] + size["h"] - 2)
    )
    shot = download()
    shot.save(SHOTS / "boundary-download.png")
    field = np.asarray(shot.crop(inner), dtype=int)
    colours = {tuple(c) for c in field[::4, ::4].reshape(-1, 3)}
    assert len(colours) > 200  # the probability field's shades, not a flat background
    assert any(b > r + 40 for r, g, b in colours) and any(r > b + 40 for r, g, b in colours)  # both sides
    legend_item(page, "p = 0.5").click()
    wait_until(lambda: boundary(page, "gd => gd._fullLayout.images[1].visible") is False, "line hidden")
    without = np.asarray(download().crop(inner), dtype=int)
    changed = np.abs(field - without).sum(axis=2) > 90
    assert changed.sum() > 300  # a curve a few pixels wide across the plot
    assert field[changed].mean() < 110  # and dark: the line, in the text colour


def test_5000_points_play_back(browser: Browser, url: str) -> None:
    errors: list[str] = []
    pg = open_player(browser, f"{url}/?n_samples=5000", errors)
    try:
        assert set(boundary(pg, "gd => gd.data.slice(1, 5).map(t => t.type)")) == {"scattergl"}
        assert boundary(pg, "gd => gd.data.slice(1, 5).reduce((n, t) => n + t.x.length, 0)") == 5000
        pg.locator(".lrp-reset").click()
        wait_epoch(pg, 0)
        frames = int(root_attr(pg, "frames"))
        pg.locator(".lrp-speed").select_option("4")
        pg.locator(".lrp-play").click()
        time.sleep(1.5)
        pg.locator(".lrp-play").click()
        assert epoch(pg) > 10 and int(root_attr(pg, "frames")) > frames + 20
        pg.screenshot(path=SHOTS / "playground-5000.png")
    finally:
        pg.context.close()
    assert not errors, errors


def test_dark_theme(browser: Browser, url: str) -> None:
    errors: list[str] = []
    pg = open_player(browser, url + "/?epoch=500", errors, color_scheme="dark")  # the system's appearance
    try:
        paper = boundary(pg, "gd => gd._fullLayout.paper_bgcolor")
        text = boundary(pg, "gd => gd._fullLayout.font.color")
        channels = lambda c: [float(v) for v in c[c.index("(") + 1 : c.index(")")].split(",")[:3]]  # noqa: E731
        assert sum(channels(paper)) < 3 * 60 and sum(channels(text)) > 3 * 180  # light on dark
        shot = png(pg.screenshot(path=SHOTS / "playground-dark.png"))
        area = plot_area(pg)
        corner = shot.getpixel((int(area["x"] + 6), int(area["y"] + 6)))
        assert sum(corner) < 3 * 110  # the field is tinted from the dark background
    finally:
        pg.context.close()
    assert not errors, errors


def test_plotly_js_comes_over_the_websocket_when_static_files_are_off(browser: Browser) -> None:
    errors: list[str] = []
    with streamlit_server(options=("--server.enableStaticServing", "false")) as plain_url:
        pg = open_player(browser, plain_url, errors)
        try:
            assert pg.evaluate("window.Plotly.version") == plotly_js.version()
            loaded = pg.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
            assert not any("/app/static/" in name for name in loaded)
            pg.locator(".lrp-step").click()  # a rerun: the player keeps working without a second copy
            pg.locator(".lrp-reset").click()
            wait_epoch(pg, 0)
            assert pg.locator(".lrp-root .js-plotly-plot").count() == 2
        finally:
            pg.context.close()
    assert not errors, errors


def test_plotly_js_comes_over_the_websocket_when_the_file_will_not_load(browser: Browser, url: str) -> None:
    errors: list[str] = []
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.route("**/app/static/**", lambda route: route.abort())  # e.g. a proxy in the way
    pg = ctx.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        pg.goto(url)
        pg.locator(".lrp-boundary.js-plotly-plot").wait_for(timeout=60_000)
        assert pg.evaluate("window.Plotly.version") == plotly_js.version()
        assert pg.evaluate("[...document.scripts].some(s => s.src.startsWith('blob:'))")
    finally:
        ctx.close()
    assert not errors, errors


def test_own_csv_file_is_used_and_a_garbled_one_is_named(page: Page) -> None:
    uploader = page.locator("[data-testid=stFileUploader] input[type=file]")
    rows = "\n".join(f"{i % 7 - 3},{(i * 3) % 5 - 2},{'cat' if i % 2 else 'dog'}" for i in range(40))
    uploader.set_input_files(
        files=[{"name": "pets.csv", "mimeType": "text/csv", "buffer": f"x1,x2,label\n{rows}\n".encode()}]
    )
    expect(page.get_by_text("Using your file pets.csv: 40 points")).to_be_visible(timeout=20_000)
    expect(page.locator(".lrp-boundary .legend")).to_contain_text("cat", timeout=20_000)  # class names
    assert page.get_by_role("combobox", name="Dataset").is_disabled()

    uploader.set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": b"\xff\xfe\x00\x01"}]
    )
    expect(page.get_by_text("bad.csv was not used: the file is not UTF-8 text")).to_be_visible(timeout=20_000)
    expect(page.locator(".lrp-boundary")).to_be_visible()  # the page keeps working, on generated data
    assert page.locator("[data-testid=stException]").count() == 0
