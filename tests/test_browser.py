"""The playground in a real headless Chromium against a real `streamlit run app.py`.

The player plays the recorded run in the browser, so Play, Pause, Step, Reset and the scrubber are
tested here, where they run. These tests never skip: CI installs Chromium (see .ci/run).
"""

import time
from collections.abc import Iterator

import pytest
from browser_support import ROOT, launch, streamlit_server
from playwright.sync_api import Page, expect, sync_playwright

pytestmark = pytest.mark.browser
SHOTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with streamlit_server() as u:
        yield u


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser, url: str) -> Iterator[Page]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(url)
    pg.wait_for_selector(".lrp-boundary", timeout=60_000)
    yield pg
    ctx.close()
    assert not errors, errors


def root_attr(pg: Page, name: str) -> str:
    return pg.locator(".lrp-root").get_attribute(f"data-{name}")


def epoch(pg: Page) -> int:
    return int(root_attr(pg, "epoch"))


def boundary_pixels(pg: Page) -> str:
    return pg.locator(".lrp-boundary").evaluate("c => c.toDataURL()")


def wait_epoch(pg: Page, value: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while epoch(pg) != value:
        assert time.monotonic() < deadline, f"epoch stayed {epoch(pg)}, expected {value}"
        time.sleep(0.05)


def test_first_paint_is_ready_to_play(page: Page) -> None:
    assert epoch(page) == 0  # a landing visitor watches the run from its start
    assert root_attr(page, "playing") == "false"
    expect(page.locator(".lrp-epoch")).to_have_text("0")
    assert page.locator("[data-testid=stException]").count() == 0
    # the whole page fits a 1280x720 screen-share
    assert page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight") <= 720
    page.screenshot(path=SHOTS / "playground.png")


def test_play_pause_step_reset_and_scrub(page: Page) -> None:
    mounts = root_attr(page, "mounts")
    page.locator(".lrp-boundary").evaluate("c => { c.__tagged = true; }")  # the same node after play?
    page.locator(".lrp-reset").click()
    wait_epoch(page, 0)
    before = boundary_pixels(page)

    page.locator(".lrp-play").click()
    time.sleep(1.0)
    assert root_attr(page, "playing") == "true"
    e1 = epoch(page)
    assert e1 > 0
    # Streamlit's "Running…" never shows: playback makes no rerun
    assert not page.locator("[data-testid=stStatusWidget]").is_visible()
    time.sleep(0.5)
    assert epoch(page) > e1
    assert boundary_pixels(page) != before  # the boundary moved

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
    assert root_attr(page, "mounts") == mounts  # one canvas for the whole session
    assert page.locator(".lrp-boundary").evaluate("c => c.__tagged === true")
    page.screenshot(path=SHOTS / "playground-reset.png")


def test_a_changed_control_shows_a_new_run(page: Page) -> None:
    page.get_by_role("slider", name="Polynomial degree").focus()
    page.keyboard.press("ArrowLeft")  # degree 3 → 2
    wait_epoch(page, 500, timeout=20)  # the new run opens at its trained end
    expect(page.locator(".lrp-eq")).to_contain_text("x1²")
    expect(page.locator(".lrp-eq")).not_to_contain_text("x1³")
    assert page.locator("[data-testid=stException]").count() == 0


def test_loss_chart_hover_shows_the_epoch_and_a_click_jumps_there(page: Page) -> None:
    loss = page.locator(".lrp-loss")
    box = loss.bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.3
    page.mouse.move(x, y)
    tip = page.locator(".lrp-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Epoch")
    hovered = int(tip.locator(".lrp-tv").first.text_content())
    assert 0 < hovered < 500
    page.mouse.click(x, y)
    wait_epoch(page, hovered)
    assert root_attr(page, "playing") == "false"


def test_own_csv_file_is_used_and_a_garbled_one_is_named(page: Page) -> None:
    uploader = page.locator("[data-testid=stFileUploader] input[type=file]")
    rows = "\n".join(f"{i % 7 - 3},{(i * 3) % 5 - 2},{'cat' if i % 2 else 'dog'}" for i in range(40))
    uploader.set_input_files(
        files=[{"name": "pets.csv", "mimeType": "text/csv", "buffer": f"x1,x2,label\n{rows}\n".encode()}]
    )
    expect(page.get_by_text("Using your file pets.csv: 40 points")).to_be_visible(timeout=20_000)
    expect(page.locator(".lrp-root")).to_contain_text("cat", timeout=20_000)  # the legend's class names
    assert page.get_by_role("combobox", name="Dataset").is_disabled()

    uploader.set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": b"\xff\xfe\x00\x01"}]
    )
    expect(page.get_by_text("bad.csv was not used: the file is not UTF-8 text")).to_be_visible(timeout=20_000)
    expect(page.locator(".lrp-boundary")).to_be_visible()  # the page keeps working, on generated data
    assert page.locator("[data-testid=stException]").count() == 0
