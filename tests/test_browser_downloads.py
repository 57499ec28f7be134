"""A download is of the epoch on screen at the click, and says which: in a real Chromium against a
real `streamlit run app.py`, with the run playing slowly while the visitor reaches for the sidebar
(issue 15, item 2). And a changed control plays its new run from epoch 0, briskly (item 15)."""

import json
import re
import time
from collections.abc import Iterator

import pytest
from browser_support import SHOTS, VIEWPORT, root_attr, settled, wait_until
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser
MODEL = re.compile(r"^Model")


@pytest.fixture
def page(browser: Browser, url: str) -> Iterator[Page]:
    errors: list[str] = []
    pg = browser.new_context(viewport=VIEWPORT, accept_downloads=True).new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(url + "/?epoch=0")  # a link's epoch: paused at 0
    pg.locator(".lrp-boundary.js-plotly-plot").wait_for(timeout=60_000)
    wait_until(lambda: int(root_attr(pg, "frames")) >= 1, "the first frame")
    yield pg
    pg.context.close()
    assert not errors, errors


def model_button(pg: Page):
    return pg.locator("[data-testid=stSidebar]").get_by_role("button", name=MODEL)


def play_slowly(pg: Page) -> None:
    pg.locator(".lrp-speed").select_option("0.25")
    pg.locator(".lrp-play").click()
    wait_until(lambda: root_attr(pg, "playing") == "true", "playing")
    time.sleep(5)  # a few epochs in at ¼× (the first takes about 2.8 s)
    assert root_attr(pg, "playing") == "true"


def saved_epoch(pg: Page, press) -> int:
    with pg.expect_download(timeout=30_000) as info:
        press()
    with open(info.value.path()) as f:
        model = json.load(f)
    assert info.value.suggested_filename == f"model-epoch-{model['epoch']}.json"
    return model["epoch"]


def test_a_download_mid_play_saves_the_epoch_on_screen(page: Page) -> None:
    play_slowly(page)
    expect(model_button(page)).to_be_disabled()  # the page knows it plays: the button waits
    expect(model_button(page)).to_contain_text(re.compile("pause to save"))
    model_button(page).click(force=True)  # reaching for the button pauses the player
    wait_until(lambda: root_attr(page, "playing") == "false", "paused by the click")
    shown = int(root_attr(page, "epoch"))
    assert 0 < shown < 500
    settled(page)
    expect(model_button(page)).to_contain_text(f"Model at epoch {shown} (JSON)")
    assert saved_epoch(page, lambda: model_button(page).click()) == shown
    page.screenshot(path=SHOTS / "download-mid-play.png")


def test_a_click_on_a_download_of_another_epoch_is_stopped(browser: Browser, url: str) -> None:
    """Paused at 100, Play at 4×, and the still-enabled button of epoch 100 clicked before the rerun
    that disables it, the screen already past 100: no file of epoch 100 (the click pauses)."""
    pg = browser.new_context(viewport=VIEWPORT, accept_downloads=True).new_page()
    pg.set_default_timeout(30_000)
    try:
        pg.goto(url + "/?epoch=100")
        pg.locator(".lrp-boundary.js-plotly-plot").wait_for(timeout=60_000)
        wait_until(lambda: root_attr(pg, "epoch") == "100", "epoch 100")
        settled(pg)
        expect(model_button(pg)).to_contain_text("Model at epoch 100 (JSON)")
        downloads: list[str] = []
        pg.on("download", lambda d: downloads.append(d.suggested_filename))
        pg.locator(".lrp-speed").select_option("4")
        # Play, then the download's click as soon as the screen leaves epoch 100 (a few frames): the
        # rerun that the Play report asks for has not redrawn the button yet
        raced = pg.evaluate(
            """() => new Promise(done => {
                const host = [...document.querySelectorAll('*')].find(e => e.shadowRoot &&
                  e.shadowRoot.querySelector('.lrp-root'));
                const root = host.shadowRoot.querySelector('.lrp-root');
                root.querySelector('.lrp-play').click();
                const wait = () => {
                  if (root.dataset.epoch === '100') return requestAnimationFrame(wait);
                  const b = [...document.querySelectorAll('[data-testid=stSidebar] button')]
                    .find(b => b.textContent.includes('Model at epoch 100'));
                  if (!b || b.disabled) return done(false);
                  b.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true, composed: true}));
                  b.click();
                  done(true);
                };
                requestAnimationFrame(wait);
            })"""
        )
        assert raced, "the rerun came first: the race was not run"
        wait_until(lambda: root_attr(pg, "playing") == "false", "paused by the click")
        shown = int(root_attr(pg, "epoch"))
        assert shown > 100
        settled(pg)
        pg.wait_for_timeout(1000)
        assert not downloads, "a file of epoch 100 while the screen showed another epoch"
        expect(model_button(pg)).to_contain_text(f"Model at epoch {shown} (JSON)")
        # by keyboard: Enter on the focused button while playing pauses; then Enter saves that epoch
        pg.locator(".lrp-speed").select_option("0.25")
        pg.locator(".lrp-play").click()
        wait_until(lambda: root_attr(pg, "playing") == "true", "playing")
        settled(pg)
        model_button(pg).focus()
        pg.keyboard.press("Enter")
        wait_until(lambda: root_attr(pg, "playing") == "false", "paused by Enter")
        shown = int(root_attr(pg, "epoch"))
        settled(pg)
        expect(model_button(pg)).to_contain_text(f"Model at epoch {shown} (JSON)")
        assert not downloads
        model_button(pg).focus()
        assert saved_epoch(pg, lambda: pg.keyboard.press("Enter")) == shown
    finally:
        pg.context.close()


def test_a_changed_control_plays_the_new_run_briskly_and_end_skips(page: Page) -> None:
    settled(page)
    page.get_by_role("slider", name="Polynomial degree").focus()
    page.keyboard.press("ArrowLeft")  # degree 3 → 2
    expect(page.locator(".lrp-eq")).to_contain_text("x1²", timeout=20_000)
    wait_until(lambda: root_attr(page, "playing") == "true", "the new run playing", timeout=20)
    t0 = time.monotonic()
    assert int(root_attr(page, "epoch")) < 100  # from its start
    wait_until(lambda: root_attr(page, "playing") == "false", "the end", timeout=20)
    assert time.monotonic() - t0 < 6  # briskly: a few seconds, not the run's 10 s at 1×
    assert root_attr(page, "epoch") == "500"
    settled(page)
    expect(model_button(page)).to_contain_text("Model at epoch 500 (JSON)")
    page.locator(".lrp-reset").click()
    page.locator(".lrp-end").click()  # the trained model at once
    wait_until(lambda: root_attr(page, "epoch") == "500", "the end")
