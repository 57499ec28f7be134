"""The offline player file in a real headless Chromium: opened from disk (file://) with networking off
and every request that is not a file aborted and recorded, it plays the run with the app's own player
(Play, Pause, Step, Reset, the scrubber, both Plotly figures), follows the system's dark appearance,
keeps visitor text inert, and saves a chart as PNG from Plotly's own toolbar. Screenshots go to
artifacts/."""

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from browser_support import ROOT, streamlit_server, wait_until
from playwright.sync_api import Browser, expect

from playground.experiment import run_experiment
from playground.offline import offline_html
from playground.points import Points
from playground.settings import Settings
from playground.ui import plotly_js

pytestmark = pytest.mark.browser
SHOTS = ROOT / "artifacts"
VIEWPORT = {"width": 1280, "height": 720}
HOSTILE = "</script><img src=x onerror=alert(1)>"
LOCAL = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """The exported pages, written to disk as a visitor's download would be."""
    folder = tmp_path_factory.mktemp("offline")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    names = (HOSTILE, "<a href='http://127.0.0.1:9/x'>b</a>")
    points = Points(X, y, class_names=names, axis_names=("x1", HOSTILE))
    runs = {
        "default": (run_experiment(Settings()), {"epoch": 120}),
        "hostile": (
            run_experiment(replace(Settings(), upload="ab", degree=2, epochs=50), points),
            {"file_name": f'{HOSTILE}"><img src=y onerror=alert(2)>.csv'},
        ),
        "worst": (run_experiment(replace(Settings(), n_samples=5000, degree=6, epochs=5000)), {}),
        # issue 18: softmax runs of three classes
        "blobs3": (
            run_experiment(replace(Settings(), dataset="blobs", n_classes=3, epochs=300)),
            {"epoch": 0},
        ),
        "iris3": (run_experiment(replace(Settings(), dataset="iris3", epochs=300)), {"epoch": 0}),
        "spiral6": (  # the largest K-class file the caps allow: 6 classes × 27 weights × 4961 epochs
            run_experiment(
                replace(Settings(), dataset="spiral", n_classes=6, n_samples=300, degree=6, epochs=5000)
            ),
            {"epoch": 0},
        ),
    }
    out = {}
    for name, (exp, kw) in runs.items():
        out[name] = folder / f"{name}.html"
        out[name].write_text(offline_html(exp, made=date(2025, 1, 31), **kw), encoding="utf-8")
    return out


class Offline:
    """A page opened from disk with networking off; what it tried to fetch, its errors, its dialogs."""

    def __init__(self, browser: Browser, path: Path, color_scheme: str = "light") -> None:
        self.context = browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme)
        self.context.set_offline(True)
        self.blocked: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        # a request or an eval that the page's Content-Security-Policy refused
        self.page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'policy refused ' + e.violatedDirective + ' ' + e.blockedURI))"
        )
        self.page.goto(path.as_uri())
        self.page.locator(".lrp-boundary.js-plotly-plot").wait_for(timeout=30_000)
        self.page.locator(".lrp-loss.js-plotly-plot").wait_for(timeout=30_000)
        wait_until(lambda: int(self.attr("frames")) >= 1, "the first frame")

    def _route(self, route) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def attr(self, name: str) -> str:
        return self.page.locator(".lrp-root").get_attribute(f"data-{name}")

    def epoch(self) -> int:
        return int(self.attr("epoch"))

    def boundary(self, script: str):
        return self.page.locator(".lrp-boundary").evaluate(script)

    def close(self) -> None:
        self.context.close()
        assert not self.errors, self.errors
        assert not self.blocked, self.blocked  # nothing tried to leave the machine
        assert all(u.startswith(LOCAL) for u in self.requests), self.requests
        assert not self.dialogs, self.dialogs


@pytest.fixture
def opened(browser: Browser, files) -> Iterator[Offline]:
    off = Offline(browser, files["default"])
    yield off
    off.close()


def colour(css: str) -> list[float]:
    return [float(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]


def test_it_plays_from_disk_with_networking_off(opened: Offline) -> None:
    page = opened.page
    assert page.url.startswith("file://")
    assert page.evaluate("window.Plotly.version") == plotly_js.version()  # the bundle inside the file
    assert page.locator(".lrp-root .js-plotly-plot").count() == 2
    assert opened.epoch() == 120  # where the visitor was when they downloaded it
    header = page.locator("header").inner_text()
    assert "Logistic Regression Playground" in header and "Optimizer Gradient descent" in header
    assert "made with the Logistic Regression Playground" in header and "2025-01-31" in header
    kinds = opened.boundary("gd => gd._fullLayout.images.map(i => i.source.slice(0, 15))")
    assert kinds == ["data:image/png;", "data:image/svg+", "data:image/svg+"]
    page.screenshot(path=SHOTS / "offline.png")

    page.locator(".lrp-reset").click()
    wait_until(lambda: opened.epoch() == 0, "epoch 0")
    before = opened.boundary("gd => gd.layout.images[0].source")
    page.locator(".lrp-play").click()
    time.sleep(1.0)
    assert opened.attr("playing") == "true"
    e1 = opened.epoch()
    assert e1 > 0
    time.sleep(0.5)
    assert opened.epoch() > e1
    assert opened.boundary("gd => gd.layout.images[0].source") != before  # the field moved

    page.locator(".lrp-play").click()  # pause
    assert opened.attr("playing") == "false"
    paused = opened.epoch()
    time.sleep(0.4)
    assert opened.epoch() == paused
    page.locator(".lrp-step").click()
    wait_until(lambda: opened.epoch() == paused + 1, "one step")

    # the scrubber: a value set as a script would, then a real drag by the mouse
    page.locator(".lrp-scrub").evaluate(
        "(s) => { s.value = '100'; s.dispatchEvent(new Event('input', {bubbles: true})); "
        "s.dispatchEvent(new Event('change', {bubbles: true})); }"
    )
    wait_until(lambda: opened.epoch() == 100, "epoch 100")
    expect(page.locator(".lrp-epoch")).to_have_text("100")
    box = page.locator(".lrp-scrub").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=8)
    page.mouse.up()
    wait_until(lambda: 300 < opened.epoch() < 450, f"a dragged epoch near 375 (shown: {opened.epoch()})")
    expect(page.locator(".lrp-scrublabel")).to_have_text(f"{opened.epoch()} / 500")
    page.screenshot(path=SHOTS / "offline-scrubbed.png")


def test_it_follows_the_systems_dark_appearance(browser: Browser, files) -> None:
    off = Offline(browser, files["default"], color_scheme="dark")
    try:
        page = off.page
        paper = colour(off.boundary("gd => gd._fullLayout.paper_bgcolor"))
        text = colour(off.boundary("gd => gd._fullLayout.font.color"))
        assert sum(paper) < 3 * 60 and sum(text) > 3 * 180  # light on dark
        body = colour(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        assert sum(body) < 3 * 60
        page.screenshot(path=SHOTS / "offline-dark.png")
        # the system switches to light while the page is open: the player follows
        page.emulate_media(color_scheme="light")
        wait_until(lambda: sum(colour(off.boundary("gd => gd._fullLayout.paper_bgcolor"))) > 3 * 240, "light")
        assert sum(colour(page.evaluate("getComputedStyle(document.body).backgroundColor"))) > 3 * 240
    finally:
        off.close()


def test_visitor_text_stays_text(browser: Browser, files) -> None:
    off = Offline(browser, files["hostile"])
    try:
        page = off.page
        # no element the visitor's text could have made, in the page or in the player's shadow root
        made = page.evaluate(
            """() => {
                 const roots = [document, document.getElementById('lrp-host').shadowRoot];
                 const tags = 'img, iframe, object, embed, a[href], base';
                 return roots.flatMap(r => [...r.querySelectorAll(tags)]).map(e => e.outerHTML.slice(0, 80));
               }"""
        )
        assert not made, made
        assert page.evaluate("document.scripts.length") == 3
        assert HOSTILE in page.locator("header").inner_text()  # the file's name, literally
        assert page.title().startswith(f"Logistic Regression Playground: {HOSTILE}")  # as text
        # the player got the names as data: its run holds them verbatim
        names = page.evaluate("JSON.parse(document.getElementById('lrp-run').textContent).class_names")
        assert names[0] == HOSTILE
        assert HOSTILE in page.locator(".lrp-boundary .legend").text_content()  # shown as text
        page.locator(".lrp-play").click()
        time.sleep(0.5)
        page.screenshot(path=SHOTS / "offline-hostile.png")
    finally:
        off.close()


def test_a_chart_saves_as_png_from_its_own_toolbar(opened: Offline) -> None:
    page = opened.page
    area = page.locator(".lrp-boundary .nsewdrag").first.bounding_box()
    page.mouse.move(area["x"] + 60, area["y"] + 60)  # the modebar shows on hover
    with page.expect_download() as info:
        page.locator(".lrp-boundary .modebar-btn[data-title='Download plot as a PNG']").click()
    data = info.value.path().read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # the field, not a blank image
    assert info.value.suggested_filename == "decision-boundary.png"


def test_the_worst_case_plays_with_webgl_points(browser: Browser, files) -> None:
    """5000 points (WebGL, through Plotly's regl), degree 6, the most epochs the caps allow."""
    off = Offline(browser, files["worst"])
    try:
        page = off.page
        assert set(off.boundary("gd => gd.data.slice(1, 5).map(t => t.type)")) == {"scattergl"}
        assert off.boundary("gd => gd.data.slice(1, 5).reduce((n, t) => n + t.x.length, 0)") == 5000
        page.locator(".lrp-reset").click()
        wait_until(lambda: off.epoch() == 0, "epoch 0")
        frames = int(off.attr("frames"))
        page.locator(".lrp-play").click()
        time.sleep(1.5)
        page.locator(".lrp-play").click()
        # the run's clock gives the first, long steps most of the time: few epochs, many frames
        assert off.epoch() > 3 and int(off.attr("frames")) > frames + 10
        page.screenshot(path=SHOTS / "offline-5000.png")
    finally:
        off.close()


def test_a_class_name_that_is_a_link_makes_no_link(browser: Browser, files) -> None:
    off = Offline(browser, files["hostile"])
    try:
        links = off.page.evaluate(
            """() => [...document.getElementById('lrp-host').shadowRoot.querySelectorAll('a')]
                 .map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))
                 .filter(u => u && u.includes('127.0.0.1:9'))"""
        )
        assert not links, links
    finally:
        off.close()


def test_the_playgrounds_button_downloads_a_file_that_plays_offline(browser: Browser, tmp_path) -> None:
    """The sidebar's button, in the app: the file is made on the click, at the epoch on screen."""
    with streamlit_server() as url:
        ctx = browser.new_context(viewport=VIEWPORT)
        page = ctx.new_page()
        try:
            page.goto(url + "/?epoch=200")
            page.locator(".lrp-boundary.js-plotly-plot").wait_for(timeout=60_000)
            wait_until(lambda: page.locator(".lrp-root").get_attribute("data-epoch") == "200", "epoch 200")
            # a step reports the epoch to the page (until the player reports one, the page's exports
            # take the run's last epoch), and the rerun draws the buttons for epoch 201
            page.locator(".lrp-step").click()

            def model_file() -> str:
                with page.expect_download(timeout=30_000) as model:
                    page.get_by_role("button", name="Model at epoch").click()
                return model.value.suggested_filename

            wait_until(lambda: model_file() == "model-epoch-201.json", "the buttons of epoch 201")
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name="Offline player at epoch 201 (HTML)").click()
            assert info.value.suggested_filename == "playground-run.html"
            path = tmp_path / "from-the-app.html"
            info.value.save_as(path)
        finally:
            ctx.close()
    assert 1.0e6 < path.stat().st_size < 2.0e6  # Plotly.js 1.3 MB + the run (≤ 2 MB)
    off = Offline(browser, path)
    try:
        assert off.epoch() == 201
        assert "Dataset Moons" in off.page.locator("header").inner_text()
    finally:
        off.close()


@pytest.mark.parametrize("run, K", [("blobs3", 3), ("iris3", 3), ("spiral6", 6)])
def test_a_k_class_run_plays_from_disk(browser: Browser, files, run: str, K: int) -> None:
    """A softmax run of three classes, and the largest six-class file (issue 18): the file opens at
    epoch 0 from disk with networking off, Play advances the epochs and moves the field, and nothing
    leaves the page or fails in it (the colours are the player's business, tested with the app's
    player)."""
    off = Offline(browser, files[run])
    try:
        page = off.page
        data = page.evaluate("JSON.parse(document.getElementById('lrp-run').textContent)")
        assert data["n_classes"] == K and len(data["class_names"]) == K
        header = page.locator("header").inner_text()
        assert f"Classes {K}" in header
        if run == "iris3":
            assert "Classes 3 (setosa, versicolor, virginica)" in header and "Iris: three species" in header
        assert off.epoch() == 0
        before = off.boundary("gd => gd.layout.images[0].source")
        page.locator(".lrp-play").click()
        wait_until(lambda: off.epoch() > 0, "the first epochs")
        e1 = off.epoch()
        time.sleep(0.6)
        assert off.epoch() > e1  # it keeps playing
        assert off.boundary("gd => gd.layout.images[0].source") != before  # the field moved
        page.locator(".lrp-play").click()  # pause
        page.locator(".lrp-scrub").evaluate(
            "(s, e) => { s.value = e; s.dispatchEvent(new Event('input', {bubbles: true})); "
            "s.dispatchEvent(new Event('change', {bubbles: true})); }",
            str(data["n_epochs"]),
        )
        wait_until(lambda: off.epoch() == data["n_epochs"], "the last epoch")
        page.screenshot(path=SHOTS / f"offline-{run}.png")
    finally:
        off.close()  # no page error, no request but the file's own


def test_a_k_class_links_button_downloads_a_file_that_plays_offline(browser: Browser, tmp_path) -> None:
    """A link with n_classes (issue 18), paused at an epoch: the sidebar's button makes the three-class
    file of that epoch, and it plays from disk."""
    with streamlit_server() as url:
        ctx = browser.new_context(viewport=VIEWPORT)
        page = ctx.new_page()
        try:
            page.goto(url + "/?dataset=blobs&n_classes=3&epoch=50")
            page.locator(".lrp-boundary.js-plotly-plot").wait_for(timeout=60_000)
            wait_until(lambda: page.locator(".lrp-root").get_attribute("data-epoch") == "50", "epoch 50")
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name="Offline player at epoch 50 (HTML)").click()
            path = tmp_path / "three-blobs.html"
            info.value.save_as(path)
        finally:
            ctx.close()
    off = Offline(browser, path)
    try:
        assert off.epoch() == 50
        header = off.page.locator("header").inner_text()
        assert "Dataset Blobs" in header and "Classes 3" in header
        data = off.page.evaluate("JSON.parse(document.getElementById('lrp-run').textContent)")
        assert data["n_classes"] == 3
        off.page.locator(".lrp-play").click()
        wait_until(lambda: off.epoch() > 50, "playing on from epoch 50")
    finally:
        off.close()
